/**
 * The one place that picks the tfjs backend. Auto: WebGPU when the adapter is a real GPU;
 * otherwise single-thread WASM (several times faster than WebGPU on SwiftShader, WebGL or
 * plain JS for these small MLPs on a CPU: ../shared/TESTING.md), then WebGL, then CPU.
 * Backends are imported lazily so Node never loads WebGL or WebGPU.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export type BackendPreference = 'auto' | BackendName;
export const BACKEND_PREFERENCES: readonly BackendPreference[] = [
  'auto',
  'webgpu',
  'wasm',
  'webgl',
  'cpu',
];

export interface BackendInfo {
  name: BackendName;
  /** Why this backend: human-readable, shown in the UI and the CLI. */
  reason: string;
  /** True when the device is a software rasteriser (SwiftShader, WebGPU fallback adapter). */
  isSoftware: boolean;
}

export interface BackendOptions {
  /** Browser only: URLs of the bundled tfjs-backend-wasm .wasm files, by file name. */
  wasmPaths?: Record<string, string>;
}

interface AdapterProbe {
  available: boolean;
  software: boolean;
  description: string;
}

/** Whether a WebGPU adapter exists and whether it is a software fallback. */
export async function probeWebGpu(): Promise<AdapterProbe> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { available: false, software: false, description: 'no navigator.gpu' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, software: false, description: 'no WebGPU adapter' };
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    const text = [info?.vendor, info?.architecture, info?.device, info?.description]
      .filter(Boolean)
      .join(' ');
    const fallback =
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
      (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter === true;
    const software = fallback || /swiftshader|llvmpipe|lavapipe|software/i.test(text);
    return { available: true, software, description: text || 'unnamed adapter' };
  } catch (e) {
    return { available: false, software: false, description: `adapter request failed: ${e}` };
  }
}

async function register(name: BackendName, opts: BackendOptions): Promise<boolean> {
  try {
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Threaded WASM hangs in minified builds and needs cross-origin isolation: never use it.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
    } else if (name === 'webgpu') {
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (name === 'webgl') {
      await import('@tensorflow/tfjs-backend-webgl');
    } else {
      await import('@tensorflow/tfjs-backend-cpu');
    }
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

const FALLBACK_ORDER: readonly BackendName[] = ['wasm', 'webgl', 'cpu'];

/** Activates a backend following `pref` and says which one and why. */
export async function initBackend(
  pref: BackendPreference = 'auto',
  opts: BackendOptions = {},
): Promise<BackendInfo> {
  const gpu = await probeWebGpu();
  const notes: string[] = [];
  const wantGpu = pref === 'webgpu' || (pref === 'auto' && gpu.available && !gpu.software);
  if (wantGpu) {
    if (gpu.available && (await register('webgpu', opts))) {
      const why =
        pref === 'webgpu'
          ? `WebGPU requested (${gpu.description})`
          : `WebGPU on a hardware GPU (${gpu.description})`;
      return { name: 'webgpu', reason: why, isSoftware: gpu.software };
    }
    notes.push(
      `WebGPU ${pref === 'webgpu' ? 'requested but ' : ''}unavailable (${gpu.description})`,
    );
  } else if (pref === 'auto') {
    notes.push(
      gpu.available
        ? `the WebGPU adapter is a software fallback (${gpu.description}), slower than WASM`
        : `no WebGPU adapter (${gpu.description})`,
    );
  }
  const order =
    pref === 'auto' || pref === 'webgpu'
      ? FALLBACK_ORDER
      : [pref, ...FALLBACK_ORDER.filter((b) => b !== pref)];
  for (const name of order) {
    if (await register(name, opts)) {
      const chosen =
        name === pref
          ? `${name.toUpperCase()} requested`
          : `using ${name.toUpperCase()}, the fastest available on a CPU`;
      return { name, reason: [...notes, chosen].join('; '), isSoftware: name !== 'webgl' };
    }
    notes.push(`${name.toUpperCase()} failed to start`);
  }
  throw new Error(`No tfjs backend could start: ${notes.join('; ')}`);
}
