import { beforeAll, describe, expect, it } from 'vitest';
import { integrateAdaptive } from '../flow/adaptive';
import { DATASETS } from '../flow/datasets';
import { createRng, sampleNormal } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import { FusedTrainer } from './fused/fusedTrainer';
import { asVelocityFn, sampleAdaptive } from './sampler';
import { useNodeBackend } from './testing';
import { Trainer, type TrainerConfig } from './trainer';

const moons = DATASETS.moons.sample(1000, createRng(0));
const cfg: TrainerConfig = {
  model: { width: 16, depth: 2, activation: 'silu', timeEncoding: 'fourier' },
  scheduler: 'vp',
  coupling: 'independent',
  batch: 64,
  lr: 3e-3,
  weightDecay: 0,
  seed: 2,
};

describe('the adaptive sampler on the network', () => {
  beforeAll(() => useNodeBackend());

  it('takes the one-particle solver’s steps, batched, on the fused kernel and on tfjs', async () => {
    const [ref, fused] = [new Trainer(cfg, moons), new FusedTrainer(cfg, moons)];
    await ref.train(50);
    fused.sampleMlp.setWeights(await ref.sampleMlp.getWeights());
    const s = makeScheduler('vp');
    const x0 = sampleNormal(40, createRng(3));
    const tol = 1e-4;
    for (const mlp of [ref.sampleMlp, fused.sampleMlp]) {
      // The reference: each particle alone through dormandPrince, one network call per stage.
      const one = integrateAdaptive(asVelocityFn(mlp, s), x0, { rtol: tol, atol: tol });
      const r = await sampleAdaptive(mlp, x0, { tol, scheduler: s, frames: 5 });
      expect(Array.from(r.nfe)).toEqual(Array.from(one.nfe));
      r.x.forEach((v, i) => expect(v).toBeCloseTo(one.x[i]!, 5));
      expect(r.trajectory!.subarray(4 * 80)).toEqual(r.x);
      expect(Array.from(r.trajectory!.subarray(0, 80))).toEqual(Array.from(x0));
    }
    ref.dispose();
    fused.dispose();
  });
});
