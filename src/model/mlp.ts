/**
 * The velocity network v_θ(x, t): an MLP on [x, y, enc(t)] → width × depth → 2, written with
 * tfjs-core ops so each layer reads like its equation h ← act(h W + b).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../flow/rng';
import type { Points } from '../flow/types';
import type { SampleOptions, SampleResult } from './sampler';

import { activate, ACTIVATIONS, denseFor, type Activation } from './layers';

export { ACTIVATIONS, type Activation };
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
  return null;
}

/** Input width: 2 coordinates plus the time features. */
export function inputSize(cfg: MlpConfig): number {
  return 2 + (cfg.timeEncoding === 'fourier' ? 1 + 2 * FOURIER_FREQUENCIES : 1);
}

/** Shapes of [W_1, b_1, …, W_L, b_L], in the order of `variables` and weight files. */
export function parameterShapes(cfg: MlpConfig): number[][] {
  const sizes = [inputSize(cfg), ...Array<number>(cfg.depth).fill(cfg.width), 2];
  return sizes.slice(1).flatMap((out, l) => [[sizes[l]!, out], [out]]);
}

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
  /** v_θ(x, t) for x n×2, t n×1 (call inside tf.tidy). */
  predict(x: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor2D;
  /** Copies of the parameters as Float32Arrays (one readback). */
  getWeights(): Promise<Float32Array[]>;
  /** Overwrites the parameters; lengths must match `parameterShapes`. */
  setWeights(weights: readonly Float32Array[]): void;
  /**
   * Present when the weights live on the CPU (the fused WASM kernel, model/fused/): v_θ(x, t)
   * for the interleaved points x into out, synchronously, without tfjs.
   */
  velocityInto?(x: Float32Array, t: number, out: Float32Array): void;
  /** The same with one time per point (t has n entries); present with `velocityInto`. */
  velocityEachInto?(x: Float32Array, t: ArrayLike<number>, out: Float32Array): void;
  /**
   * Present when the weights live in a GPU buffer (the fused WebGPU trainer, model/fused/):
   * the sampler integrates on the device, one dispatch per ODE step, one readback.
   */
  sampleOnDevice?(x0: Points, opts: SampleOptions): Promise<SampleResult>;
  /** With `sampleOnDevice`: v_θ(x, t) at the points, on the device (one readback). */
  velocityOnDevice?(points: Points, t: number): Promise<Points>;
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
    predict(x, t) {
      const dense = denseFor(tf.getBackend());
      let h: tf.Tensor2D = tf.concat([x, encodeTime(t, cfg.timeEncoding)], 1);
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
