/**
 * Classifier-free guidance on a network (docs/guidance.md): the conditioning of a sampling
 * request, and ṽ = (1 + w) v(x, t, c) − w v(x, t, ∅) on tensors and on the fused kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { guidedVelocity, validateGuidance } from '../flow/guidance';
import { oneHotRows, validateLabels, type VelocityMlp } from './mlp';

/**
 * Class conditioning of a sampling request: one label per particle (NULL_LABEL = ∅) and the
 * guidance scale w ≥ 0; each evaluation is then ṽ = (1 + w) v(x, t, c) − w v(x, t, ∅), two
 * network evaluations when w > 0 (docs/guidance.md).
 */
export interface Conditioning {
  labels?: Uint8Array;
  guidance?: number;
}

/**
 * The conditioning that applies to this network for n particles: none for an unconditional
 * network (its field ignores labels), else the validated labels and w (0 without labels).
 * Throws a clear message for labels of the wrong count or class, or w < 0.
 */
export function conditioningFor(
  mlp: Pick<VelocityMlp, 'config'>,
  n: number,
  c: Conditioning,
): { labels?: Uint8Array; guidance: number } {
  const classes = mlp.config.classes ?? 0;
  const w = c.guidance ?? 0;
  const problem =
    validateGuidance(w) ?? (c.labels && classes > 0 ? validateLabels(c.labels, n, classes) : null);
  if (problem) throw new Error(problem);
  if (classes === 0 || !c.labels) return { guidance: 0 };
  return { labels: c.labels, guidance: w };
}

/** Network evaluations per ODE evaluation: 2 with labels and w > 0, else 1. */
export function guidedFactor(c: Conditioning): number {
  return c.labels && (c.guidance ?? 0) > 0 ? 2 : 1;
}

/** The n × classes one-hot labels as a tensor, or undefined (unconditional / no labels). */
export function labelTensor(mlp: VelocityMlp, labels?: Uint8Array): tf.Tensor2D | undefined {
  const k = mlp.config.classes ?? 0;
  if (!labels || k === 0) return undefined;
  return tf.tensor2d(oneHotRows(labels, k), [labels.length, k]);
}

/** ṽ(x, t) on tensors: v(x, t, c), or (1 + w) v(x, t, c) − w v(x, t, ∅) (inside tf.tidy). */
export function predictGuided(
  mlp: VelocityMlp,
  x: tf.Tensor2D,
  t: tf.Tensor2D,
  c: tf.Tensor2D | undefined,
  w: number,
): tf.Tensor2D {
  const v = mlp.predict(x, t, c);
  if (!c || w === 0) return v;
  return tf.sub(tf.mul(v, 1 + w), tf.mul(mlp.predict(x, t), w));
}

/**
 * ṽ on the CPU through the fused kernel's `into` (one time for all points, or one per point):
 * v(x, t, c_i) with the labels, then, when w > 0, the ∅ pass and (1 + w) v_c − w v_∅.
 */
export function cpuGuided<T>(
  into: (x: Float32Array, t: T, out: Float32Array, labels?: Uint8Array) => void,
  w: number,
): (x: Float32Array, t: T, out: Float32Array, labels?: Uint8Array) => void {
  let spare = new Float32Array(0);
  return (x, t, out, labels) => {
    into(x, t, out, labels);
    if (!labels || w === 0) return;
    if (spare.length !== out.length) spare = new Float32Array(out.length);
    into(x, t, spare);
    guidedVelocity(out, spare, w, out);
  };
}
