/**
 * The one place that picks the tfjs backend. Auto: WebGPU when the adapter is a real GPU;
 * otherwise single-thread WASM (several times faster than WebGPU on SwiftShader, WebGL or
 * plain JS for these small MLPs on a CPU: ../shared/TESTING.md), then WebGL, then CPU.
 * Backends are imported lazily so Node never loads WebGL or WebGPU.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The tfjs backends this app can run on. */
export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
/** The fused trainers of model/fused/: one WASM SIMD call, or ≤ 3 WebGPU dispatches, a step. */
export type FusedEngine = 'fused' | 'fused-webgpu';
/**
 * A backend to insist on, 'fused' (the fused WASM SIMD trainer of model/fused/, with tfjs on
 * WASM for everything else), 'fused-webgpu' (the fused WebGPU trainer, tfjs on WebGPU beside
 * it), or 'auto' (measured: model/engine.ts).
 */
export type BackendPreference = 'auto' | FusedEngine | BackendName;

/** The backend in use and why. */
export interface BackendInfo {
  /**
   * 'fused': trainers run on the fused WASM kernel (model/engine.ts), tfjs on whatever backend
   * started; 'fused-webgpu': on the fused WebGPU kernels, on tfjs's WebGPU device.
   */
  name: BackendName | FusedEngine;
  /** Why this backend: human-readable, shown in the UI and the CLI. */
  reason: string;
  /**
   * True when the work runs on the CPU: WASM and CPU always, WebGPU on a fallback adapter,
   * WebGL on a software renderer (SwiftShader, llvmpipe).
   */
  isSoftware: boolean;
}

/** Environment details initBackend cannot find out by itself. */
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
  if (!gpu) return { available: false, software: false, description: 'navigator.gpu is missing' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      return { available: false, software: false, description: 'requestAdapter() gave none' };
    }
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
const LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  wasm: 'WASM (single-thread)',
  webgl: 'WebGL',
  cpu: 'plain JavaScript (CPU)',
};

/** WebGL's renderer string, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader …))", if exposed. */
function webglRenderer(): string {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    return String((ext && gl?.getParameter(ext.UNMASKED_RENDERER_WEBGL)) ?? '');
  } catch {
    return '';
  }
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

/** Why WebGPU was skipped or failed (null when it was not considered). */
function webGpuNote(pref: BackendPreference, gpu: AdapterProbe | null): string | null {
  if (!gpu) return null;
  const asked = pref === 'webgpu';
  if (!gpu.available) {
    return `${asked ? 'WebGPU requested but no adapter' : 'No WebGPU adapter'} (${gpu.description})`;
  }
  if (!asked && gpu.software) {
    return `The WebGPU adapter is a software fallback (${gpu.description}), slower than WASM`;
  }
  return `${asked ? 'WebGPU requested but it' : 'WebGPU'} failed to start on ${gpu.description}`;
}

/**
 * Activates a backend following `pref` and says which one and why, e.g.
 * "WebGPU requested but no adapter (navigator.gpu is missing): using WASM (single-thread)."
 */
export async function initBackend(
  pref: Exclude<BackendPreference, FusedEngine> = 'auto',
  opts: BackendOptions = {},
): Promise<BackendInfo> {
  const gpu = pref === 'auto' || pref === 'webgpu' ? await probeWebGpu() : null;
  const wantGpu = gpu?.available && (pref === 'webgpu' || !gpu.software);
  if (gpu && wantGpu && (await register('webgpu', opts))) {
    const reason =
      pref === 'webgpu'
        ? `WebGPU requested (${gpu.description}${gpu.software ? ', a software adapter' : ''}).`
        : `WebGPU on a hardware GPU (${gpu.description}).`;
    return { name: 'webgpu', reason, isSoftware: gpu.software };
  }
  const notes: string[] = [];
  const first = webGpuNote(pref, gpu);
  if (first) notes.push(first);
  const order = FALLBACK_ORDER.includes(pref as BackendName)
    ? [pref as BackendName, ...FALLBACK_ORDER.filter((b) => b !== pref)]
    : FALLBACK_ORDER;
  for (const name of order) {
    if (await register(name, opts)) {
      const renderer = name === 'webgl' ? webglRenderer() : '';
      const label = renderer ? `${LABEL[name]} on ${renderer}` : LABEL[name];
      const reason =
        notes.length === 0 ? `${label} requested.` : `${notes.join('; ')}: using ${label}.`;
      const isSoftware = name === 'webgl' ? SOFTWARE_RENDERER.test(renderer) : true;
      return { name, reason, isSoftware };
    }
    notes.push(
      name === pref ? `${LABEL[name]} requested but it failed to start` : `${LABEL[name]} failed`,
    );
  }
  throw new Error(`No tfjs backend could start: ${notes.join('; ')}.`);
}

/** The WebGPU device behind the current backend, if that backend is WebGPU. */
function currentDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GPUDevice }).device ?? null;
}

/**
 * Calls `listener` once if the current backend's WebGPU device is lost: `device.lost` is the
 * first sign; the errors the loss causes (failed `mapAsync`, unmapped buffers) come after.
 */
export function onDeviceLost(listener: (reason: string) => void): void {
  const device = currentDevice();
  void device?.lost.then((info) => {
    // A device the app has already left behind (after a fallback) is nobody's concern.
    if (currentDevice() !== device) return;
    listener(`${info.reason ?? 'unknown reason'}${info.message ? `: ${info.message}` : ''}`);
  });
}

/** Destroys the current WebGPU device, as a driver reset would (fault-injection tests). */
export function loseDeviceForTest(): boolean {
  const device = currentDevice();
  device?.destroy();
  return device !== null;
}

/** Live tensors and their bytes on the current backend (the soak script reads it). */
export function tensorMemory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}
