import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend, probeWebGpu } from './backend';

/** A stand-in navigator.gpu whose adapter looks like Chromium's SwiftShader fallback. */
function fakeSwiftShader(): void {
  const adapter = {
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '' },
    isFallbackAdapter: true,
  };
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: { requestAdapter: async () => adapter } },
    configurable: true,
  });
}

describe('backend choice', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'navigator', original);
    else delete (globalThis as { navigator?: unknown }).navigator;
  });

  it('falls back from a forced WebGPU to WASM and says why', async () => {
    delete (globalThis as { navigator?: unknown }).navigator;
    const info = await initBackend('webgpu');
    expect(info).toEqual({
      name: 'wasm',
      reason:
        'WebGPU requested but no adapter (navigator.gpu is missing): using WASM (single-thread).',
      isSoftware: true,
    });
  });

  it('auto never picks a software WebGPU adapter', async () => {
    fakeSwiftShader();
    expect(await probeWebGpu()).toMatchObject({ available: true, software: true });
    const info = await initBackend('auto');
    expect(info.name).toBe('wasm');
    expect(info.reason).toMatch(
      /^The WebGPU adapter is a software fallback \(google swiftshader\)/,
    );
  });

  it('honours an explicit choice', async () => {
    expect(await initBackend('cpu')).toMatchObject({
      name: 'cpu',
      reason: 'plain JavaScript (CPU) requested.',
    });
    expect(await initBackend('wasm')).toMatchObject({
      name: 'wasm',
      reason: 'WASM (single-thread) requested.',
    });
    // Threaded WASM hangs in minified builds and needs cross-origin isolation.
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
  });
});
