/** Test helper: the WASM backend in Node (the fastest here), plain CPU if WASM cannot start. */
import { initBackend, type BackendInfo } from './backend';

let ready: Promise<BackendInfo> | null = null;

export function useNodeBackend(): Promise<BackendInfo> {
  ready ??= initBackend('wasm');
  return ready;
}
