import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../flow/datasets';
import { createRng, sampleNormal } from '../../flow/rng';
import { sampleFlow } from '../sampler';
import { ACTIVATIONS, createMlp, type Activation } from '../mlp';
import { useNodeBackend } from '../testing';
import { Trainer, type TrainerCheckpoint, type TrainerConfig } from '../trainer';
import { FusedTrainer } from './fusedTrainer';

const moons = DATASETS.moons.sample(2000, createRng(3));

const config = (
  activation: Activation,
  width: number,
  depth: number,
  extra: Partial<TrainerConfig> = {},
): TrainerConfig => ({
  model: { width, depth, activation, timeEncoding: 'linear' },
  scheduler: 'ot',
  coupling: 'independent',
  batch: 64,
  lr: 2e-3,
  weightDecay: 1e-3,
  seed: 5,
  ...extra,
});

/** max |a − b| / max |b| over one flattened list of tensors. */
function relError(a: number[][], b: number[][]): number {
  let diff = 0;
  let scale = 0;
  a.forEach((arr, i) =>
    arr.forEach((v, j) => {
      const w = b[i]![j]!;
      diff = Math.max(diff, Math.abs(v - w));
      scale = Math.max(scale, Math.abs(w));
    }),
  );
  return diff / scale;
}

/** Runs k steps on both trainers and returns their checkpoints and last losses. */
async function both(cfg: TrainerConfig, k: number) {
  const ref = new Trainer(cfg, moons);
  const fused = new FusedTrainer(cfg, moons);
  ref.trainSteps(k);
  fused.trainSteps(k);
  const [r, f] = [await ref.readStats(), await fused.readStats()];
  const [cr, cf] = [await ref.checkpoint(), await fused.checkpoint()];
  ref.dispose();
  fused.dispose();
  return { r, f, cr, cf };
}

const moments = (c: TrainerCheckpoint, from: number, to: number) =>
  c.optimizer.slice(from, to).map((o) => o.data);

describe('fused step vs the tfjs step', () => {
  beforeAll(() => useNodeBackend());

  it.each(ACTIVATIONS.map((a, i) => [a, [16, 64, 256, 48, 128][i]!, [1, 3, 2, 6, 4][i]!] as const))(
    '%s, width %i, depth %i: loss, gradients, weights and Adam moments agree',
    async (activation, width, depth) => {
      const cfg = config(activation, width, depth);
      const L = 2 * (depth + 1);
      const { r, f, cr, cf } = await both(cfg, 1);
      expect(Math.abs(f.loss - r.loss) / r.loss).toBeLessThan(1e-5);
      // After one step m = (1 − β1) g: the first moments are the gradients, scaled.
      expect(relError(moments(cf, 1, 1 + L), moments(cr, 1, 1 + L))).toBeLessThan(1e-5);
      expect(relError(moments(cf, 1 + L, 1 + 2 * L), moments(cr, 1 + L, 1 + 2 * L))).toBeLessThan(
        1e-5,
      );
      expect(relError(cf.weights, cr.weights)).toBeLessThan(1e-5);
    },
  );

  it.each([
    ['Adam with L2 decay', { optimizer: 'adam', weightDecay: 0.01 }],
    ['AdamW and a weight average', { optimizer: 'adamw', ema: 0.9 }],
    [
      'an odd batch, minibatch-OT pairs, the VP path',
      { batch: 61, coupling: 'ot', scheduler: 'vp' },
    ],
    [
      'Fourier time features',
      { model: { width: 32, depth: 2, activation: 'silu', timeEncoding: 'fourier' } },
    ],
  ] as [string, Partial<TrainerConfig>][])('%s: 5 steps agree', async (_, extra) => {
    const cfg = config('silu', 40, 3, extra);
    const L = 2 * (cfg.model.depth + 1);
    const { r, f, cr, cf } = await both(cfg, 5);
    expect(Math.abs(f.loss - r.loss) / r.loss).toBeLessThan(1e-5);
    expect(cf.optimizer[0]!.data).toEqual(cr.optimizer[0]!.data);
    expect(relError(moments(cf, 1, 1 + L), moments(cr, 1, 1 + L))).toBeLessThan(1e-5);
    expect(relError(moments(cf, 1 + L, 1 + 2 * L), moments(cr, 1 + L, 1 + 2 * L))).toBeLessThan(
      1e-5,
    );
    expect(relError(cf.weights, cr.weights)).toBeLessThan(1e-5);
    expect(cf.emaWeights === undefined).toBe(cr.emaWeights === undefined);
    if (cr.emaWeights) expect(relError(cf.emaWeights!, cr.emaWeights)).toBeLessThan(1e-5);
    expect(cf.rngState).toEqual(cr.rngState);
  });

  it('samples the same flow as the tfjs sampler on the same weights', async () => {
    const cfg = config('gelu', 48, 3, { ema: 0.99 });
    const fused = new FusedTrainer(cfg, moons);
    fused.trainSteps(30);
    await fused.readStats();
    const x0 = sampleNormal(1001, createRng(2));
    for (const solver of ['euler', 'rk4'] as const) {
      const opts = { solver, steps: 8, scheduler: fused.scheduler, record: true };
      const mine = await sampleFlow(fused.sampleMlp, x0, opts);
      // A tfjs network holding the same weights (the average: `sampleMlp`), through tfjs ops.
      const tfjsCopy = createMlp(cfg.model, 0);
      tfjsCopy.setWeights(await fused.sampleMlp.getWeights());
      const ref = await sampleFlow(tfjsCopy, x0, opts);
      tfjsCopy.dispose();
      expect(mine.frames).toBe(9);
      expect(mine.nfe).toBe(ref.nfe);
      expect(relError([Array.from(mine.trajectory!)], [Array.from(ref.trajectory!)])).toBeLessThan(
        1e-5,
      );
    }
    fused.dispose();
  });
});
