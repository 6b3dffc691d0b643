import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { NULL_LABEL } from '../flow/guidance';
import { createRng } from '../flow/rng';
import { FusedTrainer } from './fused/fusedTrainer';
import { oneHotRows } from './mlp';
import { pairedData, traceBuffers } from './stepTrace';
import { useNodeBackend } from './testing';
import { Trainer, type TrainerConfig } from './trainer';

const labels = new Uint8Array(600);
const moons = DATASETS.moons.sample(600, createRng(0), labels);
const cfg: TrainerConfig = {
  model: { width: 16, depth: 2, activation: 'silu', timeEncoding: 'linear', classes: 2 },
  scheduler: 'ot',
  coupling: 'ot',
  batch: 96,
  lr: 5e-3,
  weightDecay: 1e-4,
  labelDrop: 0.3,
  seed: 3,
};

/** The label of the target point equal to (x, y). */
function labelOf(x: number, y: number): number {
  for (let j = 0; j < 600; j++) if (moons[2 * j] === x && moons[2 * j + 1] === y) return labels[j]!;
  throw new Error('not a target point');
}

describe.each([
  ['tfjs', Trainer],
  ['fused', FusedTrainer],
] as const)('traceStep of a conditional %s trainer', (_, Kind) => {
  beforeAll(() => useNodeBackend());

  it('traces the row labels the step used: its paired x1’s class or ∅', async () => {
    const [a, twin] = [
      new Kind(cfg, moons, undefined, labels),
      new Kind(cfg, moons, undefined, labels),
    ];
    for (const tr of [a, twin]) await tr.train(3);
    const { trace } = await a.traceStep();
    expect(trace.classes).toBe(2);
    const rows = trace.labels!;
    expect(rows).toHaveLength(cfg.batch);
    expect(traceBuffers(trace)).toContain(rows.buffer);
    // Each kept label is the class of the data point the row was paired with (OT within classes).
    const x1 = pairedData(trace);
    let dropped = 0;
    rows.forEach((c, i) => {
      if (c === NULL_LABEL) dropped++;
      else expect(c).toBe(labelOf(x1[2 * i]!, x1[2 * i + 1]!));
    });
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(cfg.batch / 2);
    // The step's own forward pass v is the network (before the update) with exactly these labels.
    const predict = (with_: Uint8Array) =>
      tf.tidy(() =>
        twin.mlp
          .predict(
            tf.tensor2d(trace.xt, [cfg.batch, 2]),
            tf.tensor2d(trace.t, [cfg.batch, 1]),
            tf.tensor2d(oneHotRows(with_, 2), [cfg.batch, 2]),
          )
          .dataSync(),
      );
    const v = predict(rows);
    v.forEach((x, i) =>
      expect(Math.abs(trace.v[i]! - x)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(x))),
    );
    // Any other labelling (every kept label flipped) gives another v: the check can fail.
    const flipped = rows.map((c) => (c === NULL_LABEL ? c : 1 - c));
    const w = predict(flipped);
    expect(Math.max(...w.map((x, i) => Math.abs(x - trace.v[i]!)))).toBeGreaterThan(1e-3);
    a.dispose();
    twin.dispose();
  });

  it('an unconditional trainer traces no labels', async () => {
    const plain = new Kind({ ...cfg, model: { ...cfg.model, classes: undefined } }, moons);
    const { trace } = await plain.traceStep();
    expect(trace.labels).toBeUndefined();
    expect(trace.classes).toBeUndefined();
    plain.dispose();
  });
});
