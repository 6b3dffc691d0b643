/**
 * 8-bit weights for shipped model files: a matrix W (in × out, row-major) is stored as int8
 * codes q with one scale per output unit, W_ij ≈ s_j q_ij, s_j = max_i |W_ij| / 127, so the
 * error of each weight is at most s_j / 2. A quarter of float32's size; the codes travel as
 * base64 inside the JSON model file. Plain TypeScript: runs in Node, pages and workers.
 */

/** Int8 codes (base64) and one scale per column of an (in × out) row-major matrix. */
export interface Int8Columns {
  int8: string;
  scales: number[];
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/** Quantizes an (rows × cols) matrix column by column: q = round(W / s), s = max|W_col| / 127. */
export function encodeInt8Columns(w: Float32Array, rows: number, cols: number): Int8Columns {
  const scales = Array.from({ length: cols }, (_, j) => {
    let m = 0;
    for (let i = 0; i < rows; i++) m = Math.max(m, Math.abs(w[i * cols + j]!));
    // Rounded to 6 digits (a shorter file); the codes are computed with the rounded scale.
    return m > 0 ? Number((m / 127).toPrecision(6)) : 1;
  });
  const q = new Int8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = Math.round(w[i * cols + j]! / scales[j]!);
      q[i * cols + j] = Math.max(-127, Math.min(127, v));
    }
  }
  return { int8: toBase64(new Uint8Array(q.buffer)), scales };
}

/**
 * Decodes `encodeInt8Columns`; null when the codes are not rows × cols bytes of base64 or a
 * scale is not a finite positive number (the caller words the error).
 */
export function decodeInt8Columns(
  enc: Int8Columns,
  rows: number,
  cols: number,
): Float32Array | null {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(enc.int8);
  } catch {
    return null;
  }
  if (bytes.length !== rows * cols || enc.scales.length !== cols) return null;
  if (!enc.scales.every((s) => typeof s === 'number' && Number.isFinite(s) && s > 0)) return null;
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) w[i * cols + j] = q[i * cols + j]! * enc.scales[j]!;
  }
  return w;
}
