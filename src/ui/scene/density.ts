/**
 * The Density view's computation: the learned flow's exact log-density log p₁ on a k×k grid
 * over the view's square (asked of the worker in row chunks, so the page can show progress),
 * a kernel density estimate of the training points on the same grid, and the mean
 * log-likelihood of held-out target points under both (nats per point).
 */
import { kdeLogDensity } from '../../flow/kde';
import type { Points } from '../../flow/types';
import { WORLD_HALF } from '../../render/canvas';
import type { Settings } from '../../state/settings';
import { createStore } from '../../state/store';
import { heldOutPoints, targetPoints } from '../../state/target';

/** Grid side, RK4 steps backward from t = 1, held-out points, grid rows per request. */
export const DENSITY = { grid: 64, steps: 32, heldOut: 1000, rowsPerChunk: 8 } as const;

export interface DensityResult {
  grid: number;
  /** log p₁ of the network, row-major from the top row (y = +WORLD_HALF) down. */
  model: Float32Array;
  /** log p̂ of the kernel density estimate of the training points, same layout. */
  kde: Float64Array;
  /** Mean log-likelihood (nats) of the held-out points (or of the drawn points themselves). */
  meanModel: number;
  meanKde: number;
  /** How many points it was averaged over, and whether they were held out. */
  count: number;
  heldOut: boolean;
  /** Training step of the network it measured. */
  step: number;
}

/** Centres of a k×k grid over the view's square, top row first. */
export function densityGrid(k: number): Points {
  const pts = new Float32Array(2 * k * k);
  const cell = (2 * WORLD_HALF) / k;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      pts[2 * (i * k + j)] = -WORLD_HALF + (j + 0.5) * cell;
      pts[2 * (i * k + j) + 1] = WORLD_HALF - (i + 0.5) * cell;
    }
  }
  return pts;
}

const mean = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
};

/**
 * Runs the whole measurement; `logp` asks the worker, `progress` gets the fraction done.
 * Returns null when there is no network (logp answered null).
 */
export async function computeDensity(
  settings: Settings,
  step: number,
  logp: (points: Points, steps: number) => Promise<Float32Array | null>,
  progress: (done: number) => void,
): Promise<DensityResult | null> {
  const { grid: k, steps, rowsPerChunk } = DENSITY;
  const grid = densityGrid(k);
  const model = new Float32Array(k * k);
  const chunks = k / rowsPerChunk + 1;
  for (let r = 0; r < k; r += rowsPerChunk) {
    const part = grid.subarray(2 * r * k, 2 * (r + rowsPerChunk) * k);
    const got = await logp(Float32Array.from(part), steps);
    if (!got) return null;
    model.set(got, r * k);
    progress((r / rowsPerChunk + 1) / chunks);
  }
  const train = targetPoints(settings);
  const held = heldOutPoints(settings, DENSITY.heldOut);
  const points = held ?? train;
  const onPoints = await logp(Float32Array.from(points), steps);
  if (!onPoints) return null;
  progress(1);
  return {
    grid: k,
    model,
    kde: kdeLogDensity(train, grid),
    meanModel: mean(onPoints),
    meanKde: mean(kdeLogDensity(train, points)),
    count: points.length / 2,
    heldOut: held !== null,
    step,
  };
}

/** What the Density view shows; it outlives the panel (a tab switch unmounts it). */
export interface DensityState {
  result: DensityResult | null;
  /** Fraction done while computing, else null. */
  progress: number | null;
  error: string | null;
}

/** The Density view's store; `measureDensity` is its one writer. */
export const densityStore = createStore<DensityState>({
  result: null,
  progress: null,
  error: null,
});

/** Runs `computeDensity` once at a time, reporting progress, the result or the error. */
export async function measureDensity(
  settings: Settings,
  step: number,
  logp: (points: Points, steps: number) => Promise<Float32Array | null>,
  noModel: string,
): Promise<void> {
  if (densityStore.getState().progress !== null) return;
  densityStore.setState({ progress: 0, error: null });
  try {
    const r = await computeDensity(settings, step, logp, (progress) =>
      densityStore.setState({ progress }),
    );
    densityStore.setState(r ? { result: r } : { error: noModel });
  } catch (e) {
    densityStore.setState({ error: (e as Error).message });
  } finally {
    densityStore.setState({ progress: null });
  }
}
