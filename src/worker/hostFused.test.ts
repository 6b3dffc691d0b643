/** The worker's host on the fused trainer: what `init` picks, and the requests that read it. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, sampleNormal } from '../flow/rng';
import type { BackendInfo } from '../model/backend';
import type { TrainerCheckpoint } from '../model/trainerConfig';
import type { TrainerSetup } from './protocol';
import { hostHarness, smallSetup } from './testing';

const setup: TrainerSetup = smallSetup({ ema: 0.9 });

describe('training host on the fused trainer', () => {
  it('inits, trains, samples, exports, checkpoints and restores with a flat tensor count', async () => {
    const { ok } = hostHarness();
    const info = await ok<BackendInfo>({ type: 'init', backend: 'fused' });
    expect(info).toMatchObject({ name: 'fused' });
    expect(info.reason).toMatch(/fused WASM SIMD kernel requested/);
    await ok({ type: 'configure', id: 'main', setup });
    const before = tf.memory().numTensors;
    const stats = await ok<{ step: number; loss: number }>({ type: 'step', id: 'main', n: 30 });
    expect(stats.step).toBe(30);
    expect(Number.isFinite(stats.loss)).toBe(true);
    const x0 = sampleNormal(40, createRng(2));
    const sample = await ok<{ trajectory: Float32Array; frames: number }>({
      type: 'sample',
      id: 'main',
      x0,
      solver: 'rk4',
      steps: 4,
      record: true,
    });
    expect(sample.frames).toBe(5);
    expect(sample.trajectory.every(Number.isFinite)).toBe(true);
    const file = await ok<{ weights: { data: number[] }[] }>({
      type: 'exportModel',
      id: 'main',
      dataset: 'moons',
    });
    expect(file.weights).toHaveLength(6);
    const ckpt = await ok<TrainerCheckpoint>({ type: 'checkpoint', id: 'main' });
    expect(ckpt.step).toBe(30);
    expect(ckpt.emaWeights).toHaveLength(6);
    await ok({ type: 'step', id: 'main', n: 10 });
    expect(await ok({ type: 'restore', id: 'main', checkpoint: ckpt })).toEqual({ step: 30 });
    await ok({ type: 'lossByTime', id: 'main', bins: 4 });
    // The tfjs copies appear on first use; after that nothing more per request.
    const settled = tf.memory().numTensors;
    await ok({ type: 'step', id: 'main', n: 10 });
    await ok({ type: 'lossByTime', id: 'main', bins: 4 });
    await ok({ type: 'sample', id: 'main', x0, solver: 'euler', steps: 3, record: false });
    expect(tf.memory().numTensors).toBe(settled);
    expect(settled - before).toBeLessThanOrEqual(12); // one tfjs copy of the live network
    await ok({ type: 'remove', id: 'main' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
