/**
 * The headless trainer's report on a class-conditional network (`--conditional`): for each
 * guidance scale w, samples with label c for every class c and measures the exact W2 of the
 * class-c samples to fresh class-c target points, and the class accuracy: the share of
 * class-c samples whose nearest fresh target point (any class) has label c.
 */
import { DATASETS } from '../src/flow/datasets';
import { w2Exact } from '../src/flow/metrics';
import { createRng, sampleNormal } from '../src/flow/rng';
import { SOLVERS } from '../src/flow/solvers';
import type { Scheduler } from '../src/flow/types';
import type { VelocityMlp } from '../src/model/mlp';
import { sampleFlow } from '../src/model/sampler';
import type { TrainOptions } from './trainArgs';

export interface GuidanceRow {
  w: number;
  /** Exact W2 of class c's samples to class-c target points, per class. */
  w2: number[];
  /** Share of class c's samples whose nearest target point has label c, per class. */
  accuracy: number[];
  /** Network evaluations per particle (two per ODE evaluation when w > 0). */
  nfe: number;
}

/** `count` fresh target points of each class (drawn from one labelled sample), class-major. */
export function freshByClass(opts: TrainOptions, classes: number, count: number) {
  const n = 4 * count * classes;
  const labels = new Uint8Array(n);
  const points = DATASETS[opts.dataset].sample(n, createRng(opts.seed + 77), labels);
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  for (let i = 0; i < n; i++) {
    const list = byClass[labels[i]!]!;
    if (list.length < 2 * count) list.push(points[2 * i]!, points[2 * i + 1]!);
  }
  if (byClass.some((l) => l.length < 2 * count)) throw new Error('too few points of a class');
  return { points, labels, byClass: byClass.map((l) => Float32Array.from(l)) };
}

/** Label of the target point nearest to (x, y). */
function nearestLabel(points: Float32Array, labels: Uint8Array, x: number, y: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < labels.length; i++) {
    const d = (points[2 * i]! - x) ** 2 + (points[2 * i + 1]! - y) ** 2;
    if (d < bestD) [best, bestD] = [i, d];
  }
  return labels[best]!;
}

/** Per-class W2 and class accuracy of the network's guided samples for each w. */
export async function guidanceTable(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  opts: TrainOptions,
): Promise<GuidanceRow[]> {
  const classes = mlp.config.classes ?? 0;
  const count = Math.floor(opts.samples / classes);
  const fresh = freshByClass(opts, classes, count);
  const labels = Uint8Array.from({ length: count * classes }, (_, i) => Math.floor(i / count));
  const steps = Math.max(1, Math.floor(opts.nfe / SOLVERS[opts.solver].b.length));
  const x0 = sampleNormal(count * classes, createRng(opts.seed + 5), scheduler.sourceScale);
  const rows: GuidanceRow[] = [];
  for (const w of opts.guidance) {
    const r = await sampleFlow(mlp, x0, {
      solver: opts.solver,
      steps,
      scheduler,
      labels,
      guidance: w,
    });
    const w2: number[] = [];
    const accuracy: number[] = [];
    for (let c = 0; c < classes; c++) {
      const mine = r.x.slice(2 * c * count, 2 * (c + 1) * count);
      w2.push(mine.every(Number.isFinite) ? w2Exact(mine, fresh.byClass[c]!) : NaN);
      let right = 0;
      for (let i = 0; i < count; i++) {
        if (nearestLabel(fresh.points, fresh.labels, mine[2 * i]!, mine[2 * i + 1]!) === c) right++;
      }
      accuracy.push(right / count);
    }
    rows.push({ w, w2, accuracy, nfe: r.nfe });
  }
  return rows;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/** The table as text: one row per w, mean and per-class figures. */
export function guidanceText(rows: GuidanceRow[]): string {
  const head = '   w   NFE  mean W2  accuracy  per-class W2 | per-class accuracy';
  const lines = rows.map(
    (r) =>
      `${r.w.toFixed(1).padStart(4)} ${String(r.nfe).padStart(5)}  ${mean(r.w2).toFixed(4)}   ` +
      `${(100 * mean(r.accuracy)).toFixed(1).padStart(5)} %   ${r.w2.map((v) => v.toFixed(3)).join(' ')} | ` +
      r.accuracy.map((v) => (100 * v).toFixed(0)).join(' '),
  );
  return [head, ...lines].join('\n');
}
