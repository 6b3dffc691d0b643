/**
 * The slow-motion step's stages and what the views draw at each: the first SHOWN_PAIRS pairs
 * of the step's batch (its paths, t, xt, u, v and errors), and the numbers of the whole batch.
 * Pure: a StepTrace and the path in, plain arrays and figures out.
 */
import { conditionalPathPolyline, conditionalPoint } from '../../flow/paths';
import type { Scheduler } from '../../flow/types';
import { pairedData, type StepTrace } from '../../model/stepTrace';
import type { SlowMoPicture } from '../../render/slowmo';

/** The stages in the order they are shown. */
export const SLOWMO_STAGES = [
  'points',
  'pairing',
  'times',
  'xt',
  'target',
  'network',
  'error',
  'update',
] as const;
export type SlowMoStageId = (typeof SLOWMO_STAGES)[number];

/** Pairs drawn (the first of the batch); every number is over the whole batch. */
export const SHOWN_PAIRS = 64;
const PATH_FRAMES = 32;

/** The figures of one step, over the whole batch. */
export interface SlowMoNumbers {
  step: number;
  batch: number;
  shown: number;
  loss: number;
  /** Mean of ½‖v − u‖² (equals the loss up to float rounding). */
  meanError: number;
  maxError: number;
  tMin: number;
  tMax: number;
  /** Mean ‖u‖ and ‖v‖. */
  meanU: number;
  meanV: number;
  updateNorm: number;
  lr: number;
  /** A conditional step's row labels: K, rows per class, rows dropped to ∅, row 1's label. */
  labels?: { classes: number; counts: number[]; dropped: number; first: number };
}

/** Class counts of a conditional trace's rows (∅ counted apart), or undefined. */
function labelNumbers(trace: StepTrace): SlowMoNumbers['labels'] {
  const { labels, classes } = trace;
  if (!labels || !classes) return undefined;
  const counts = new Array<number>(classes).fill(0);
  let dropped = 0;
  for (const c of labels) {
    if (c < classes) counts[c]!++;
    else dropped++;
  }
  return { classes, counts, dropped, first: labels[0]! };
}

const norms = (a: Float32Array) =>
  Array.from({ length: a.length / 2 }, (_, i) => Math.hypot(a[2 * i]!, a[2 * i + 1]!));
const mean = (xs: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
};

export function numbersOf(trace: StepTrace): SlowMoNumbers {
  return {
    step: trace.step,
    batch: trace.batch,
    shown: Math.min(SHOWN_PAIRS, trace.batch),
    loss: trace.loss,
    meanError: mean(trace.err),
    maxError: Math.max(...trace.err),
    tMin: Math.min(...trace.t),
    tMax: Math.max(...trace.t),
    meanU: mean(norms(trace.u)),
    meanV: mean(norms(trace.v)),
    updateNorm: trace.updateNorm,
    lr: trace.lr,
    ...(trace.labels ? { labels: labelNumbers(trace) } : {}),
  };
}

/** The first SHOWN_PAIRS pairs, ready to draw: each path from its start to x1, and the rest. */
export function pictureOf(trace: StepTrace, s: Scheduler): SlowMoPicture {
  const n = Math.min(SHOWN_PAIRS, trace.batch);
  const cut = (a: Float32Array) => a.slice(0, 2 * n);
  const x0 = cut(trace.x0);
  const x1 = cut(pairedData(trace));
  const paths: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const a: [number, number] = [x0[2 * i]!, x0[2 * i + 1]!];
    const b: [number, number] = [x1[2 * i]!, x1[2 * i + 1]!];
    paths.push(conditionalPathPolyline(s, a, b, PATH_FRAMES));
  }
  return {
    n,
    // The noise as the source gives it (VE: σ_max x0), and where each path starts from it.
    noise: x0.map((v) => v * s.sourceScale),
    start: conditionalPoint(s, x0, x1, s.tMin),
    x1,
    paths,
    t: trace.t.slice(0, n),
    tAll: trace.t,
    xt: cut(trace.xt),
    u: cut(trace.u),
    v: cut(trace.v),
    err: trace.err.slice(0, n),
    ...(trace.labels ? { labels: trace.labels.slice(0, n) } : {}),
  };
}
