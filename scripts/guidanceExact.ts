/**
 * The exact guided field's figures for docs/guidance.md: per-class exact W2 of particles
 * integrated (Euler, 100 steps, OT path) through (1 + w) u*(x | c) − w u*(x) built on 1 000
 * target points, against fresh class-c points. No network: what a perfect conditional network
 * would sample. `node --import tsx scripts/guidanceExact.ts`
 */
import { DATASETS } from '../src/flow/datasets';
import { classPoints, guidedMarginalVelocity } from '../src/flow/guidance';
import { w2Exact } from '../src/flow/metrics';
import { createRng, sampleNormal } from '../src/flow/rng';
import { makeScheduler } from '../src/flow/schedulers';
import { integrate } from '../src/flow/solvers';

const ot = makeScheduler('ot');
for (const id of ['moons', '8gaussians'] as const) {
  const ds = DATASETS[id];
  const labels = new Uint8Array(1000);
  const target = ds.sample(1000, createRng(1), labels);
  const freshLabels = new Uint8Array(8000);
  const fresh = ds.sample(8000, createRng(2), freshLabels);
  const per = id === 'moons' ? 400 : 100;
  for (const w of [0, 1, 3, 8]) {
    const w2: number[] = [];
    for (let c = 0; c < ds.classes; c++) {
      const v = guidedMarginalVelocity(ot, target, labels, c, w);
      const x0 = sampleNormal(per, createRng(5 + c));
      const { x } = integrate(v, x0, { solver: 'euler', steps: 100 });
      w2.push(w2Exact(x, classPoints(fresh, freshLabels, c).slice(0, 2 * per)));
    }
    const mean = w2.reduce((a, b) => a + b, 0) / w2.length;
    console.log(
      `${id} w=${w} mean W2 ${mean.toFixed(4)}  per class ${w2.map((v) => v.toFixed(3)).join(' ')}`,
    );
  }
}
