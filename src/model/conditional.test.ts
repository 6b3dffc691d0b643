/**
 * Class-conditional networks (docs/guidance.md): the one-hot input, labelled batches with
 * label drop, the fused WASM step against the tfjs step on conditional batches, guided
 * sampling on both engines, and that a briefly trained network sends class c to class c.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { NULL_LABEL } from '../flow/guidance';
import { createRng, sampleNormal } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import { BatchSampler } from './batch';
import { FusedTrainer } from './fused/fusedTrainer';
import { createMlp, initialWeights, inputSize, oneHotRows, validateMlpConfig } from './mlp';
import { sampleAdaptive, sampleFlow, velocityAt } from './sampler';
import { twoBlobs, useNodeBackend } from './testing';
import { Trainer, type TrainerConfig } from './trainer';

const labels = new Uint8Array(1200);
const moons = DATASETS.moons.sample(1200, createRng(3), labels);
const ot = makeScheduler('ot');

const config = (extra: Partial<TrainerConfig> = {}): TrainerConfig => ({
  model: { width: 32, depth: 2, activation: 'silu', timeEncoding: 'linear', classes: 2 },
  scheduler: 'ot',
  coupling: 'independent',
  batch: 64,
  lr: 2e-3,
  weightDecay: 1e-3,
  labelDrop: 0.2,
  seed: 5,
  ...extra,
});

/** max |a − b| / max |b|. */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

describe('conditional network: config and batches', () => {
  it('takes one-hot labels as extra inputs and validates the class count', () => {
    const base = config().model;
    expect(inputSize(base)).toBe(2 + 1 + 2);
    expect(inputSize({ ...base, timeEncoding: 'fourier', classes: 8 })).toBe(2 + 7 + 8);
    expect(inputSize({ ...base, classes: undefined })).toBe(3);
    expect(validateMlpConfig({ ...base, classes: 1 })).toMatch(/classes must be 0.*2 to 8/);
    expect(validateMlpConfig({ ...base, classes: 9 })).toMatch(/got 9/);
    expect(validateMlpConfig({ ...base, classes: 0 })).toBeNull();
    expect(Array.from(oneHotRows([1, NULL_LABEL, 0], 2))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('labels each row with its x1; label drop draws after the batch, leaving it unchanged', () => {
    const draw = (
      opts: ConstructorParameters<typeof BatchSampler>[1],
      coupling: 'ot' | 'independent',
    ) => new BatchSampler(96, opts).sample(ot, moons, coupling, createRng(9));
    for (const coupling of ['independent', 'ot'] as const) {
      const plain = draw({}, coupling);
      const kept = draw({ labels }, coupling);
      const dropped = draw({ labels, labelDrop: 0.5 }, coupling);
      if (coupling === 'independent') {
        // Same stream as an unconditional run: identical xt, t, u.
        expect(Array.from(kept.xt)).toEqual(Array.from(plain.xt));
        expect(Array.from(kept.u)).toEqual(Array.from(plain.u));
      }
      expect(Array.from(dropped.xt)).toEqual(Array.from(kept.xt));
      // OT: x1 = xt + (1 − t) u, and x1's label is the row's label (pairing within classes).
      for (let i = 0; i < 96; i++) {
        const t = kept.t[i]!;
        const x1 = [
          kept.xt[2 * i]! + (1 - t) * kept.u[2 * i]!,
          kept.xt[2 * i + 1]! + (1 - t) * kept.u[2 * i + 1]!,
        ];
        let best = 0;
        let bestD = Infinity;
        for (let j = 0; j < 1200; j++) {
          const d = (moons[2 * j]! - x1[0]!) ** 2 + (moons[2 * j + 1]! - x1[1]!) ** 2;
          if (d < bestD) [best, bestD] = [j, d];
        }
        expect(bestD).toBeLessThan(1e-8);
        expect(kept.labels![i]).toBe(labels[best]);
      }
      const nulls = dropped.labels!.filter((c) => c === NULL_LABEL).length;
      expect(nulls).toBeGreaterThan(25);
      expect(nulls).toBeLessThan(71);
      dropped.labels!.forEach((c, i) => c !== NULL_LABEL && expect(c).toBe(kept.labels![i]));
    }
  });

  it('refuses a conditional trainer without labels or with bad ones, and bad label drop', () => {
    expect(() => new Trainer(config(), moons)).toThrow(/needs a class label for every/);
    expect(() => new Trainer(config(), moons, undefined, labels.subarray(0, 10))).toThrow(
      /expected 1200 labels/,
    );
    expect(() => new Trainer(config(), moons, undefined, new Uint8Array(1200).fill(2))).toThrow(
      /label 2 at point 0/,
    );
    expect(() => new Trainer(config({ labelDrop: 1 }), moons, undefined, labels)).toThrow(
      /label drop probability must be in \[0, 1\)/,
    );
  });
});

describe('conditional network: fused WASM against tfjs', () => {
  beforeAll(() => useNodeBackend());

  it.each([
    ['independent pairs', {}],
    ['minibatch OT within classes, Fourier features, an odd batch', { coupling: 'ot', batch: 61 }],
  ] as [string, Partial<TrainerConfig>][])('%s: 5 steps agree', async (_, extra) => {
    const cfg = config(extra);
    if (extra.coupling === 'ot') cfg.model = { ...cfg.model, timeEncoding: 'fourier' };
    const ref = new Trainer(cfg, moons, undefined, labels);
    const fused = new FusedTrainer(cfg, moons, undefined, labels);
    ref.trainSteps(5);
    fused.trainSteps(5);
    const [r, f] = [await ref.readStats(), await fused.readStats()];
    const [cr, cf] = [await ref.checkpoint(), await fused.checkpoint()];
    expect(Math.abs(f.loss - r.loss) / r.loss).toBeLessThan(1e-5);
    expect(relError(cf.weights.flat(), cr.weights.flat())).toBeLessThan(1e-5);
    // The label rows of W_1 (after x, y, t) moved away from their initial values.
    const init = initialWeights(cfg.model, cfg.seed)[0]!;
    const labelRow = (w: ArrayLike<number>) => Array.from(w).slice(-2 * 32);
    expect(relError(labelRow(cr.weights[0]!), labelRow(init))).toBeGreaterThan(1e-3);
    expect(cf.rngState).toEqual(cr.rngState);
    ref.dispose();
    fused.dispose();
  });

  it('guided sampling agrees on both engines, counts two evaluations, leaks no tensors', async () => {
    const cfg = config();
    const fused = new FusedTrainer(cfg, moons, undefined, labels);
    fused.trainSteps(20);
    await fused.readStats();
    const tfjsCopy = createMlp(cfg.model, 0);
    tfjsCopy.setWeights(await fused.mlp.getWeights());
    const x0 = sampleNormal(301, createRng(2));
    const lab = Uint8Array.from({ length: 301 }, (_, i) => [0, 1, NULL_LABEL][i % 3]!);
    const before = tf.memory().numTensors;
    for (const guidance of [0, 3]) {
      for (const solver of ['euler', 'rk4'] as const) {
        const opts = { solver, steps: 6, scheduler: fused.scheduler, labels: lab, guidance };
        const a = await sampleFlow(fused.mlp, x0, opts);
        const b = await sampleFlow(tfjsCopy, x0, opts);
        expect(relError(a.x, b.x)).toBeLessThan(1e-5);
        expect(a.nfe).toBe(b.nfe);
        expect(a.nfe).toBe((solver === 'euler' ? 6 : 24) * (guidance > 0 ? 2 : 1));
      }
      const opts = { tol: 1e-3, scheduler: fused.scheduler, labels: lab, guidance };
      const [a, b] = [
        await sampleAdaptive(fused.mlp, x0, opts),
        await sampleAdaptive(tfjsCopy, x0, opts),
      ];
      expect(relError(a.x, b.x)).toBeLessThan(1e-4);
      if (guidance > 0) expect(a.nfe.every((k) => k % 2 === 0)).toBe(true);
    }
    // The guided field is (1 + w) v_c − w v_∅ of the network's own fields.
    const grid = Float32Array.from([0.2, 0.1, -1, 0.5]);
    const c1 = Uint8Array.from([1, 1]);
    const vc = await velocityAt(tfjsCopy, grid, 0.4, { labels: c1 });
    const vn = await velocityAt(tfjsCopy, grid, 0.4, {
      labels: Uint8Array.from([NULL_LABEL, NULL_LABEL]),
    });
    const vg = await velocityAt(fused.mlp, grid, 0.4, { labels: c1, guidance: 2 });
    for (let i = 0; i < 4; i++) expect(vg[i]).toBeCloseTo(3 * vc[i]! - 2 * vn[i]!, 4);
    expect(Math.abs(vc[0]! - vn[0]!)).toBeGreaterThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      sampleFlow(tfjsCopy, x0, {
        solver: 'euler',
        steps: 2,
        scheduler: ot,
        labels: lab.subarray(0, 5),
      }),
    ).rejects.toThrow(/expected 301 labels/);
    tfjsCopy.dispose();
    fused.dispose();
  });
});

describe('conditional network: training sends class c to class c', () => {
  beforeAll(() => useNodeBackend());

  it('two well-separated blobs: guided class-c samples land on class c', async () => {
    const { target, labels: lab } = twoBlobs(400, 11);
    const cfg = config({
      batch: 128,
      lr: 5e-3,
      weightDecay: 0,
      model: { ...config().model, width: 48 },
    });
    const trainer = new FusedTrainer(cfg, target, undefined, lab);
    await trainer.train(600);
    const m = 400;
    const want = Uint8Array.from({ length: m }, (_, i) => i % 2);
    const x0 = sampleNormal(m, createRng(4));
    for (const guidance of [0, 2]) {
      const r = await sampleFlow(trainer.sampleMlp, x0, {
        solver: 'rk4',
        steps: 20,
        scheduler: trainer.scheduler,
        labels: want,
        guidance,
      });
      let right = 0;
      for (let i = 0; i < m; i++) if ((r.x[2 * i]! > 0 ? 1 : 0) === want[i]) right++;
      expect(right / m, `w = ${guidance}`).toBeGreaterThan(0.9);
    }
    trainer.dispose();
  }, 60_000);
});
