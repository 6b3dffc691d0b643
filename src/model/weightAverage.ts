/**
 * An exponential moving average of a network's weights, kept as a second VelocityMlp so it
 * can be sampled like the network itself:
 *   ŵ ← d_k ŵ + (1 − d_k) w after step k,  d_k = min(d, (1 + k)/(10 + k)),
 * the warm-up letting the average forget the random initialisation early on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createMlp, type VelocityMlp } from './mlp';

export class WeightAverage {
  readonly mlp: VelocityMlp;

  /** Starts the average at `of`'s current weights. */
  constructor(of: VelocityMlp, seed: number) {
    this.mlp = createMlp(of.config, seed);
    this.mlp.variables.forEach((e, i) => e.assign(of.variables[i]!));
  }

  /** Folds in `weights` after step k (1-based) with decay d; call inside tf.tidy. */
  update(weights: readonly tf.Variable[], decay: number, k: number): void {
    const rate = tf.scalar(1 - Math.min(decay, (1 + k) / (10 + k)));
    this.mlp.variables.forEach((e, i) => e.assign(tf.add(e, tf.mul(tf.sub(weights[i]!, e), rate))));
  }

  dispose(): void {
    this.mlp.dispose();
  }
}
