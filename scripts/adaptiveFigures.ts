/**
 * The README's figures for the adaptive solver and the exact likelihood, measured on the
 * shipped pretrained moons networks (public/pretrained/, the ones the playground shows first):
 *
 *   node --import tsx --import ./scripts/node/register.mjs scripts/adaptiveFigures.ts
 *
 * For each network: Dormand–Prince 5(4) on 2 000 particles at two tolerances (NFE per particle:
 * mean, fewest, most; exact W2 to 2 000 fresh moons points), and the mean log-likelihood of
 * 1 000 held-out moons points (the Density view's measurement) with RK4 at 32 steps (and
 * 128 for the first network, to check that 32 suffice).
 */
import { readFileSync } from 'node:fs';
import { DATASETS } from '../src/flow/datasets';
import { w2Exact } from '../src/flow/metrics';
import { createRng, sampleNormal } from '../src/flow/rng';
import { makeScheduler } from '../src/flow/schedulers';
import { initBackend } from '../src/model/backend';
import { createMlp } from '../src/model/mlp';
import { sampleAdaptive } from '../src/model/sampler';
import { parseModelFile } from '../src/model/weights';
import { likelihoodScore } from './headless';

const FILES = ['moons-ot', 'moons-ot-otpairs', 'moons-vp', 'moons-ve'];

async function main() {
  await initBackend('wasm');
  const fresh = DATASETS.moons.sample(2000, createRng(101));
  const heldOut = DATASETS.moons.sample(1000, createRng(102));
  const train = DATASETS.moons.sample(2000, createRng(1));
  for (const name of FILES) {
    const json: unknown = JSON.parse(readFileSync(`public/pretrained/${name}.json`, 'utf8'));
    const { file, weights } = parseModelFile(json);
    const mlp = createMlp(file.architecture, 1);
    mlp.setWeights(weights);
    const s = makeScheduler(file.scheduler.id, file.scheduler.params);
    const x0 = sampleNormal(2000, createRng(100), s.sourceScale);
    for (const tol of [1e-3, 1e-5]) {
      const started = performance.now();
      const r = await sampleAdaptive(mlp, x0, { tol, scheduler: s });
      const ms = performance.now() - started;
      const nfe = Array.from(r.nfe);
      const mean = nfe.reduce((a, b) => a + b, 0) / nfe.length;
      console.log(
        `${name} tol ${tol}: NFE mean ${mean.toFixed(1)}, fewest ${Math.min(...nfe)}, most ` +
          `${Math.max(...nfe)}; exact W2 ${w2Exact(r.x, fresh).toFixed(4)} (${(ms / 1000).toFixed(1)} s)`,
      );
    }
    // Does 32 steps suffice? Checked against 128 on the first network.
    for (const steps of name === FILES[0] ? [32, 128] : [32]) {
      const ll = await likelihoodScore(mlp, s, train, heldOut, steps);
      console.log(
        `${name} log-likelihood, RK4 ${steps} steps: ${ll.mean.toFixed(4)} nats ` +
          `(KDE ${ll.kdeMean.toFixed(4)}; ${ll.seconds.toFixed(1)} s)`,
      );
    }
    mlp.dispose();
  }
}

void main();
