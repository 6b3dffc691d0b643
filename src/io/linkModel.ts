/**
 * A trained network inside a link (`…#w=64&…&m=…`): the weights 8-bit quantized like the
 * shipped files (model/quantize.ts: per output unit W_ij ≈ s_j q_ij, s_j = max_i |W_ij| / 127),
 * biases and scales as float32, the step as uint32, all little-endian, as base64url. The
 * architecture is not repeated: it is the link's own settings (w, d, act), so the byte count
 * must match exactly (a conditional network's `classes` too: its link settings say how many,
 * and the one-hot rows of W_1 are part of the bytes). Links carry it only up to
 * MAX_LINK_MODEL_CHARS.
 */
import { parameterShapes, type MlpConfig } from '../model/mlpConfig';
import { refuse, type Outcome } from './refusal';

/** Link key of the weights. */
export const LINK_MODEL_KEY = 'm';
/** Longest weights text a link carries: the default 3 × 64 network needs about 13.4 KB. */
export const MAX_LINK_MODEL_CHARS = 16_000;
const FORMAT_BYTE = 1;

/** Bytes the weights of `arch` take (format byte, step, scales + int8 codes, biases). */
export function linkModelBytes(arch: MlpConfig): number {
  return parameterShapes(arch).reduce(
    (sum, s) => sum + (s.length === 2 ? 4 * s[1]! + s[0]! * s[1]! : 4 * s[0]!),
    5,
  );
}

/** Characters of base64url for `bytes` bytes (no padding). */
export const base64urlChars = (bytes: number) => Math.ceil((bytes * 4) / 3);

function toBase64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The weights (in parameterShapes order) and step as link text. */
export function encodeLinkModel(
  arch: MlpConfig,
  weights: readonly Float32Array[],
  step: number,
): string {
  const bytes = new Uint8Array(linkModelBytes(arch));
  const view = new DataView(bytes.buffer);
  view.setUint8(0, FORMAT_BYTE);
  view.setUint32(1, Math.max(0, Math.min(2 ** 32 - 1, Math.round(step))), true);
  let at = 5;
  parameterShapes(arch).forEach((shape, k) => {
    const w = weights[k]!;
    if (shape.length === 1) {
      for (const v of w) {
        view.setFloat32(at, v, true);
        at += 4;
      }
      return;
    }
    const [rows, cols] = shape as [number, number];
    const scales = Array.from({ length: cols }, (_, j) => {
      let m = 0;
      for (let i = 0; i < rows; i++) m = Math.max(m, Math.abs(w[i * cols + j]!));
      return m > 0 ? Math.fround(m / 127) : 1;
    });
    for (const s of scales) {
      view.setFloat32(at, s, true);
      at += 4;
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const q = Math.max(-127, Math.min(127, Math.round(w[i * cols + j]! / scales[j]!)));
        view.setInt8(at++, q);
      }
    }
  });
  return toBase64url(bytes);
}

/** Decodes `encodeLinkModel` for the link's architecture; never throws. */
export function decodeLinkModel(
  text: string,
  arch: MlpConfig,
): Outcome<{ weights: Float32Array[]; step: number }> {
  if (text.length > MAX_LINK_MODEL_CHARS) {
    return refuse('ioLinkModelBad', { detail: `longer than ${MAX_LINK_MODEL_CHARS} characters` });
  }
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    return refuse('ioLinkModelBad', { detail: 'not base64url text' });
  }
  let bin: string;
  try {
    bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return refuse('ioLinkModelBad', { detail: 'not base64url text' });
  }
  const need = linkModelBytes(arch);
  if (bin.length !== need) {
    return refuse('ioLinkModelBad', {
      detail: `${bin.length} bytes, but a ${arch.depth} × ${arch.width}${arch.classes ? ` ${arch.classes}-class` : ''} network needs ${need}`,
    });
  }
  const view = new DataView(Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer);
  if (view.getUint8(0) !== FORMAT_BYTE) {
    return refuse('ioLinkModelBad', { detail: `unknown format ${view.getUint8(0)}` });
  }
  const step = view.getUint32(1, true);
  let at = 5;
  const weights: Float32Array[] = [];
  for (const shape of parameterShapes(arch)) {
    const [rows, cols] = shape.length === 2 ? (shape as [number, number]) : [1, shape[0]!];
    const w = new Float32Array(rows * cols);
    if (shape.length === 1) {
      for (let j = 0; j < cols; j++, at += 4) w[j] = view.getFloat32(at, true);
    } else {
      const scales = Array.from({ length: cols }, (_, j) => view.getFloat32(at + 4 * j, true));
      at += 4 * cols;
      if (!scales.every((s) => Number.isFinite(s) && s > 0)) {
        return refuse('ioLinkModelBad', { detail: 'a scale is not a positive number' });
      }
      for (let i = 0; i < rows * cols; i++) w[i] = view.getInt8(at++) * scales[i % cols]!;
    }
    if (!w.every(Number.isFinite)) {
      return refuse('ioLinkModelBad', { detail: 'a weight is not a finite number' });
    }
    weights.push(w);
  }
  return { ok: true, weights, step };
}
