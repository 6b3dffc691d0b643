/**
 * Sampling the learned flow: integrate dx/dt = v_θ(x, t) from t = 0 to 1 with the same
 * Butcher tableaux as flow/solvers.ts, on tensors, for many particles at once. Each step is
 * one tf.tidy; the whole trajectory comes back in a single readback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { integrateAdaptiveBatch, type BatchVelocityFn } from '../flow/adaptiveBatch';
import { integrate, nfe, SOLVERS } from '../flow/solvers';
import type { Points, Scheduler, SolverId, VelocityFn } from '../flow/types';
import {
  conditioningFor,
  cpuGuided,
  guidedFactor,
  labelTensor,
  predictGuided,
  type Conditioning,
} from './guided';
import { oneHotRows, type VelocityMlp } from './mlp';

export { conditioningFor, guidedFactor, type Conditioning };

/** How to integrate: the tableau, the number of steps, the path (for its safe t range). */
export interface SampleOptions {
  solver: SolverId;
  steps: number;
  /** Its safe t range clamps the times the network sees (VP never reaches t = 1). */
  scheduler: Scheduler;
  /** Keep every frame: (steps + 1) × n × 2 values, frame-major. */
  record?: boolean;
  /** One label per particle for a conditional network (absent: ∅ for all). */
  labels?: Uint8Array;
  /** Guidance scale w ≥ 0 (absent or 0: the plain conditional field). */
  guidance?: number;
}

/**
 * Final points, optionally every frame, and the network evaluations it took per particle
 * (with guidance, two per ODE evaluation: v(x, t, c) and v(x, t, ∅)).
 */
export interface SampleResult {
  x: Points;
  trajectory: Float32Array | null;
  frames: number;
  nfe: number;
}

const clampT = (s: Scheduler, t: number) => Math.min(Math.max(t, s.tMin), s.tMax);

/** One explicit Runge–Kutta step of the tableau on a tensor (call inside tf.tidy). */
function rkStep(
  mlp: VelocityMlp,
  x: tf.Tensor2D,
  t: number,
  h: number,
  solver: SolverId,
  s: Scheduler,
  c: tf.Tensor2D | undefined,
  w: number,
): tf.Tensor2D {
  const tab = SOLVERS[solver];
  const n = x.shape[0];
  const K: tf.Tensor2D[] = [];
  for (let k = 0; k < tab.b.length; k++) {
    let stage = x;
    (tab.a[k] ?? []).forEach((a, j) => {
      if (a !== 0) stage = tf.add(stage, tf.mul(K[j]!, h * a));
    });
    const tk = tf.fill([n, 1], clampT(s, t + tab.c[k]! * h)) as tf.Tensor2D;
    K.push(predictGuided(mlp, stage, tk, c, w));
  }
  let next = x;
  tab.b.forEach((b, k) => {
    if (b !== 0) next = tf.add(next, tf.mul(K[k]!, h * b));
  });
  return next;
}

/** Integrates n particles from x0 through the learned field; one readback at the end. */
export async function sampleFlow(
  mlp: VelocityMlp,
  x0: Points,
  opts: SampleOptions,
): Promise<SampleResult> {
  const { solver, steps, scheduler, record = false } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
  const n = x0.length / 2;
  const cond = conditioningFor(mlp, n, opts);
  const factor = guidedFactor(cond);
  if (mlp.sampleOnDevice) return mlp.sampleOnDevice(x0, { ...opts, ...cond });
  if (mlp.velocityInto) {
    // The fused kernel: the same tableau by flow/solvers' integrator, no tensors at all.
    const field = cpuGuided<number>(mlp.velocityInto.bind(mlp), cond.guidance);
    const v: VelocityFn = (x, t, out) => field(x, clampT(scheduler, t), out, cond.labels);
    const r = integrate(v, x0, { solver, steps, record });
    return { ...r, frames: record ? steps + 1 : 1, nfe: nfe(solver, steps) * factor };
  }
  const h = 1 / steps;
  let x = tf.tensor2d(x0, [n, 2]);
  const frames: tf.Tensor2D[] = [x];
  const c = labelTensor(mlp, cond.labels);
  try {
    for (let i = 0; i < steps; i++) {
      const prev = x;
      x = tf.tidy(() => rkStep(mlp, prev, i * h, h, solver, scheduler, c, cond.guidance));
      if (record) frames.push(x);
      else prev.dispose();
    }
  } finally {
    c?.dispose();
  }
  const packed = record ? tf.concat(frames, 0) : x;
  const data = (await packed.data()) as Float32Array;
  if (record) {
    packed.dispose();
    frames.forEach((f) => f.dispose());
  } else {
    x.dispose();
  }
  const final = record ? data.slice(steps * 2 * n) : data;
  return {
    x: final,
    trajectory: record ? data : null,
    frames: record ? steps + 1 : 1,
    nfe: nfe(solver, steps) * factor,
  };
}

/** Dormand–Prince 5(4): one tolerance for rtol and atol, frames on a uniform grid of t. */
export interface AdaptiveSampleOptions {
  tol: number;
  scheduler: Scheduler;
  /** Frames to record at t = 0, 1/(frames − 1), …, 1 (0 or 1: none). */
  frames?: number;
  /** One label per particle for a conditional network (absent: ∅ for all). */
  labels?: Uint8Array;
  /** Guidance scale w ≥ 0. */
  guidance?: number;
}

/** Final points, optionally frames, and each particle's network evaluations. */
export interface AdaptiveSampleResult {
  x: Points;
  trajectory: Float32Array | null;
  frames: number;
  nfe: Uint32Array;
}

/**
 * Samples with the adaptive solver (flow/adaptiveBatch.ts): each stage is one batched
 * evaluation of the particles still running, each at its own time (clamped to the path's safe
 * range): the fused kernel's per-row times, or one tfjs predict with a time column.
 */
export async function sampleAdaptive(
  mlp: VelocityMlp,
  x0: Points,
  opts: AdaptiveSampleOptions,
): Promise<AdaptiveSampleResult> {
  const { tol, scheduler, frames = 0 } = opts;
  if (!(tol > 0)) throw new Error(`tolerance must be positive, got ${tol}`);
  const cond = conditioningFor(mlp, x0.length / 2, opts);
  const all = cond.labels;
  const each = mlp.velocityEachInto && cpuGuided(mlp.velocityEachInto.bind(mlp), cond.guidance);
  const c0 = all && mlp.config.classes ? mlp.config.classes : 0;
  const v: BatchVelocityFn = async (x, t, out, which) => {
    const n = t.length;
    const xs = Float32Array.from(x);
    const ts = Float64Array.from(t, (ti) => clampT(scheduler, ti));
    const labels = all && Uint8Array.from(which, (i) => all[i]!);
    if (each) {
      const o = new Float32Array(2 * n);
      each(xs, ts, o, labels);
      out.set(o);
      return;
    }
    const y = tf.tidy(() => {
      const c = labels ? tf.tensor2d(oneHotRows(labels, c0), [n, c0]) : undefined;
      const tt = tf.tensor2d(Float32Array.from(ts), [n, 1]);
      return predictGuided(mlp, tf.tensor2d(xs, [n, 2]), tt, c, cond.guidance);
    });
    out.set(await y.data());
    y.dispose();
  };
  const r = await integrateAdaptiveBatch(v, x0, { rtol: tol, atol: tol, frames });
  const factor = guidedFactor(cond);
  if (factor > 1) r.nfe.forEach((k, i) => (r.nfe[i] = k * factor));
  return r;
}

/**
 * v_θ(x, t) at the given points (e.g. a grid for the field overlay), or with `c` the class
 * field v(x, t, c) / the guided field (1 + w) v(x, t, c) − w v(x, t, ∅); one readback.
 */
export async function velocityAt(
  mlp: VelocityMlp,
  points: Points,
  t: number,
  c: Conditioning = {},
): Promise<Points> {
  const n = points.length / 2;
  const cond = conditioningFor(mlp, n, c);
  if (mlp.velocityOnDevice) return mlp.velocityOnDevice(points, t, cond.labels, cond.guidance);
  if (mlp.velocityInto) {
    const out = new Float32Array(2 * n);
    cpuGuided<number>(mlp.velocityInto.bind(mlp), cond.guidance)(points, t, out, cond.labels);
    return out;
  }
  const v = tf.tidy(() => {
    const tt = tf.fill([n, 1], t) as tf.Tensor2D;
    const lc = labelTensor(mlp, cond.labels);
    return predictGuided(mlp, tf.tensor2d(points, [n, 2]), tt, lc, cond.guidance);
  });
  const out = (await v.data()) as Float32Array;
  v.dispose();
  return out;
}

/**
 * The network as a synchronous VelocityFn (dataSync per call: for tests and metrics only);
 * with `c`, the class / guided field for a fixed label per point.
 */
export function asVelocityFn(mlp: VelocityMlp, s: Scheduler, c: Conditioning = {}): VelocityFn {
  if (mlp.velocityInto) {
    const field = cpuGuided<number>(mlp.velocityInto.bind(mlp), c.guidance ?? 0);
    return (x, t, out) => {
      const cond = conditioningFor(mlp, x.length / 2, c);
      field(x, clampT(s, t), out, cond.labels);
    };
  }
  return (x, t, out) => {
    const n = x.length / 2;
    const cond = conditioningFor(mlp, n, c);
    const v = tf.tidy(() => {
      const tt = tf.fill([n, 1], clampT(s, t)) as tf.Tensor2D;
      const lc = labelTensor(mlp, cond.labels);
      return predictGuided(mlp, tf.tensor2d(x, [n, 2]), tt, lc, cond.guidance);
    });
    out.set(v.dataSync());
    v.dispose();
  };
}
