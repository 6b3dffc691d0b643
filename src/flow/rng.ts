import type { Rng } from './types';

/** splitmix32: scrambles a seed into well-spread 32-bit state words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seeded generator (xoshiro128**, normals by the polar Box–Muller method).
 * Same seed, same stream, in Node and in every browser: a seed in a URL reproduces a run.
 */
export function createRng(seed: number): Rng {
  const init = splitmix32(Math.floor(seed) ^ 0x5bd1e995);
  return restoreRng([init(), init(), init(), init()]);
}

/** A generator continuing from a state saved by `rng.state()` (checkpoint/resume). */
export function restoreRng(saved: readonly number[]): Rng {
  let [a = 1, b = 0, c = 0, d = 0] = saved.map((v) => v >>> 0);
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | null = saved.length > 4 && Number.isFinite(saved[4]) ? saved[4]! : null;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const uniform = (): number => nextU32() / 4294967296;

  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u: number, v: number, r: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    spare = v * f;
    return u * f;
  };

  return {
    uniform,
    normal,
    int: (n: number) => Math.floor(uniform() * n),
    fork: () => createRng(nextU32()),
    state: () => (spare === null ? [a, b, c, d] : [a, b, c, d, spare]),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** n points from N(0, scale² I), interleaved. */
export function sampleNormal(n: number, rng: Rng, scale = 1): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < out.length; i++) out[i] = scale * rng.normal();
  return out;
}
