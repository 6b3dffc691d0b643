import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../flow/datasets';
import { createRng } from '../../flow/rng';
import { makeScheduler } from '../../flow/schedulers';
import { BatchSampler } from '../batch';
import { ACTIVATIONS, initialWeights, type Activation } from '../mlp';
import type { TrainerConfig } from '../trainerConfig';
import { FusedTrainer } from './fusedTrainer';

const SELU_L = 1.0507009873554805;
const SELU_LA = 1.7580993408473766;
const GC = Math.sqrt(2 / Math.PI);

/** act(z) and act′(z) in float64, straight from the definitions in model/layers.ts. */
function act(a: Activation, z: number): [number, number] {
  switch (a) {
    case 'silu': {
      const s = 1 / (1 + Math.exp(-z));
      return [z * s, s * (1 + z * (1 - s))];
    }
    case 'selu':
      return z > 0 ? [SELU_L * z, SELU_L] : [SELU_LA * (Math.exp(z) - 1), SELU_LA * Math.exp(z)];
    case 'relu':
      return z > 0 ? [z, 1] : [0, 0];
    case 'tanh':
      return [Math.tanh(z), 1 - Math.tanh(z) ** 2];
    case 'gelu': {
      const th = Math.tanh(GC * (z + 0.044715 * z ** 3));
      const du = GC * (1 + 3 * 0.044715 * z * z);
      return [0.5 * z * (1 + th), 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * du];
    }
  }
}

/** The CFM loss of the MLP (W_l as [in][out] row-major) and, by backpropagation, its gradient. */
function lossAndGrad(
  a: Activation,
  w: Float64Array[],
  x: number[][],
  u: number[][],
): { loss: number; grad: Float64Array[] } {
  const L = w.length / 2;
  const n = x.length;
  const grad = w.map((t) => new Float64Array(t.length));
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const hs: number[][] = [x[i]!];
    const ds: number[][] = [];
    for (let l = 0; l < L; l++) {
      const W = w[2 * l]!;
      const b = w[2 * l + 1]!;
      const h = hs[l]!;
      const out = b.length;
      const z = Array.from(b);
      for (let k = 0; k < h.length; k++)
        for (let j = 0; j < out; j++) z[j]! += h[k]! * W[k * out + j]!;
      if (l === L - 1) hs.push(z);
      else {
        const pairs = z.map((v) => act(a, v));
        hs.push(pairs.map((p) => p[0]));
        ds.push(pairs.map((p) => p[1]));
      }
    }
    const y = hs[L]!;
    let dz = y.map((v, j) => (2 * (v - u[i]![j]!)) / (2 * n));
    loss += y.reduce((s, v, j) => s + (v - u[i]![j]!) ** 2, 0) / (2 * n);
    for (let l = L - 1; l >= 0; l--) {
      const W = w[2 * l]!;
      const h = hs[l]!;
      const out = dz.length;
      for (let k = 0; k < h.length; k++)
        for (let j = 0; j < out; j++) grad[2 * l]![k * out + j]! += h[k]! * dz[j]!;
      for (let j = 0; j < out; j++) grad[2 * l + 1]![j]! += dz[j]!;
      if (l > 0) {
        const dh = h.map((_, k) => dz.reduce((s, d, j) => s + d * W[k * out + j]!, 0));
        dz = dh.map((v, k) => v * ds[l - 1]![k]!);
      }
    }
  }
  return { loss, grad };
}

const moons = DATASETS.moons.sample(500, createRng(4));

describe('fused gradients against a float64 reference', () => {
  it.each(ACTIVATIONS.map((a, i) => [a, [16, 24, 32, 20, 16][i]!, [2, 3, 1, 4, 6][i]!] as const))(
    '%s, width %i, depth %i',
    async (activation, width, depth) => {
      const cfg: TrainerConfig = {
        model: { width, depth, activation, timeEncoding: 'linear' },
        scheduler: 'ot',
        coupling: 'independent',
        batch: 13,
        lr: 1e-3,
        weightDecay: 0,
        seed: 9,
      };
      // The trainer's first batch: same seed, same stream.
      const b = new BatchSampler(cfg.batch).sample(
        makeScheduler('ot'),
        moons,
        'independent',
        createRng(cfg.seed),
      );
      const x = Array.from({ length: cfg.batch }, (_, i) => [
        b.xt[2 * i]!,
        b.xt[2 * i + 1]!,
        b.t[i]!,
      ]);
      const u = Array.from({ length: cfg.batch }, (_, i) => [b.u[2 * i]!, b.u[2 * i + 1]!]);
      const w = initialWeights(cfg.model, cfg.seed).map((t) => Float64Array.from(t));
      const ref = lossAndGrad(activation, w, x, u);

      // The backpropagated reference agrees with central finite differences.
      const rng = createRng(1);
      for (let p = 0; p < w.length; p++) {
        for (let r = 0; r < 4; r++) {
          const j = rng.int(w[p]!.length);
          const keep = w[p]![j]!;
          const h = 1e-6;
          w[p]![j] = keep + h;
          const up = lossAndGrad(activation, w, x, u).loss;
          w[p]![j] = keep - h;
          const down = lossAndGrad(activation, w, x, u).loss;
          w[p]![j] = keep;
          expect(Math.abs((up - down) / (2 * h) - ref.grad[p]![j]!)).toBeLessThan(1e-7);
        }
      }

      // The fused step's first moments are (1 − β1)·g (float32): g to 1e-5 of the largest entry.
      const trainer = new FusedTrainer(cfg, moons);
      trainer.trainSteps(1);
      const stats = await trainer.readStats();
      expect(Math.abs(stats.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
      const ckpt = await trainer.checkpoint();
      const m = ckpt.optimizer.slice(1, 1 + w.length);
      let diff = 0;
      let scale = 0;
      ref.grad.forEach((g, p) =>
        g.forEach((v, j) => {
          diff = Math.max(diff, Math.abs(m[p]!.data[j]! / Math.fround(0.1) - v));
          scale = Math.max(scale, Math.abs(v));
        }),
      );
      expect(diff / scale).toBeLessThan(1e-5);
      trainer.dispose();
    },
  );
});

describe('fused gradients of a conditional network against a float64 reference', () => {
  it('one-hot label rows (∅ = zeros) get their gradients too', async () => {
    const labels = new Uint8Array(500);
    DATASETS.moons.sample(500, createRng(4), labels);
    const cfg: TrainerConfig = {
      model: { width: 16, depth: 2, activation: 'tanh', timeEncoding: 'linear', classes: 2 },
      scheduler: 'ot',
      coupling: 'independent',
      batch: 13,
      lr: 1e-3,
      weightDecay: 0,
      labelDrop: 0.3,
      seed: 9,
    };
    const b = new BatchSampler(cfg.batch, { labels, labelDrop: 0.3 }).sample(
      makeScheduler('ot'),
      moons,
      'independent',
      createRng(cfg.seed),
    );
    expect(b.labels!.includes(255)).toBe(true);
    const x = Array.from({ length: cfg.batch }, (_, i) => [
      b.xt[2 * i]!,
      b.xt[2 * i + 1]!,
      b.t[i]!,
      b.labels![i] === 0 ? 1 : 0,
      b.labels![i] === 1 ? 1 : 0,
    ]);
    const u = Array.from({ length: cfg.batch }, (_, i) => [b.u[2 * i]!, b.u[2 * i + 1]!]);
    const w = initialWeights(cfg.model, cfg.seed).map((t) => Float64Array.from(t));
    const ref = lossAndGrad('tanh', w, x, u);
    // Finite differences on the label rows of W_1 (rows 3 and 4).
    for (const j of [3 * 16, 3 * 16 + 5, 4 * 16 + 2, 4 * 16 + 15]) {
      const keep = w[0]![j]!;
      w[0]![j] = keep + 1e-6;
      const up = lossAndGrad('tanh', w, x, u).loss;
      w[0]![j] = keep - 1e-6;
      const down = lossAndGrad('tanh', w, x, u).loss;
      w[0]![j] = keep;
      expect(Math.abs((up - down) / 2e-6 - ref.grad[0]![j]!)).toBeLessThan(1e-7);
      expect(Math.abs(ref.grad[0]![j]!)).toBeGreaterThan(1e-6);
    }
    const trainer = new FusedTrainer(cfg, moons, undefined, labels);
    trainer.trainSteps(1);
    const stats = await trainer.readStats();
    expect(Math.abs(stats.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    const m = (await trainer.checkpoint()).optimizer.slice(1, 1 + w.length);
    let diff = 0;
    let scale = 0;
    ref.grad.forEach((g, p) =>
      g.forEach((v, j) => {
        diff = Math.max(diff, Math.abs(m[p]!.data[j]! / Math.fround(0.1) - v));
        scale = Math.max(scale, Math.abs(v));
      }),
    );
    expect(diff / scale).toBeLessThan(1e-5);
    trainer.dispose();
  });
});
