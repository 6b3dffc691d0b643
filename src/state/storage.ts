/**
 * localStorage when it works. Sandboxed iframes, private modes and file:// pages may throw on
 * any access, so every call is guarded and nothing depends on storage being there.
 */
export function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): boolean {
  try {
    globalThis.localStorage?.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export const LANGUAGE_KEY = 'fm-playground.language';
