/**
 * The MLP's building blocks on tfjs-core ops: the affine map h W + b and the activations.
 * Two of them carry hand-written gradients because tfjs-backend-wasm (the fastest backend on
 * a CPU) runs tfjs's generic ones slowly; on a 3×64 SELU net at batch 512 they took a
 * training step from 16 ms to about 8 ms in Node.
 */
import * as tf from '@tensorflow/tfjs-core';

import { ACTIVATIONS, type Activation } from './mlpConfig';

export { ACTIVATIONS, type Activation };

/** SELU's constants (Klambauer et al. 2017): selu(x) = λ x for x > 0, λ α (eˣ − 1) otherwise. */
const SELU_LAMBDA = 1.0507009873554805;
const SELU_LAMBDA_ALPHA = 1.7580993408473766;

/** tf.customGrad passes the inputs, then a function that saves tensors for the backward pass. */
type CustomGradArg = tf.Tensor | tf.GradSaveFunc;

/** y = h W + b, differentiated by tfjs's matMul gradient (products with transpose flags). */
function affine(h: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(h, W), b);
}

/**
 * y = h W + b with the backward pass ∂h = ∂y Wᵀ, ∂W = hᵀ ∂y, ∂b = 1ᵀ ∂y written with explicit
 * transposes and a ones-row product: the WASM backend's matMul with transpose flags, and its
 * column sum, are several times slower than these (XNNPACK only takes the plain layout).
 */
const affineForCpu = tf.customGrad((...args: CustomGradArg[]) => {
  const [h, W, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([h, W]);
  return {
    value: tf.add(tf.matMul(h, W), b),
    gradFunc: (dy: tf.Tensor, [hSaved, WSaved]: tf.Tensor[]) => {
      const dy2 = dy as tf.Tensor2D;
      const ones = tf.ones([1, dy2.shape[0]]) as tf.Tensor2D;
      return [
        tf.matMul(dy2, tf.transpose(WSaved as tf.Tensor2D)),
        tf.matMul(tf.transpose(hSaved as tf.Tensor2D), dy2),
        tf.reshape(tf.matMul(ones, dy2), [dy2.shape[1]]),
      ];
    },
  };
}) as (h: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** The affine layer best suited to the active backend (GPUs transpose for free). */
export function denseFor(backend: string): typeof affine {
  return backend === 'wasm' ? affineForCpu : affine;
}

/**
 * SELU with its derivative taken from the output: selu′(x) = λ for x > 0, else y + λα.
 * tfjs's own gradient recomputes eˣ and selects with a mask (four slow kernels on WASM).
 */
const selu = tf.customGrad((...args: CustomGradArg[]) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
  const y = tf.selu(x);
  save([x, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, [xSaved, ySaved]: tf.Tensor[]) => {
      const negative = tf.add(ySaved!, SELU_LAMBDA_ALPHA);
      const positive = tf.step(xSaved!, 0);
      // positive·λ + (1 − positive)·(y + λα)
      const slope = tf.add(negative, tf.mul(positive, tf.sub(SELU_LAMBDA, negative)));
      return [tf.mul(dy, slope)];
    },
  };
}) as (x: tf.Tensor2D) => tf.Tensor2D;

/** The hidden activation σ(h), elementwise. */
export function activate(h: tf.Tensor2D, act: Activation): tf.Tensor2D {
  switch (act) {
    case 'silu':
      return tf.mul(h, tf.sigmoid(h));
    case 'selu':
      return selu(h);
    case 'relu':
      return tf.relu(h);
    case 'tanh':
      return tf.tanh(h);
    case 'gelu': {
      // tanh approximation of x Φ(x); h·h·h rather than pow, whose gradient takes a log
      const cube = tf.mul(tf.mul(h, h), h);
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(h, tf.mul(0.044715, cube)));
      return tf.mul(tf.mul(0.5, h), tf.add(1, tf.tanh(inner)));
    }
  }
}
