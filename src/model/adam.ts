/**
 * tfjs's Adam, and its state as plain data for checkpoints. (tfjs has no AdamW: the trainer
 * adds the decoupled decay itself.)
 */
import * as tf from '@tensorflow/tfjs-core';

/** Adam's step count and moments, named as tfjs names them. */
export type AdamState = { name: string; shape: number[]; data: number[] }[];

/** Adam with the usual β1 = 0.9, β2 = 0.999, ε = 1e−8 (PyTorch's defaults). */
export function createAdam(lr: number): tf.AdamOptimizer {
  return tf.train.adam(lr, 0.9, 0.999, 1e-8);
}

/** Sets the step size used from the next update on (the moments are kept). */
export function setAdamLearningRate(adam: tf.AdamOptimizer, lr: number): void {
  (adam as unknown as { learningRate: number }).learningRate = lr;
}

/** Copies the step count and moments to plain arrays (one readback per tensor). */
export async function readAdamState(adam: tf.AdamOptimizer): Promise<AdamState> {
  const named = await adam.getWeights();
  const state = await Promise.all(
    named.map(async ({ name, tensor }) => ({
      name,
      shape: tensor.shape,
      data: Array.from(await tensor.data()),
    })),
  );
  // getWeights makes a fresh scalar for the step count; the moments are Adam's own variables.
  named.find((w) => w.name === 'iter')?.tensor.dispose();
  return state;
}

/** Loads a state saved by `readAdamState` into a fresh optimizer (matched by position). */
export async function writeAdamState(adam: tf.AdamOptimizer, state: AdamState): Promise<void> {
  if (state.length === 0) return;
  const named = state.map((o) => ({ name: o.name, tensor: tf.tensor(o.data, o.shape) }));
  await adam.setWeights(named);
  named.forEach((w) => w.tensor.dispose()); // Adam copied them into its own variables
}
