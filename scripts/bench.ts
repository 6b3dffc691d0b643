/**
 * Benchmarks (figures go in the README; nothing here is a test):
 *   npm run bench                 speed: headless trainer vs PyTorch, side by side, same run
 *   npm run bench -- --browser    the built app in headless Chromium (run `npm run build` first)
 *   npm run bench -- --quality    W2 at 10 000 samples of the published protocol (MATH.md §5),
 *                                 4 runs × 20 000 steps (about 1.5 h on 2 cores); add --reuse to
 *                                 re-score runs saved by `npm run train --out bench-results/…`
 * Results are printed as Markdown and written to bench-results/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DATASETS } from '../src/flow/datasets';
import { w2Exact } from '../src/flow/metrics';
import { createRng } from '../src/flow/rng';
import { makeScheduler } from '../src/flow/schedulers';
import { initBackend } from '../src/model/backend';
import { createMlp } from '../src/model/mlp';
import { parseModelFile } from '../src/model/weights';
import { runTraining, scoreSamples, type TrainResult } from './headless';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './trainArgs';

const PUBLISHED: Record<string, number> = {
  'moons/independent': 0.178,
  'moons/ot': 0.13,
  'scurve/independent': 0.242,
  'scurve/ot': 0.144,
};

const machine = () =>
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;

function torchSpeed(steps: number): { steps_per_s: number; threads: number } | null {
  if (!existsSync('/usr/bin/python3')) return null;
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      ['scripts/bench/torch_cfm.py', '--steps', String(steps)],
      {
        encoding: 'utf8',
        timeout: 600_000,
      },
    );
    return JSON.parse(out.trim().split('\n').pop() ?? 'null');
  } catch {
    return null;
  }
}

async function speed(): Promise<void> {
  const steps = 2000;
  const protocol: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    steps,
    samples: 200,
    nfe: 10,
    quiet: true,
  };
  const ours = [];
  const torch = [];
  // Interleave the two so that drift of a shared machine hits both alike.
  for (let round = 0; round < 2; round++) {
    ours.push((await runTraining(protocol)).timings.stepsPerSecond);
    const t = torchSpeed(steps);
    if (t) torch.push(t.steps_per_s);
  }
  const wide = await runTraining({
    ...protocol,
    width: 128,
    activation: 'silu',
    batch: 1024,
    steps: 500,
  });
  const best = (xs: number[]) => Math.max(...xs);
  const lines = [
    `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| model | ours (tfjs WASM, Node) | PyTorch CPU | ratio |',
    '|---|---|---|---|',
    `| 3×64 SELU, batch 512 | ${best(ours).toFixed(0)} steps/s | ${torch.length ? best(torch).toFixed(0) + ' steps/s' : 'n/a'} | ${torch.length ? (best(ours) / best(torch)).toFixed(2) : 'n/a'} |`,
    `| 3×128 SiLU, batch 1024 | ${wide.timings.stepsPerSecond.toFixed(1)} steps/s | | |`,
    '',
    `All rounds: ours ${ours.map((v) => v.toFixed(0)).join(', ')}; PyTorch ${torch.map((v) => v.toFixed(0)).join(', ')}`,
  ];
  console.log(lines.join('\n'));
  writeFileSync('bench-results/speed.md', lines.join('\n') + '\n');
}

const SAMPLES = 10_000;

/** W2 of one protocol run at 10 000 samples: trains, or re-scores a saved `npm run train` file. */
async function protocolW2(dataset: 'moons' | 'scurve', coupling: 'independent' | 'ot') {
  const file = `bench-results/${dataset}-${coupling === 'ot' ? 'otcfm' : 'icfm'}.json`;
  const opts: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    dataset,
    coupling,
    steps: 20_000,
    quiet: true,
  };
  const fresh = DATASETS[dataset].sample(SAMPLES, createRng(303));
  if (process.argv.includes('--reuse') && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as TrainResult;
    await initBackend('wasm');
    const { file: model, weights } = parseModelFile(saved.model);
    const mlp = createMlp(model.architecture, model.seed);
    mlp.setWeights(weights);
    const scheduler = makeScheduler(model.scheduler.id, model.scheduler.params);
    const score = await scoreSamples(mlp, scheduler, opts, createRng(404), fresh);
    mlp.dispose();
    return { w2: score.w2, stepsPerSecond: saved.timings.stepsPerSecond, source: file };
  }
  if (process.argv.includes('--reuse')) return null; // --reuse scores saved runs only
  const r = await runTraining({ ...opts, samples: SAMPLES });
  writeFileSync(file, JSON.stringify(r));
  return { w2: r.w2, stepsPerSecond: r.timings.stepsPerSecond, source: 'trained now' };
}

async function quality(): Promise<void> {
  const rows = [];
  for (const dataset of ['moons', 'scurve'] as const) {
    const floor = w2Exact(
      DATASETS[dataset].sample(SAMPLES, createRng(101)),
      DATASETS[dataset].sample(SAMPLES, createRng(202)),
    );
    for (const coupling of ['independent', 'ot'] as const) {
      const r = await protocolW2(dataset, coupling);
      if (!r) continue;
      const method = coupling === 'ot' ? 'OT-CFM' : 'I-CFM';
      const published = PUBLISHED[`${dataset}/${coupling}`];
      rows.push(
        `| N→${dataset} | ${method} | **${r.w2.toFixed(3)}** | ${published} | ${floor.toFixed(3)} | ${r.stepsPerSecond.toFixed(0)} |`,
      );
      console.log(rows[rows.length - 1], r.source);
    }
  }
  const table = [
    `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| task | method | W2 ours | published | floor (two target samples) | training steps/s |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(table);
  writeFileSync('bench-results/quality.md', table + '\n');
}

mkdirSync('bench-results', { recursive: true });
if (process.argv.includes('--browser')) {
  const { browserBench } = await import('./bench/browser');
  const table = await browserBench();
  console.log(table);
  writeFileSync('bench-results/browser.md', table + '\n');
} else {
  await (process.argv.includes('--quality') ? quality() : speed());
}
process.exit(0);
