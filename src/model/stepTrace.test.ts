import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import type { SchedulerId } from '../flow/types';
import { FusedTrainer } from './fused/fusedTrainer';
import { pairedData, type StepTrace } from './stepTrace';
import { useNodeBackend } from './testing';
import { Trainer, type TrainerConfig } from './trainer';

const moons = DATASETS.moons.sample(600, createRng(0));
const base: TrainerConfig = {
  model: { width: 16, depth: 2, activation: 'silu', timeEncoding: 'linear' },
  scheduler: 'ot',
  coupling: 'independent',
  batch: 48,
  lr: 5e-3,
  weightDecay: 1e-4,
  ema: 0.99,
  seed: 3,
};

/** α_t, σ_t, α̇_t, σ̇_t written out from MATH.md §2 (independent of flow/schedulers.ts). */
function closedForm(id: SchedulerId, t: number): [number, number, number, number] {
  if (id === 'ot') return [t, 1 - t, 1, -1];
  if (id === 'vp') {
    const [bMin, bMax, s] = [0.1, 20, 1 - t];
    const T = bMin * s + 0.5 * (bMax - bMin) * s * s;
    const beta = bMin + (bMax - bMin) * s;
    const [a, g] = [Math.exp(-T / 2), Math.sqrt(1 - Math.exp(-T))];
    return [a, g, 0.5 * beta * a, (-0.5 * beta * Math.exp(-T)) / g];
  }
  // VE with the app's defaults σ_min = 0.01, σ_max = 10.
  const g = 0.01 * Math.pow(10 / 0.01, 1 - t);
  return [1, g, 0, -Math.log(10 / 0.01) * g];
}

const close = (a: number, b: number, tol: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

/** Checks every stage of a trace against the formulas, from nothing but its own arrays. */
function checkValues(trace: StepTrace, id: SchedulerId) {
  const x1p = pairedData(trace);
  for (let i = 0; i < trace.batch; i++) {
    const ti = trace.t[i]!;
    expect(ti).toBeGreaterThanOrEqual(0);
    expect(ti).toBeLessThanOrEqual(1);
    const [a, g, da, dg] = closedForm(id, ti);
    for (const c of [0, 1]) {
      const [x0, x1] = [trace.x0[2 * i + c]!, x1p[2 * i + c]!];
      close(trace.xt[2 * i + c]!, a * x1 + g * x0, 1e-5);
      close(trace.u[2 * i + c]!, da * x1 + dg * x0, 1e-4);
    }
  }
  // The loss the trainer computed is the mean of the per-point errors ½‖v − u‖².
  const mean = trace.err.reduce((s, e) => s + e, 0) / trace.batch;
  close(mean, trace.loss, 1e-5);
  let sq = 0;
  for (let i = 0; i < trace.v.length; i++) sq += (trace.v[i]! - trace.u[i]!) ** 2;
  close(sq / (2 * trace.batch), trace.loss, 1e-5);
  close(Math.hypot(...trace.layers.map((l) => l.updateNorm)), trace.updateNorm, 1e-6);
}

type Kind = typeof Trainer | typeof FusedTrainer;
const KINDS: [string, Kind][] = [
  ['tfjs', Trainer],
  ['fused', FusedTrainer],
];

describe.each(KINDS)('traceStep on the %s trainer', (_, Kind) => {
  beforeAll(() => useNodeBackend());

  it.each([
    ['ot', 'independent'],
    ['vp', 'independent'],
    ['ve', 'ot'],
    ['ot', 'ot'],
  ] as const)(
    '%s path, %s pairs: the same step as a normal one, values by the formulas',
    async (sch, coupling) => {
      const cfg: TrainerConfig = { ...base, scheduler: sch, coupling };
      const [a, b, c] = [new Kind(cfg, moons), new Kind(cfg, moons), new Kind(cfg, moons)];
      for (const tr of [a, b, c]) await tr.train(3);
      const before = await a.mlp.getWeights();
      const { trace, stats } = await a.traceStep();
      const normal = await b.train(1);
      // Same batch, same update: the weights, the average and the loss agree exactly.
      expect(await a.mlp.getWeights()).toEqual(await b.mlp.getWeights());
      expect(await a.sampleMlp.getWeights()).toEqual(await b.sampleMlp.getWeights());
      expect(trace.loss).toBe(normal.loss);
      expect(stats).toEqual(normal);
      expect(trace.step).toBe(4);
      checkValues(trace, sch);
      // v is the network before the update at the step's own (xt, t).
      const v = tf.tidy(() =>
        c.mlp.predict(tf.tensor2d(trace.xt, [cfg.batch, 2]), tf.tensor2d(trace.t, [cfg.batch, 1])),
      );
      const vData = await v.data();
      v.dispose();
      vData.forEach((x, i) => close(trace.v[i]!, x, 1e-5));
      // The update is the change of the weights, by tensor; the samples are real weights.
      const after = await a.mlp.getWeights();
      trace.layers.forEach((l, k) => {
        const d = after[k]!.map((w, i) => w - before[k]![i]!);
        close(l.updateNorm, Math.hypot(...d), 1e-6);
        close(l.norm, Math.hypot(...before[k]!), 1e-6);
      });
      expect(trace.updateNorm).toBeGreaterThan(0);
      for (const s of trace.samples) {
        const k = 2 * (Number(s.name.slice(1)) - 1);
        const cols = trace.layers[k]!.shape[1]!;
        expect(s.before).toBe(before[k]![s.row * cols + s.col]);
        expect(s.after).toBe(after[k]![s.row * cols + s.col]);
      }
      // The pairing: the identity for independent pairs, an optimal permutation for OT.
      const sorted = [...trace.perm].sort((x, y) => x - y);
      expect(sorted).toEqual(Array.from({ length: cfg.batch }, (_, i) => i));
      if (coupling === 'independent') expect([...trace.perm]).toEqual(sorted);
      else {
        const scale = sch === 've' ? 10 : 1;
        const cost = (x1: Float32Array) =>
          trace.x0.reduce((s, x, i) => s + (scale * x - x1[i]!) ** 2, 0);
        expect(cost(pairedData(trace))).toBeLessThanOrEqual(cost(trace.x1) + 1e-6);
        expect([...trace.perm]).not.toEqual(sorted);
      }
      // The run goes on as if the step had been a normal one (same RNG stream afterwards).
      await a.train(5);
      await b.train(5);
      expect(a.step).toBe(9);
      expect(await a.mlp.getWeights()).toEqual(await b.mlp.getWeights());
      expect(a.lossHistory).toEqual(b.lossHistory);
      for (const tr of [a, b, c]) tr.dispose();
    },
  );

  it('leaves the tensor count flat', async () => {
    const trainer = new Kind(base, moons);
    await trainer.traceStep();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await trainer.traceStep();
    await trainer.train(2);
    expect(tf.memory().numTensors).toBe(count);
    trainer.dispose();
  });
});
