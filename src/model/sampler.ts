/**
 * Sampling the learned flow: integrate dx/dt = v_θ(x, t) from t = 0 to 1 with the same
 * Butcher tableaux as flow/solvers.ts, on tensors, for many particles at once. Each step is
 * one tf.tidy; the whole trajectory comes back in a single readback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { integrateAdaptiveBatch, type BatchVelocityFn } from '../flow/adaptiveBatch';
import { integrate, nfe, SOLVERS } from '../flow/solvers';
import type { Points, Scheduler, SolverId, VelocityFn } from '../flow/types';
import type { VelocityMlp } from './mlp';

/** How to integrate: the tableau, the number of steps, the path (for its safe t range). */
export interface SampleOptions {
  solver: SolverId;
  steps: number;
  /** Its safe t range clamps the times the network sees (VP never reaches t = 1). */
  scheduler: Scheduler;
  /** Keep every frame: (steps + 1) × n × 2 values, frame-major. */
  record?: boolean;
}

/** Final points, optionally every frame, and the network evaluations it took. */
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
): tf.Tensor2D {
  const tab = SOLVERS[solver];
  const n = x.shape[0];
  const K: tf.Tensor2D[] = [];
  for (let k = 0; k < tab.b.length; k++) {
    let stage = x;
    (tab.a[k] ?? []).forEach((a, j) => {
      if (a !== 0) stage = tf.add(stage, tf.mul(K[j]!, h * a));
    });
    K.push(mlp.predict(stage, tf.fill([n, 1], clampT(s, t + tab.c[k]! * h)) as tf.Tensor2D));
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
  if (mlp.sampleOnDevice) return mlp.sampleOnDevice(x0, opts);
  const onCpu = mlp.velocityInto?.bind(mlp);
  if (onCpu) {
    // The fused kernel: the same tableau by flow/solvers' integrator, no tensors at all.
    const v: VelocityFn = (x, t, out) => onCpu(x, clampT(scheduler, t), out);
    const r = integrate(v, x0, { solver, steps, record });
    return { ...r, frames: record ? steps + 1 : 1, nfe: nfe(solver, steps) };
  }
  const n = x0.length / 2;
  const h = 1 / steps;
  let x = tf.tensor2d(x0, [n, 2]);
  const frames: tf.Tensor2D[] = [x];
  for (let i = 0; i < steps; i++) {
    const prev = x;
    x = tf.tidy(() => rkStep(mlp, prev, i * h, h, solver, scheduler));
    if (record) frames.push(x);
    else prev.dispose();
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
    nfe: nfe(solver, steps),
  };
}

/** Dormand–Prince 5(4): one tolerance for rtol and atol, frames on a uniform grid of t. */
export interface AdaptiveSampleOptions {
  tol: number;
  scheduler: Scheduler;
  /** Frames to record at t = 0, 1/(frames − 1), …, 1 (0 or 1: none). */
  frames?: number;
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
  const v: BatchVelocityFn = async (x, t, out) => {
    const n = t.length;
    const xs = Float32Array.from(x);
    const ts = Float64Array.from(t, (ti) => clampT(scheduler, ti));
    if (mlp.velocityEachInto) {
      const o = new Float32Array(2 * n);
      mlp.velocityEachInto(xs, ts, o);
      out.set(o);
      return;
    }
    const y = tf.tidy(() =>
      mlp.predict(tf.tensor2d(xs, [n, 2]), tf.tensor2d(Float32Array.from(ts), [n, 1])),
    );
    out.set(await y.data());
    y.dispose();
  };
  return integrateAdaptiveBatch(v, x0, { rtol: tol, atol: tol, frames });
}

/** v_θ(x, t) at the given points (e.g. a grid for the field overlay); one readback. */
export async function velocityAt(mlp: VelocityMlp, points: Points, t: number): Promise<Points> {
  const n = points.length / 2;
  if (mlp.velocityOnDevice) return mlp.velocityOnDevice(points, t);
  if (mlp.velocityInto) {
    const out = new Float32Array(2 * n);
    mlp.velocityInto(points, t, out);
    return out;
  }
  const v = tf.tidy(() =>
    mlp.predict(tf.tensor2d(points, [n, 2]), tf.fill([n, 1], t) as tf.Tensor2D),
  );
  const out = (await v.data()) as Float32Array;
  v.dispose();
  return out;
}

/** The network as a synchronous VelocityFn (dataSync per call: for tests and metrics only). */
export function asVelocityFn(mlp: VelocityMlp, s: Scheduler): VelocityFn {
  if (mlp.velocityInto) return (x, t, out) => mlp.velocityInto!(x, clampT(s, t), out);
  return (x, t, out) => {
    const n = x.length / 2;
    const v = tf.tidy(() =>
      mlp.predict(tf.tensor2d(x, [n, 2]), tf.fill([n, 1], clampT(s, t)) as tf.Tensor2D),
    );
    out.set(v.dataSync());
    v.dispose();
  };
}
