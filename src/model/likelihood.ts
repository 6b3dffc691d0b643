/**
 * Exact divergence and log-likelihood of the learned flow (MATH.md §4,
 * docs/adaptive-and-likelihood.md). The MLP maps each row independently, so the gradient of
 * Σ_rows v_c with respect to x is, row by row, ∇v_c(x_row): two backward passes give the 2×2
 * Jacobian's diagonal and div v_θ = ∂v_x/∂x + ∂v_y/∂y exactly (no Hutchinson estimate).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { gaussianLogDensity } from '../flow/likelihood';
import { SOLVERS } from '../flow/solvers';
import type { Points, Scheduler, SolverId } from '../flow/types';
import { NULL_LABEL, oneHotRows, type VelocityMlp } from './mlp';

/**
 * v_θ(x, t[, c]) (n×2) and its divergence in x (n) for x n×2, t n×1 and a conditional
 * network's one-hot labels c (n×classes; absent: ∅). Call inside tf.tidy.
 */
export function velocityDivergence(
  mlp: VelocityMlp,
  x: tf.Tensor2D,
  t: tf.Tensor2D,
  labels?: tf.Tensor2D,
): { v: tf.Tensor2D; div: tf.Tensor1D } {
  const v = mlp.predict(x, t, labels);
  const partial = (c: number) => {
    const grad = tf.grad((xs: tf.Tensor) =>
      tf.sum(tf.slice(mlp.predict(xs as tf.Tensor2D, t, labels), [0, c], [-1, 1])),
    );
    return tf.reshape(tf.slice(grad(x), [0, c], [-1, 1]), [-1]) as tf.Tensor1D;
  };
  return { v, div: tf.add(partial(0), partial(1)) };
}

/** How to integrate backward: a fixed-step tableau and the path (for its safe t range). */
export interface MlpLikelihoodOptions {
  solver: SolverId;
  steps: number;
  scheduler: Scheduler;
  /** A conditional network's class c for every point (NULL_LABEL or absent: ∅): log p₁(x | c). */
  label?: number;
}

/** n one-hot rows of class `label` (NULL_LABEL: zeros), or undefined (unconditional / none). */
function labelRows(mlp: VelocityMlp, n: number, label?: number): tf.Tensor2D | undefined {
  const k = mlp.config.classes ?? 0;
  if (k === 0 || label === undefined) return undefined;
  if (label !== NULL_LABEL && !(Number.isInteger(label) && label >= 0 && label < k)) {
    throw new Error(`label ${label} is not a class 0…${k - 1} or the null label`);
  }
  return tf.tensor2d(oneHotRows(new Uint8Array(n).fill(label), k), [n, k]);
}

const clampT = (s: Scheduler, t: number) => Math.min(Math.max(t, s.tMin), s.tMax);

/**
 * log p₁(x) of the learned flow for every point: the augmented ODE d[x, ℓ]/dt = [v_θ, −div v_θ]
 * from t = 1 back to 0 on tensors (one tf.tidy per step), then log p₁ = log p₀(x₀) − ℓ(0) with
 * p₀ = N(0, sourceScale² I). One readback at the end.
 */
export async function logLikelihoodMlp(
  mlp: VelocityMlp,
  points: Points,
  opts: MlpLikelihoodOptions,
): Promise<Float64Array> {
  const { solver, steps, scheduler, label } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
  const tab = SOLVERS[solver];
  const n = points.length / 2;
  const h = -1 / steps;
  const c = labelRows(mlp, n, label);
  let x = tf.tensor2d(points, [n, 2]);
  let l = tf.zeros([n]) as tf.Tensor1D;
  for (let i = 0; i < steps; i++) {
    const [prevX, prevL] = [x, l];
    [x, l] = tf.tidy(() => {
      const t = 1 + i * h;
      const Kx: tf.Tensor2D[] = [];
      const Kl: tf.Tensor1D[] = [];
      for (let k = 0; k < tab.b.length; k++) {
        let stage = prevX;
        (tab.a[k] ?? []).forEach((a, j) => {
          if (a !== 0) stage = tf.add(stage, tf.mul(Kx[j]!, h * a));
        });
        const tk = tf.fill([n, 1], clampT(scheduler, t + tab.c[k]! * h)) as tf.Tensor2D;
        const { v, div } = velocityDivergence(mlp, stage, tk, c);
        Kx.push(v);
        Kl.push(tf.neg(div));
      }
      let nextX = prevX;
      let nextL = prevL;
      tab.b.forEach((b, k) => {
        if (b === 0) return;
        nextX = tf.add(nextX, tf.mul(Kx[k]!, h * b));
        nextL = tf.add(nextL, tf.mul(Kl[k]!, h * b));
      });
      return [nextX, nextL] as [tf.Tensor2D, tf.Tensor1D];
    });
    tf.dispose([prevX, prevL]);
  }
  const packed = tf.tidy(() => tf.concat([tf.reshape(x, [-1]), l]));
  const data = await packed.data();
  tf.dispose([packed, x, l]);
  c?.dispose();
  const logP0 = gaussianLogDensity(scheduler.sourceScale);
  return Float64Array.from(
    { length: n },
    (_, p) => logP0(data[2 * p]!, data[2 * p + 1]!) - data[2 * n + p]!,
  );
}
