/** Test helper: the WASM backend in Node (the fastest here), plain CPU if WASM cannot start. */
import { createRng } from '../flow/rng';
import { initBackend, type BackendInfo } from './backend';

let ready: Promise<BackendInfo> | null = null;

export function useNodeBackend(): Promise<BackendInfo> {
  ready ??= initBackend('wasm');
  return ready;
}

/**
 * Two well-separated labelled blobs (class 0 around (−2, 0), class 1 around (2, 0), std 0.2,
 * alternating), for tests of conditional networks.
 */
export function twoBlobs(n: number, seed: number): { target: Float32Array; labels: Uint8Array } {
  const rng = createRng(seed);
  const target = new Float32Array(2 * n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    target[2 * i] = (labels[i] ? 2 : -2) + 0.2 * rng.normal();
    target[2 * i + 1] = 0.2 * rng.normal();
  }
  return { target, labels };
}
