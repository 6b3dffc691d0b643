import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { activate, denseFor } from './layers';
import { createMlp, parameterShapes, validateMlpConfig, type MlpConfig } from './mlp';
import { useNodeBackend } from './testing';

const cfg: MlpConfig = { width: 16, depth: 2, activation: 'silu', timeEncoding: 'fourier' };

describe('velocity MLP', () => {
  beforeAll(async () => {
    expect((await useNodeBackend()).name).toBe('wasm');
  });

  it('maps n×2 points and n×1 times to n×2 velocities, deterministically by seed', async () => {
    const a = createMlp(cfg, 1);
    const b = createMlp(cfg, 1);
    const c = createMlp(cfg, 2);
    const x = tf.randomNormal([5, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
    const t = tf.fill([5, 1], 0.3) as tf.Tensor2D;
    const [ya, yb, yc] = [a, b, c].map((m) => m.predict(x, t));
    expect(ya!.shape).toEqual([5, 2]);
    expect(Array.from(await ya!.data())).toEqual(Array.from(await yb!.data()));
    expect(Array.from(await ya!.data())).not.toEqual(Array.from(await yc!.data()));
    expect(parameterShapes(cfg)).toEqual([[9, 16], [16], [16, 16], [16], [16, 2], [2]]);
    tf.dispose([x, t, ya!, yb!, yc!]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('every activation runs and weights round-trip', async () => {
    for (const activation of ['silu', 'selu', 'relu', 'tanh', 'gelu'] as const) {
      const m = createMlp({ ...cfg, activation, timeEncoding: 'linear' }, 0);
      const w = await m.getWeights();
      m.setWeights(w.map((v) => v.map((z) => z * 0)));
      const y = tf.tidy(() => m.predict(tf.ones([3, 2]), tf.ones([3, 1])));
      expect(Array.from(await y.data())).toEqual([0, 0, 0, 0, 0, 0]);
      y.dispose();
      m.dispose();
    }
  });

  it('hand-written gradients (WASM affine layer, SELU) equal tfjs autodiff', () => {
    const x = tf.randomNormal([7, 3], 0, 2, 'float32', 1);
    const W = tf.randomNormal([3, 5], 0, 1, 'float32', 2);
    const b = tf.randomNormal([5], 0, 1, 'float32', 3);
    const loss =
      (dense: ReturnType<typeof denseFor>, selu: boolean) =>
      (...p: tf.Tensor[]) => {
        const h = dense(p[0] as tf.Tensor2D, p[1] as tf.Tensor2D, p[2] as tf.Tensor1D);
        const y = selu ? activate(h, 'selu') : tf.selu(h);
        return tf.sum(tf.mul(y, y));
      };
    const ours = tf.grads(loss(denseFor('wasm'), true))([x, W, b]);
    const autodiff = tf.grads(loss(denseFor('webgl'), false))([x, W, b]);
    ours.forEach((g, i) => {
      const ref = autodiff[i]!;
      expect(g.shape).toEqual(ref.shape);
      const err = tf.max(tf.abs(tf.sub(g, ref))).dataSync()[0]!;
      expect(err).toBeLessThan(1e-4 * (1 + tf.max(tf.abs(ref)).dataSync()[0]!));
    });
    tf.dispose([x, W, b, ...ours, ...autodiff]);
  });

  it('refuses invalid configurations', () => {
    expect(validateMlpConfig({ ...cfg, width: 0 })).toMatch(/width/);
    expect(validateMlpConfig({ ...cfg, depth: 9 })).toMatch(/depth/);
    expect(() => createMlp({ ...cfg, width: 2.5 }, 0)).toThrow(/width/);
  });
});
