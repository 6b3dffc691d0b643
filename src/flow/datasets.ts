/**
 * Target data sets with the exact generating definitions of MATH.md §5 (torchcfm's runner for
 * moons and scurve, FFJORD's toy_data.py for the rest; sklearn's generators reproduced here).
 * All randomness comes from the seeded generator passed in.
 */
import type { Dataset, Points, Rng } from './types';

/** Evenly spaced values: numpy linspace(start, stop, n, endpoint). */
function linspace(start: number, stop: number, n: number, endpoint = true): number[] {
  const div = endpoint ? Math.max(n - 1, 1) : n;
  return Array.from({ length: n }, (_, i) => start + ((stop - start) * i) / div);
}

/**
 * In-place Fisher–Yates shuffle of point order (sklearn's shuffle=True); the labels, when
 * given, move with their points (the draws are the same with or without them).
 */
function shufflePoints(p: Points, rng: Rng, labels?: Uint8Array): Points {
  for (let i = p.length / 2 - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const ax = p[2 * i]!;
    const ay = p[2 * i + 1]!;
    p[2 * i] = p[2 * j]!;
    p[2 * i + 1] = p[2 * j + 1]!;
    p[2 * j] = ax;
    p[2 * j + 1] = ay;
    if (labels) {
      const c = labels[i]!;
      labels[i] = labels[j]!;
      labels[j] = c;
    }
  }
  return p;
}

/** Point i is fn(i) = [x, y, class]; the class goes to labels[i] when labels are asked for. */
function fromFn(
  n: number,
  fn: (i: number) => readonly [number, number, number?],
  labels?: Uint8Array,
): Points {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [x, y, c] = fn(i);
    out[2 * i] = x;
    out[2 * i + 1] = y;
    if (labels) labels[i] = c ?? 0;
  }
  return out;
}

/**
 * sklearn make_moons(noise = 0.05), then ×2 and x − 1 only (torchcfm runner; y is not shifted).
 * Classes: 0 the upper (outer) moon, 1 the lower (inner) one.
 */
function moons(n: number, rng: Rng, labels?: Uint8Array): Points {
  const nOut = Math.floor(n / 2);
  const outer = linspace(0, Math.PI, nOut);
  const inner = linspace(0, Math.PI, n - nOut);
  const p = fromFn(
    n,
    (i) => {
      const onOuter = i < nOut;
      const a = onOuter ? outer[i]! : inner[i - nOut]!;
      const x = onOuter ? Math.cos(a) : 1 - Math.cos(a);
      const y = onOuter ? Math.sin(a) : 1 - Math.sin(a) - 0.5;
      return [(x + 0.05 * rng.normal()) * 2 - 1, (y + 0.05 * rng.normal()) * 2, onOuter ? 0 : 1];
    },
    labels,
  );
  return shufflePoints(p, rng, labels);
}

/** sklearn make_s_curve(noise = 0.05), dims [0, 2], ×1.5. Classes: the halves t < 0, t ≥ 0. */
function scurve(n: number, rng: Rng, labels?: Uint8Array): Points {
  return fromFn(
    n,
    () => {
      const t = 3 * Math.PI * (rng.uniform() - 0.5);
      rng.uniform(); // the discarded y = 2U coordinate keeps sklearn's draw order
      const x = Math.sin(t) + 0.05 * rng.normal();
      rng.normal(); // noise of the discarded coordinate
      const z = Math.sign(t) * (Math.cos(t) - 1) + 0.05 * rng.normal();
      return [1.5 * x, 1.5 * z, t < 0 ? 0 : 1];
    },
    labels,
  );
}

/** FFJORD 8gaussians: centres 4·(8 directions), + 0.5·N(0, I), then ÷ 1.414. Classes: the centre. */
function eightGaussians(n: number, rng: Rng, labels?: Uint8Array): Points {
  const r = 1 / Math.SQRT2;
  const centres = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
    [r, r],
    [r, -r],
    [-r, r],
    [-r, -r],
  ] as const;
  return fromFn(
    n,
    () => {
      const px = 0.5 * rng.normal();
      const py = 0.5 * rng.normal();
      const k = rng.int(8);
      const c = centres[k]!;
      return [(px + 4 * c[0]) / 1.414, (py + 4 * c[1]) / 1.414, k];
    },
    labels,
  );
}

/**
 * FFJORD checkerboard: x = 4U − 2; y = U − 2·randint{0,1} + (⌊x⌋ mod 2); both ×2. Classes: the
 * randint (0: the upper square of each column, 1: the lower).
 */
function checkerboard(n: number, rng: Rng, labels?: Uint8Array): Points {
  return fromFn(
    n,
    () => {
      const x = rng.uniform() * 4 - 2;
      const u = rng.uniform();
      const k = rng.int(2);
      const y = u - k * 2 + (((Math.floor(x) % 2) + 2) % 2);
      return [2 * x, 2 * y, k];
    },
    labels,
  );
}

/** FFJORD 2spirals: radius √U·540°, two mirrored arms, ÷3, + 0.1·N(0, I). Classes: the arm. */
function twoSpirals(n: number, rng: Rng, labels?: Uint8Array): Points {
  return fromFn(
    n,
    (i) => {
      const s = Math.sqrt(rng.uniform()) * ((540 * 2 * Math.PI) / 360);
      const dx = -Math.cos(s) * s + rng.uniform() * 0.5;
      const dy = Math.sin(s) * s + rng.uniform() * 0.5;
      const sign = i % 2 === 0 ? 1 : -1;
      return [(sign * dx) / 3 + 0.1 * rng.normal(), (sign * dy) / 3 + 0.1 * rng.normal(), i % 2];
    },
    labels,
  );
}

/** FFJORD pinwheel: 5 arms, radial std 0.3, tangential std 0.1, rate 0.25, ×2. Classes: the arm. */
function pinwheel(n: number, rng: Rng, labels?: Uint8Array): Points {
  const p = fromFn(
    n,
    (i) => {
      const f0 = 0.3 * rng.normal() + 1;
      const f1 = 0.1 * rng.normal();
      const angle = ((i % 5) * 2 * Math.PI) / 5 + 0.25 * Math.exp(f0);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      return [2 * (f0 * c + f1 * s), 2 * (-f0 * s + f1 * c), i % 5];
    },
    labels,
  );
  return shufflePoints(p, rng, labels);
}

/** FFJORD rings: 4 concentric circles of radii 3, 2.25, 1.5, 0.75, + 0.08·N(0, I). Classes: the ring. */
function rings(n: number, rng: Rng, labels?: Uint8Array): Points {
  const q = Math.floor(n / 4);
  const counts = [q, q, q, n - 3 * q];
  const radii = [1, 0.75, 0.5, 0.25];
  const pts: number[] = [];
  counts.forEach((count, k) => {
    for (const a of linspace(0, 2 * Math.PI, count, false)) {
      if (labels) labels[pts.length / 2] = k;
      pts.push(3 * radii[k]! * Math.cos(a), 3 * radii[k]! * Math.sin(a));
    }
  });
  const p = shufflePoints(Float32Array.from(pts), rng, labels);
  for (let i = 0; i < p.length; i++) p[i] = p[i]! + 0.08 * rng.normal();
  return p;
}

/**
 * FFJORD swissroll: sklearn make_swiss_roll(noise = 1.0), dims [0, 2], ÷5. Classes: the inner
 * (t < 3π) and outer half of the roll.
 */
function swissroll(n: number, rng: Rng, labels?: Uint8Array): Points {
  return fromFn(
    n,
    () => {
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      rng.uniform(); // the discarded height coordinate
      const x = t * Math.cos(t) + rng.normal();
      rng.normal();
      const z = t * Math.sin(t) + rng.normal();
      return [x / 5, z / 5, t < 3 * Math.PI ? 0 : 1];
    },
    labels,
  );
}

/** FFJORD circles: sklearn make_circles(factor = 0.5, noise = 0.08), ×3. Classes: 0 outer, 1 inner. */
function circles(n: number, rng: Rng, labels?: Uint8Array): Points {
  const nOut = Math.floor(n / 2);
  const outer = linspace(0, 2 * Math.PI, nOut, false);
  const inner = linspace(0, 2 * Math.PI, n - nOut, false);
  const p = fromFn(
    n,
    (i) => {
      const onOuter = i < nOut;
      const a = onOuter ? outer[i]! : inner[i - nOut]!;
      const r = onOuter ? 1 : 0.5;
      return [
        3 * (r * Math.cos(a) + 0.08 * rng.normal()),
        3 * (r * Math.sin(a) + 0.08 * rng.normal()),
        onOuter ? 0 : 1,
      ];
    },
    labels,
  );
  return shufflePoints(p, rng, labels);
}

const entry = <I extends string>(
  id: I,
  label: string,
  classes: number,
  sample: Dataset['sample'],
) => ({ id, label, classes, sample });

/** The registry: add a data set here (plus `ds_<id>` in both catalogues and a test). */
export const DATASETS = {
  moons: entry('moons', 'Two moons', 2, moons),
  scurve: entry('scurve', 'S-curve', 2, scurve),
  '8gaussians': entry('8gaussians', '8 Gaussians', 8, eightGaussians),
  checkerboard: entry('checkerboard', 'Checkerboard', 2, checkerboard),
  '2spirals': entry('2spirals', 'Two spirals', 2, twoSpirals),
  pinwheel: entry('pinwheel', 'Pinwheel', 5, pinwheel),
  rings: entry('rings', 'Rings', 4, rings),
  swissroll: entry('swissroll', 'Swiss roll', 2, swissroll),
  circles: entry('circles', 'Circles', 2, circles),
} satisfies Record<string, Dataset>;

/** Identifier of a target data set (MATH.md §5): a key of the registry. */
export type DatasetId = keyof typeof DATASETS;

export const DATASET_IDS = Object.keys(DATASETS) as DatasetId[];

/** The data set with this id, or undefined (for parsing URLs and CLI flags). */
export function getDataset(id: string): Dataset | undefined {
  return Object.prototype.hasOwnProperty.call(DATASETS, id) ? DATASETS[id as DatasetId] : undefined;
}
