/**
 * `npm run pretrained [-- --steps 3000 --only moons-ot,rings-vp]`: trains the networks
 * the app shows on first paint (src/state/pretrained.ts lists them) with the playground's
 * own setup (the target it samples, default network, batch, learning rate), headless on
 * WASM, and writes them 8-bit quantized to public/pretrained/. Reproducible: the seed is the
 * app's default seed (the one the files are offered for), so the same step count gives the
 * same files. Prints, per network, the exact W2 of 1 000 samples of
 * the learned flow to fresh target points with the float weights and with the 8-bit ones
 * (the same noise), so the quantization's effect on the flow is a measured number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATASETS } from '../src/flow/datasets';
import { createRng, restoreRng } from '../src/flow/rng';
import { initBackend } from '../src/model/backend';
import { createMlp } from '../src/model/mlp';
import { Trainer } from '../src/model/trainer';
import { parseModelFile, quantizeModelFile, toModelFile } from '../src/model/weights';
import { PRETRAINED, PRETRAINED_DIR, type PretrainedEntry } from '../src/state/pretrained';
import { DEFAULT_SETTINGS, PRESET_POINTS } from '../src/state/settings';
import { scoreSamples } from './headless';

const OUT = resolve('public', PRETRAINED_DIR);
/** The weight average the shipped flows are sampled from (a steadier picture than the last step). */
const EMA = 0.99;
const WEIGHT_DECAY = 1e-5;

function parseArgs(argv: string[]): { steps: number; only: Set<string> | null } {
  const opts = { steps: 3000, only: null as Set<string> | null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--steps') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`--steps needs a whole number ≥ 1, got "${value}"`);
      opts.steps = n;
    } else if (flag === '--only' && value) {
      opts.only = new Set(value.split(',').map((s) => `${s.replace(/\.json$/, '')}.json`));
      const unknown = [...opts.only].filter((f) => !PRETRAINED.some((e) => e.file === f));
      if (unknown.length) throw new Error(`--only: no such network ${unknown.join(', ')}`);
    } else {
      throw new Error(`unknown flag "${flag}" (flags: --steps N --only moons-ot,rings-vp)`);
    }
  }
  return opts;
}

async function pretrainOne(e: PretrainedEntry, steps: number, seed: number) {
  const d = DEFAULT_SETTINGS;
  // The points the playground trains on for this preset and seed (state/target.ts).
  const target = DATASETS[e.dataset].sample(PRESET_POINTS, createRng(seed));
  const architecture = {
    width: d.width,
    depth: d.depth,
    activation: d.activation,
    timeEncoding: 'linear' as const,
  };
  const trainer = new Trainer(
    {
      model: architecture,
      scheduler: e.scheduler,
      coupling: e.coupling,
      batch: d.batch,
      lr: d.lr,
      weightDecay: WEIGHT_DECAY,
      ema: EMA,
      seed,
    },
    target,
  );
  const started = performance.now();
  while (trainer.step < steps) {
    trainer.trainSteps(Math.min(200, steps - trainer.step));
    const stats = await trainer.readStats();
    if (stats.status === 'diverged') throw new Error(`${e.file}: ${stats.message}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const meta = {
    architecture,
    scheduler: { id: trainer.scheduler.id, params: { ...trainer.scheduler.params } },
    dataset: e.dataset,
    seed,
    step: trainer.step,
  };
  const exact = await trainer.sampleMlp.getWeights();
  const file = quantizeModelFile(toModelFile(meta, exact), exact);
  // Scores: float and 8-bit weights on the same noise and the same fresh target points.
  const rng = createRng(seed + 1000);
  const fresh = DATASETS[e.dataset].sample(1000, rng.fork());
  const scoreState = rng.state();
  // The scores use the default fixed-step solver (the adaptive one is never the default).
  const opts = { solver: d.solver === 'dopri5' ? 'euler' : d.solver, nfe: d.steps, seed };
  const float = await scoreSamples(trainer.sampleMlp, trainer.scheduler, opts, rng, fresh);
  const packed = createMlp(architecture, seed);
  packed.setWeights(parseModelFile(JSON.parse(JSON.stringify(file))).weights);
  const q = await scoreSamples(packed, trainer.scheduler, opts, restoreRng(scoreState), fresh);
  packed.dispose();
  trainer.dispose();
  const text = JSON.stringify(file);
  writeFileSync(resolve(OUT, e.file), text);
  return { seconds, w2: float.w2, w2q: q.w2, bytes: text.length };
}

async function main(): Promise<void> {
  const { steps, only } = parseArgs(process.argv.slice(2));
  const seed = DEFAULT_SETTINGS.seed;
  await initBackend('wasm');
  mkdirSync(OUT, { recursive: true });
  console.log(`${steps} steps, seed ${seed}, weight average ${EMA}, into ${OUT}`);
  console.log('| network | train s | W2 float | W2 8-bit | bytes |\n|---|---|---|---|---|');
  let total = 0;
  for (const e of PRETRAINED) {
    if (only && !only.has(e.file)) continue;
    const r = await pretrainOne(e, steps, seed);
    total += r.bytes;
    const w = (v: number) => v.toFixed(3);
    console.log(`| ${e.file} | ${r.seconds.toFixed(0)} | ${w(r.w2)} | ${w(r.w2q)} | ${r.bytes} |`);
  }
  console.log(`total ${total} bytes`);
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(2);
});
