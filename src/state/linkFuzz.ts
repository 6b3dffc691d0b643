/**
 * Generated hostile-but-fair links for fuzz tests (unit tests, e2e, the soak script): real
 * keys with valid, malformed, huge, invisible-character and injection values, plus unknown
 * keys and broken escapes. Seeded, so a failure names its link and repeats.
 */
import type { Rng } from '../flow/types';

const KEYS = [
  'ds',
  'pts',
  'sch',
  'sp',
  'cp',
  'w',
  'd',
  'act',
  'lr',
  'b',
  'seed',
  'ema',
  'sol',
  'sig',
  'csig',
];
const MORE_KEYS = [
  'n',
  'p',
  'ov',
  'lang',
  'backend',
  'speed',
  'loop',
  'bs',
  'bd',
  'view',
  'lesson',
  'scene',
  'm',
  'tol',
];
/** The class-conditional keys (state/classes.ts) and values aimed at them. */
const CLASS_KEYS = ['cond', 'pdrop', 'cfg', 'cls', 'lab', 'bc'];
const CLASS_VALUES = [
  'mix',
  'none',
  '7',
  '8',
  '20',
  '20.5',
  'a3b2',
  'abc',
  'a4001',
  'd',
  'a0',
  'c',
];
const EMBED_KEYS = ['embed', 'controls', 'autoplay'];
/** Values aimed at the embed keys: valid lists, near misses and mixed pages. */
const EMBED_VALUES = [
  'learned',
  'conditional+learned',
  'conditional learned',
  'compare',
  'loss+quality',
  'learned+ot',
  'ot+vp+ve+nfe+metrics',
  'learned+learned',
  'train,time',
  'train,time,preset,scheduler',
  'train,,time',
  'train,bogus',
  '1',
  '',
];
const VALUES = [
  'moons',
  'drawn',
  'ot',
  'vp',
  've',
  'cosine',
  'rk4',
  'heun',
  'dopri5',
  '1e-7',
  '0.5',
  'silu',
  'zh',
  'en',
  'wasm',
  'compare',
  'playground',
  'lesson',
  'intro',
  'noise',
  '9',
  '41',
  '0',
  '1',
  '-1',
  '3',
  '64',
  '1e-3',
  '0.1',
  '10',
  '1000',
  '1e19',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '',
  ' ',
  'bmin:0.1,bmax:20',
  'smin:0.01,smax:1e19',
  'smax:-5',
  'bmin:x',
  'zz:1',
  'ltfeh',
  'ltfehn',
  'xyz',
  'AAAA',
  'AAA',
  '%%%',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '"quoted"',
  '\u202eevil',
  '\u0000nul',
  '\u200b',
  '中文',
  '😀',
  '%E0%A4%A',
  '%ZZ',
  '__proto__',
  'constructor',
];

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)]!;

function value(rng: Rng): string {
  const r = rng.uniform();
  if (r < 0.55) return pick(rng, VALUES);
  if (r < 0.7) return String((rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 40 - 10));
  if (r < 0.85) return pick(rng, VALUES).repeat(1 + Math.floor(rng.uniform() * 3000));
  return Array.from({ length: Math.floor(rng.uniform() * 60) }, () =>
    String.fromCharCode(Math.floor(rng.uniform() * 0x3000)),
  ).join('');
}

/** One link hash (with '#'), made of 1–8 fields. */
export function fuzzLink(rng: Rng): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rng.uniform() * 8);
  for (let i = 0; i < n; i++) {
    const r = rng.uniform();
    const key =
      r < 0.55
        ? pick(rng, KEYS)
        : r < 0.65
          ? pick(rng, EMBED_KEYS)
          : r < 0.75
            ? pick(rng, CLASS_KEYS)
            : r < 0.9
              ? pick(rng, MORE_KEYS)
              : value(rng);
    const aimed = rng.uniform() < 0.5;
    const v =
      EMBED_KEYS.includes(key) && aimed
        ? pick(rng, EMBED_VALUES)
        : CLASS_KEYS.includes(key) && aimed
          ? pick(rng, CLASS_VALUES)
          : value(rng);
    parts.push(
      rng.uniform() < 0.8 ? `${encodeURIComponent(key)}=${encodeURIComponent(v)}` : `${key}=${v}`,
    );
  }
  return `#${parts.join('&')}`;
}
