/**
 * One training step in slow motion: everything about a single real step of a trainer (the
 * batch it drew, the pairing, t, xt, the target u, the network's v, each point's error, the
 * loss and the weights' update), as plain arrays. Both trainers fill it from the step they
 * actually took (`traceStep()`), so it is the very batch and update of that step.
 */
import type { CouplingId, SchedulerId } from '../flow/types';
import type { BatchSampler } from './batch';
import type { TrainerStats } from './trainerConfig';

/** One parameter tensor's part in the update: ‖w‖ before and ‖Δw‖ (Frobenius norms). */
export interface LayerUpdate {
  /** W1, b1, W2, … in the network's order (W_l maps layer l − 1 to layer l). */
  name: string;
  shape: number[];
  norm: number;
  updateNorm: number;
}

/** One weight before and after the step (the one that moved most in its matrix). */
export interface WeightSample {
  name: string;
  /** Row and column in the matrix. */
  row: number;
  col: number;
  before: number;
  after: number;
}

/** A training step, stage by stage; arrays of points are interleaved [x, y, …] of `batch` points. */
export interface StepTrace {
  /** The trainer's step count after this step (this was step number `step`). */
  step: number;
  scheduler: SchedulerId;
  coupling: CouplingId;
  /** The learning rate the update used. */
  lr: number;
  batch: number;
  /** Noise as drawn, x0 ~ N(0, I) (the path starts at α_0 x1 + σ_0 x0: VE's at σ_max x0 + x1). */
  x0: Float32Array;
  /** Data as drawn from the target, before pairing. */
  x1: Float32Array;
  /** The pairing: x0_i goes with x1_perm[i] (the identity for independent pairs). */
  perm: Int32Array;
  /** t_i ~ U[tMin, tMax] of the path. */
  t: Float32Array;
  /**
   * A conditional trainer's row labels as the step used them: the class of x1_π(i), or
   * NULL_LABEL (∅, one-hot all zeros) where label dropout replaced it; absent otherwise.
   */
  labels?: Uint8Array;
  /** The network's number of classes K (its one-hot input width), with `labels`. */
  classes?: number;
  /** xt_i = α_t x1_π(i) + σ_t x0_i. */
  xt: Float32Array;
  /** u_i = α̇_t x1_π(i) + σ̇_t x0_i, the regression target. */
  u: Float32Array;
  /** v_θ(xt_i, t_i) with the weights before the update (the step's own forward pass). */
  v: Float32Array;
  /** ½‖v_i − u_i‖²: the squared error averaged over both coordinates; its mean is the loss. */
  err: Float32Array;
  /** The trainer's loss for this step (mean of `err`, computed by the step itself). */
  loss: number;
  layers: LayerUpdate[];
  /** ‖Δθ‖ over all parameters. */
  updateNorm: number;
  samples: WeightSample[];
  status: TrainerStats['status'];
  message?: string;
}

/** ½‖v_i − u_i‖² per point, i.e. (v − u)² averaged over the two coordinates. */
export function pointErrors(v: Float32Array, u: Float32Array): Float32Array {
  const out = new Float32Array(v.length / 2);
  for (let i = 0; i < out.length; i++) {
    const dx = v[2 * i]! - u[2 * i]!;
    const dy = v[2 * i + 1]! - u[2 * i + 1]!;
    out[i] = (dx * dx + dy * dy) / 2;
  }
  return out;
}

/** x1_π(i) for each i: the data point each noise point is paired with. */
export function pairedData(trace: Pick<StepTrace, 'x1' | 'perm'>): Float32Array {
  const out = new Float32Array(trace.x1.length);
  trace.perm.forEach((j, i) => {
    out[2 * i] = trace.x1[2 * j]!;
    out[2 * i + 1] = trace.x1[2 * j + 1]!;
  });
  return out;
}

/** Per-tensor norms of the weights and of their change, and the weight that moved most in each matrix. */
export function summariseUpdate(
  shapes: readonly number[][],
  before: readonly Float32Array[],
  after: readonly Float32Array[],
): Pick<StepTrace, 'layers' | 'updateNorm' | 'samples'> {
  let total = 0;
  const samples: WeightSample[] = [];
  const layers = shapes.map((shape, k) => {
    const [b, a] = [before[k]!, after[k]!];
    const name = `${k % 2 === 0 ? 'W' : 'b'}${Math.floor(k / 2) + 1}`;
    let norm = 0;
    let update = 0;
    let most = 0;
    for (let i = 0; i < b.length; i++) {
      const d = a[i]! - b[i]!;
      norm += b[i]! * b[i]!;
      update += d * d;
      if (Math.abs(d) > Math.abs(a[most]! - b[most]!)) most = i;
    }
    total += update;
    if (k % 2 === 0) {
      const cols = shape[1] ?? 1;
      const [row, col] = [Math.floor(most / cols), most % cols];
      samples.push({ name, row, col, before: b[most]!, after: a[most]! });
    }
    return { name, shape: [...shape], norm: Math.sqrt(norm), updateNorm: Math.sqrt(update) };
  });
  return { layers, updateNorm: Math.sqrt(total), samples };
}

/** What a trainer knows about the step it just took, gathered into a StepTrace. */
export interface StepParts {
  sampler: BatchSampler;
  v: Float32Array;
  before: readonly Float32Array[];
  after: readonly Float32Array[];
  stats: TrainerStats;
  /** `parameterShapes(model)`: [W1, b1, W2, …] (passed in: this module stays free of tfjs). */
  shapes: number[][];
  scheduler: SchedulerId;
  coupling: CouplingId;
  lr: number;
  /** `model.classes` of a conditional network (its row labels are then traced). */
  classes?: number;
}

/** The trace of the step whose batch is still in `parts.sampler` (copied out of its buffers). */
export function traceOf(p: StepParts): StepTrace {
  const { x0, x1, perm } = p.sampler.lastDraw();
  const b = p.sampler.out;
  const u = Float32Array.from(b.u);
  return {
    step: p.stats.step,
    scheduler: p.scheduler,
    coupling: p.coupling,
    lr: p.lr,
    batch: p.sampler.batch,
    x0,
    x1,
    perm,
    t: Float32Array.from(b.t),
    ...(b.labels && p.classes ? { labels: Uint8Array.from(b.labels), classes: p.classes } : {}),
    xt: Float32Array.from(b.xt),
    u,
    v: p.v,
    err: pointErrors(p.v, u),
    loss: p.stats.loss,
    ...summariseUpdate(p.shapes, p.before, p.after),
    status: p.stats.status,
    ...(p.stats.message ? { message: p.stats.message } : {}),
  };
}

/** The arrays of a trace, to hand over to another thread without copying. */
export function traceBuffers(t: StepTrace): ArrayBuffer[] {
  const arrays = [t.x0, t.x1, t.perm, t.t, t.xt, t.u, t.v, t.err, ...(t.labels ? [t.labels] : [])];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
