/**
 * The velocity network v_θ(x, t): an MLP on [x, y, enc(t)] → width × depth → 2, written with
 * tfjs-core ops so each layer reads like its equation h ← act(h W + b).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../flow/rng';
import type { Points } from '../flow/types';
import type { SampleOptions, SampleResult } from './sampler';

import { activate, ACTIVATIONS, denseFor, type Activation } from './layers';
import {
  classCount,
  FOURIER_FREQUENCIES,
  inputSize,
  NULL_LABEL,
  oneHotRows,
  parameterShapes,
  timeFeatureCount,
  validateLabels,
  validateMlpConfig,
  writeLabelFeatures,
  type MlpConfig,
  type TimeEncoding,
} from './mlpConfig';

export { ACTIVATIONS, type Activation };
export {
  classCount,
  FOURIER_FREQUENCIES,
  inputSize,
  NULL_LABEL,
  oneHotRows,
  parameterShapes,
  timeFeatureCount,
  validateLabels,
  validateMlpConfig,
  writeLabelFeatures,
  type MlpConfig,
  type TimeEncoding,
};
/** enc(t): [t] or [t, sin 2πkt, cos 2πkt]. t is n×1. */
function encodeTime(t: tf.Tensor2D, enc: TimeEncoding): tf.Tensor2D {
  if (enc === 'linear') return t;
  const feats: tf.Tensor2D[] = [t];
  for (let k = 1; k <= FOURIER_FREQUENCIES; k++) {
    const arg = tf.mul(t, 2 * Math.PI * k);
    feats.push(tf.sin(arg) as tf.Tensor2D, tf.cos(arg) as tf.Tensor2D);
  }
  return tf.concat(feats, 1);
}

/** v_θ(x, t) with its parameters as tfjs variables. */
export interface VelocityMlp {
  readonly config: MlpConfig;
  /** [W_1, b_1, …]: trainable. */
  readonly variables: tf.Variable[];
  /**
   * v_θ(x, t[, c]) for x n×2, t n×1 and, for a conditional network, c the n×classes one-hot
   * labels (model/mlpConfig.ts `oneHotRows`; absent: the null label ∅ for every row). Call
   * inside tf.tidy.
   */
  predict(x: tf.Tensor2D, t: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D;
  /** Copies of the parameters as Float32Arrays (one readback). */
  getWeights(): Promise<Float32Array[]>;
  /** Overwrites the parameters; lengths must match `parameterShapes`. */
  setWeights(weights: readonly Float32Array[]): void;
  /**
   * Present when the weights live on the CPU (the fused WASM kernel, model/fused/): v_θ(x, t)
   * for the interleaved points x into out, synchronously, without tfjs; `labels` (one per
   * point, NULL_LABEL = ∅; absent: ∅ for all) for a conditional network.
   */
  velocityInto?(x: Float32Array, t: number, out: Float32Array, labels?: Uint8Array): void;
  /** The same with one time per point (t has n entries); present with `velocityInto`. */
  velocityEachInto?(
    x: Float32Array,
    t: ArrayLike<number>,
    out: Float32Array,
    labels?: Uint8Array,
  ): void;
  /**
   * Present when the weights live in a GPU buffer (the fused WebGPU trainer, model/fused/):
   * the sampler integrates on the device, one dispatch per ODE step, one readback.
   */
  sampleOnDevice?(x0: Points, opts: SampleOptions): Promise<SampleResult>;
  /**
   * With `sampleOnDevice`: v_θ(x, t) at the points, on the device (one readback); with labels
   * and w > 0 the guided field (1 + w) v(x, t, c) − w v(x, t, ∅).
   */
  velocityOnDevice?(
    points: Points,
    t: number,
    labels?: Uint8Array,
    guidance?: number,
  ): Promise<Points>;
  dispose(): void;
}

/**
 * Seeded init as PyTorch's nn.Linear (W, b ~ U(±1/√fan_in)), the published protocol's
 * default, so the same seed gives the same network in Node and every browser.
 */
export function initialWeights(cfg: MlpConfig, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return parameterShapes(cfg).map((shape, i) => {
    const fanIn = parameterShapes(cfg)[i - (i % 2)]![0]!;
    const bound = 1 / Math.sqrt(fanIn);
    const size = shape.reduce((a, b) => a * b, 1);
    return Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
  });
}

/** Builds the MLP with seeded weights; throws on an invalid configuration. */
export function createMlp(cfg: MlpConfig, seed: number): VelocityMlp {
  const problem = validateMlpConfig(cfg);
  if (problem) throw new Error(problem);
  const shapes = parameterShapes(cfg);
  // tidy frees the initial-value tensors; variables outlive it.
  const variables = initialWeights(cfg, seed).map((w, i) =>
    tf.tidy(() => tf.variable(tf.tensor(w, shapes[i]), true, undefined, 'float32')),
  );
  return {
    config: { ...cfg },
    variables,
    predict(x, t, c) {
      const dense = denseFor(tf.getBackend());
      const k = classCount(cfg);
      const parts = [x, encodeTime(t, cfg.timeEncoding)];
      if (k > 0) parts.push(c ?? (tf.zeros([x.shape[0], k]) as tf.Tensor2D));
      let h: tf.Tensor2D = tf.concat(parts, 1);
      for (let l = 0; l < variables.length; l += 2) {
        h = dense(h, variables[l] as tf.Tensor2D, variables[l + 1] as tf.Tensor1D);
        if (l + 2 < variables.length) h = activate(h, cfg.activation);
      }
      return h;
    },
    async getWeights() {
      return Promise.all(variables.map(async (v) => (await v.data()) as Float32Array));
    },
    setWeights(weights) {
      if (weights.length !== shapes.length) {
        throw new Error(`expected ${shapes.length} weight arrays, got ${weights.length}`);
      }
      weights.forEach((w, i) => {
        const v = variables[i]!;
        if (w.length !== v.size) throw new Error(`weight ${i}: ${w.length} values, need ${v.size}`);
        tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
      });
    },
    dispose() {
      variables.forEach((v) => v.dispose());
    },
  };
}
