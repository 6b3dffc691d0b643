/**
 * The velocity network's architecture as plain data: its config, its validation and the shapes
 * of its parameters. No tfjs, so the page can check a model file without loading it.
 */

/** Hidden-layer nonlinearities offered in the UI. */
export type Activation = 'silu' | 'selu' | 'relu' | 'tanh' | 'gelu';
export const ACTIVATIONS: readonly Activation[] = ['silu', 'selu', 'relu', 'tanh', 'gelu'];

import { MAX_CLASSES, NULL_LABEL } from '../flow/guidance';

/** How t enters the network: t itself, or t with Fourier features. */
export type TimeEncoding = 'linear' | 'fourier';

/** Architecture of v_θ: width × depth hidden units, the activation, the time features. */
export interface MlpConfig {
  width: number;
  /** Number of hidden layers. */
  depth: number;
  activation: Activation;
  /** linear: t itself; fourier: t plus sin/cos(2πk t), k = 1…FOURIER_FREQUENCIES. */
  timeEncoding: TimeEncoding;
  /**
   * Classes of a conditional network v(x, t, c): the input gains one-hot(c), the null label ∅
   * (NULL_LABEL) being all zeros. Absent or 0: unconditional; else 2…MAX_CLASSES.
   */
  classes?: number;
}

/** k = 1…3 in the Fourier time features sin(2πkt), cos(2πkt). */
export const FOURIER_FREQUENCIES = 3;

/** An English message for an invalid configuration, else null. */
export function validateMlpConfig(cfg: MlpConfig): string | null {
  if (!Number.isInteger(cfg.width) || cfg.width < 1 || cfg.width > 1024) {
    return `width must be a whole number from 1 to 1024, got ${cfg.width}`;
  }
  if (!Number.isInteger(cfg.depth) || cfg.depth < 1 || cfg.depth > 8) {
    return `depth must be a whole number from 1 to 8, got ${cfg.depth}`;
  }
  if (!ACTIVATIONS.includes(cfg.activation)) return `unknown activation "${cfg.activation}"`;
  if (cfg.timeEncoding !== 'linear' && cfg.timeEncoding !== 'fourier') {
    return `unknown time encoding "${cfg.timeEncoding}"`;
  }
  const k = cfg.classes ?? 0;
  if (!Number.isInteger(k) || (k !== 0 && (k < 2 || k > MAX_CLASSES))) {
    return `classes must be 0 (unconditional) or a whole number from 2 to ${MAX_CLASSES}, got ${k}`;
  }
  return null;
}

/** Classes of the network (0: unconditional). */
export const classCount = (cfg: MlpConfig): number => cfg.classes ?? 0;

/** Number of time features: 1 (t) or 1 + 2·FOURIER_FREQUENCIES. */
export function timeFeatureCount(cfg: MlpConfig): number {
  return cfg.timeEncoding === 'fourier' ? 1 + 2 * FOURIER_FREQUENCIES : 1;
}

/** Input width: 2 coordinates, the time features, then one-hot(c) when conditional. */
export function inputSize(cfg: MlpConfig): number {
  return 2 + timeFeatureCount(cfg) + classCount(cfg);
}

/**
 * one-hot(c) into to[at … at + classes): 1 at column c, 0 elsewhere; the null label ∅ (or any
 * c ≥ classes) writes all zeros.
 */
export function writeLabelFeatures(classes: number, c: number, to: Float32Array, at: number): void {
  for (let k = 0; k < classes; k++) to[at + k] = k === c ? 1 : 0;
}

/** The n × classes one-hot rows of `labels` (NULL_LABEL: a zero row), row-major. */
export function oneHotRows(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) writeLabelFeatures(classes, labels[i]!, out, i * classes);
  return out;
}

/** An English message when `labels` cannot go with a network of `classes` (n per point). */
export function validateLabels(
  labels: ArrayLike<number>,
  n: number,
  classes: number,
): string | null {
  if (labels.length !== n) return `expected ${n} labels, one per point, got ${labels.length}`;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c !== NULL_LABEL && !(Number.isInteger(c) && c >= 0 && c < classes)) {
      return `label ${c} at point ${i} is not a class 0…${classes - 1} or the null label`;
    }
  }
  return null;
}

export { NULL_LABEL };

/** Shapes of [W_1, b_1, …, W_L, b_L], in the order of `variables` and weight files. */
export function parameterShapes(cfg: MlpConfig): number[][] {
  const sizes = [inputSize(cfg), ...Array<number>(cfg.depth).fill(cfg.width), 2];
  return sizes.slice(1).flatMap((out, l) => [[sizes[l]!, out], [out]]);
}
