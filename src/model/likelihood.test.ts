import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logLikelihood } from '../flow/likelihood';
import { createRng, sampleNormal } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import type { FieldWithDivergence } from '../flow/types';
import { logLikelihoodMlp, velocityDivergence } from './likelihood';
import { createMlp, type MlpConfig } from './mlp';
import { useNodeBackend } from './testing';

const cfg: MlpConfig = { width: 16, depth: 2, activation: 'tanh', timeEncoding: 'fourier' };

/** v_θ at one point, synchronously (for the references below). */
function predictAt(mlp: ReturnType<typeof createMlp>, x: number, y: number, t: number) {
  return tf.tidy(() =>
    Array.from(mlp.predict(tf.tensor2d([[x, y]]), tf.tensor2d([[t]])).dataSync()),
  );
}

describe('exact divergence and log-likelihood of the MLP (MATH.md §4)', () => {
  beforeAll(async () => {
    await useNodeBackend();
  });

  it('div v_θ equals central finite differences of v_θ, and leaks no tensors', () => {
    const mlp = createMlp(cfg, 7);
    const pts = sampleNormal(12, createRng(8));
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(pts, [12, 2]);
        const t = tf.fill([12, 1], 0.4) as tf.Tensor2D;
        const { v, div } = velocityDivergence(mlp, x, t);
        return [Array.from(v.dataSync()), Array.from(div.dataSync())];
      });
    const [v, div] = run();
    const before = tf.memory().numTensors;
    run();
    expect(tf.memory().numTensors).toBe(before);
    const e = 1e-2;
    for (let p = 0; p < 12; p++) {
      const [x, y] = [pts[2 * p]!, pts[2 * p + 1]!];
      expect(predictAt(mlp, x, y, 0.4)[0]).toBeCloseTo(v![2 * p]!, 6);
      const fd =
        (predictAt(mlp, x + e, y, 0.4)[0]! -
          predictAt(mlp, x - e, y, 0.4)[0]! +
          predictAt(mlp, x, y + e, 0.4)[1]! -
          predictAt(mlp, x, y - e, 0.4)[1]!) /
        (2 * e);
      expect(Math.abs(div![p]! - fd)).toBeLessThan(2e-3 * (1 + Math.abs(fd)));
    }
    mlp.dispose();
  });

  it('batched on tensors, agrees with the point-by-point float64 integrator', async () => {
    const mlp = createMlp(cfg, 9);
    const scheduler = makeScheduler('ot');
    const pts = sampleNormal(6, createRng(10));
    const opts = { solver: 'rk4', steps: 8, scheduler } as const;
    const before = tf.memory().numTensors;
    const batched = await logLikelihoodMlp(mlp, pts, opts);
    expect(tf.memory().numTensors).toBe(before);
    const field: FieldWithDivergence = (x, y, t, out) => {
      const [v, div] = tf.tidy(() => {
        const r = velocityDivergence(mlp, tf.tensor2d([[x, y]]), tf.tensor2d([[t]]));
        return [r.v.dataSync(), r.div.dataSync()];
      });
      out[0] = v![0]!;
      out[1] = v![1]!;
      return div![0]!;
    };
    const logP0 = (x: number, y: number) => -Math.log(2 * Math.PI) - (x * x + y * y) / 2;
    const { logp } = logLikelihood(field, pts, logP0, { solver: 'rk4', steps: 8 });
    for (let p = 0; p < 6; p++) expect(Math.abs(batched[p]! - logp[p]!)).toBeLessThan(1e-4);
    mlp.dispose();
  });
});
