/**
 * The target editor's tools as pure functions on interleaved point lists: the spray brush
 * scatters points uniformly in a disc, the eraser removes those inside one.
 */
import type { Rng } from '../../flow/types';
import { MAX_DRAWN } from '../../state/settings';

/** `count` points uniform in the disc of radius `size/2` around (cx, cy), appended to `points`. */
export function spray(
  points: readonly number[],
  cx: number,
  cy: number,
  size: number,
  count: number,
  rng: Rng,
): number[] {
  const room = Math.max(0, MAX_DRAWN - points.length / 2);
  const out = points.slice();
  for (let i = 0; i < Math.min(count, room); i++) {
    const r = (size / 2) * Math.sqrt(rng.uniform());
    const a = 2 * Math.PI * rng.uniform();
    out.push(round3(cx + r * Math.cos(a)), round3(cy + r * Math.sin(a)));
  }
  return out;
}

/** The points outside the disc of radius `size/2` around (cx, cy). */
export function erase(points: readonly number[], cx: number, cy: number, size: number): number[] {
  const r2 = (size / 2) ** 2;
  const out: number[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if ((x - cx) ** 2 + (y - cy) ** 2 > r2) out.push(x, y);
  }
  return out;
}

/** The URL keeps a thousandth of a unit; rounding here keeps a link's points identical. */
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * A drawing: interleaved points and one class per point (empty: every point is class 0, so
 * a one-colour drawing's link carries no classes).
 */
export interface Drawing {
  points: number[];
  labels: number[];
}

/** `spray` that records the class `cls` for each new point (the other points keep theirs). */
export function sprayClass(
  d: Drawing,
  cx: number,
  cy: number,
  size: number,
  count: number,
  rng: Rng,
  cls: number,
): Drawing {
  const points = spray(d.points, cx, cy, size, count, rng);
  const added = (points.length - d.points.length) / 2;
  if (cls === 0 && d.labels.length === 0) return { points, labels: [] };
  const labels = d.labels.length
    ? d.labels.slice()
    : new Array<number>(d.points.length / 2).fill(0);
  for (let i = 0; i < added; i++) labels.push(cls);
  return { points, labels };
}

/** `erase` that keeps the classes of the points that stay. */
export function eraseClass(d: Drawing, cx: number, cy: number, size: number): Drawing {
  const r2 = (size / 2) ** 2;
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < d.points.length; i += 2) {
    const x = d.points[i]!;
    const y = d.points[i + 1]!;
    if ((x - cx) ** 2 + (y - cy) ** 2 > r2) {
      points.push(x, y);
      if (d.labels.length) labels.push(d.labels[i / 2]!);
    }
  }
  return { points, labels };
}
