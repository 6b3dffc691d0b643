/**
 * The velocity network's architecture as plain data: its config, its validation and the shapes
 * of its parameters. No tfjs, so the page can check a model file without loading it.
 */

/** Hidden-layer nonlinearities offered in the UI. */
export type Activation = 'silu' | 'selu' | 'relu' | 'tanh' | 'gelu';
export const ACTIVATIONS: readonly Activation[] = ['silu', 'selu', 'relu', 'tanh', 'gelu'];

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
