import { describe, expect, it } from 'vitest';
import { createRng } from '../flow/rng';
import { fuzzLink } from '../state/linkFuzz';
import { parameterShapes, type MlpConfig } from '../model/mlpConfig';
import {
  base64urlChars,
  decodeLinkModel,
  encodeLinkModel,
  linkModelBytes,
  MAX_LINK_MODEL_CHARS,
} from './linkModel';

const arch: MlpConfig = { width: 64, depth: 3, activation: 'silu', timeEncoding: 'linear' };
function weightsOf(cfg: MlpConfig): Float32Array[] {
  const rng = createRng(5);
  return parameterShapes(cfg).map((s) =>
    Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => 2 * rng.uniform() - 1),
  );
}

describe('a trained network in the link', () => {
  it('the default 3 × 64 network fits: 10 069 bytes, 13 426 characters', () => {
    expect(linkModelBytes(arch)).toBe(5 + (3 * 64 + 64 * 64 * 2 + 64 * 2) + 4 * (64 * 3 + 2) * 2);
    const text = encodeLinkModel(arch, weightsOf(arch), 3000);
    expect(text.length).toBe(base64urlChars(linkModelBytes(arch)));
    expect(text.length).toBe(13426);
    expect(text.length).toBeLessThanOrEqual(MAX_LINK_MODEL_CHARS);
    expect(/^[A-Za-z0-9_-]+$/.test(text)).toBe(true);
  });

  it('round trip: biases exact, each matrix weight within half a step of its column scale', () => {
    const w = weightsOf(arch);
    const r = decodeLinkModel(encodeLinkModel(arch, w, 1234), arch);
    if (!r.ok) throw new Error(r.error.params?.detail as string);
    expect(r.step).toBe(1234);
    parameterShapes(arch).forEach((shape, k) => {
      const [a, b] = [w[k]!, r.weights[k]!];
      if (shape.length === 1) return expect(Array.from(b)).toEqual(Array.from(a));
      const cols = shape[1]!;
      for (let j = 0; j < cols; j++) {
        let m = 0;
        for (let i = j; i < a.length; i += cols) m = Math.max(m, Math.abs(a[i]!));
        const s = Math.fround(m / 127);
        for (let i = j; i < a.length; i += cols) {
          expect(Math.abs(b[i]! - a[i]!)).toBeLessThanOrEqual(s / 2 + 1e-7);
        }
      }
    });
  });

  it('refuses weights for another architecture, bad text, bad scales, too long', () => {
    const text = encodeLinkModel(arch, weightsOf(arch), 1);
    const other = { ...arch, width: 32 };
    const r = decodeLinkModel(text, other);
    expect(!r.ok && r.error.params?.detail).toMatch(/10069 bytes, but a 3 × 32 network needs/);
    expect(decodeLinkModel(text.slice(0, -8), arch).ok).toBe(false);
    expect(decodeLinkModel('%%%', arch).ok).toBe(false);
    expect(decodeLinkModel('A'.repeat(MAX_LINK_MODEL_CHARS + 1), arch).ok).toBe(false);
    // A zero scale (bytes 5…8 are the first matrix's first scale).
    const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    );
    bytes.fill(0, 5, 9);
    const zero = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    const z = decodeLinkModel(zero.replace(/=+$/, ''), arch);
    expect(!z.ok && z.error.params?.detail).toMatch(/scale/);
    bytes[0] = 9;
    expect(decodeLinkModel(btoa(String.fromCharCode(...bytes)).replace(/=+$/, ''), arch).ok).toBe(
      false,
    );
  });

  it('never throws on the link fuzz’s values', () => {
    const rng = createRng(77);
    for (let i = 0; i < 500; i++) {
      for (const [, v] of new URLSearchParams(fuzzLink(rng).slice(1))) {
        expect(() => decodeLinkModel(v, arch)).not.toThrow();
      }
    }
  });
});

describe('a conditional network in the link', () => {
  it('carries the one-hot rows of W_1; an unconditional architecture refuses it', () => {
    const cond: MlpConfig = { ...arch, classes: 4 };
    expect(linkModelBytes(cond) - linkModelBytes(arch)).toBe(4 * 64);
    const text = encodeLinkModel(cond, weightsOf(cond), 10);
    const back = decodeLinkModel(text, cond);
    if (!back.ok) throw new Error(back.error.key);
    expect(back.weights[0]!.length).toBe((3 + 4) * 64);
    const wrong = decodeLinkModel(text, arch);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.params?.detail).toMatch(/3 × 64 network needs/);
    const other = decodeLinkModel(encodeLinkModel(arch, weightsOf(arch), 1), cond);
    if (!other.ok) expect(other.error.params?.detail).toMatch(/3 × 64 4-class network/);
    expect(other.ok).toBe(false);
  });
});
