/**
 * One CFM training batch, built on the CPU from the pure core (flow/): x1 from the target,
 * x0 ~ N(0, I), t ~ U[tMin, tMax], optional minibatch-OT pairing, then
 * xt = α_t x1 + σ_t x0 (+ σ ε with σ around the path) and u = α̇_t x1 + σ̇_t x0. A few
 * kilobytes per step: cheap to upload, and the formulas stay in one place.
 */
import { applyPermutation, otCouple, otWithinClasses } from '../flow/coupling';
import { addPathNoise, conditionalPoint, conditionalVelocity } from '../flow/paths';
import { NULL_LABEL } from '../flow/guidance';
import type { CouplingId, Points, Rng, Scheduler } from '../flow/types';

export { otWithinClasses };

/**
 * One training batch: xt (n×2), t (n), u (n×2), interleaved like Points; for a conditional
 * network, each row's class (its x1's label, or NULL_LABEL where the label was dropped).
 */
export interface CfmBatch {
  xt: Float32Array;
  t: Float32Array;
  u: Float32Array;
  labels?: Uint8Array;
}

/** What a batch is drawn from besides the target (both optional; absent = plain CFM). */
export interface BatchOptions {
  /**
   * σ around the path (docs/sigma-and-reflow.md): xt gets σ ε, ε ~ N(0, I), drawn after the
   * rest of the batch so that σ = 0 draws exactly the stream (and batches) it always did.
   */
  pathSigma?: number;
  /**
   * Fixed sources coupled one-to-one with the target (reflow): pair j is (source_j,
   * target_j), so a batch samples indices j and draws no noise x0.
   */
  source?: Points;
  /** One class per target point (a conditional network): each row takes its x1's label. */
  labels?: Uint8Array;
  /**
   * p: each row's label becomes ∅ (NULL_LABEL) with probability p, drawn after the rest of
   * the batch (so that unconditional runs draw the stream they always did).
   */
  labelDrop?: number;
}

/** Reusable buffers for batches of size `batch` (no allocation per step). */
export class BatchSampler {
  private readonly x0: Float32Array;
  private readonly x1: Float32Array;
  private readonly paired: Float32Array;
  private readonly pathSigma: number;
  private readonly source: Points | null;
  private readonly labels: Uint8Array | null;
  private readonly labelDrop: number;
  /** The label of each drawn x1, before pairing. */
  private readonly x1Labels: Uint8Array;
  /** The last batch's minibatch-OT permutation (x0_i is paired with x1_π(i)); null: independent. */
  private perm: Int32Array | null = null;
  readonly out: CfmBatch;

  constructor(
    readonly batch: number,
    opts: BatchOptions = {},
  ) {
    this.x0 = new Float32Array(2 * batch);
    this.x1 = new Float32Array(2 * batch);
    this.paired = new Float32Array(2 * batch);
    this.pathSigma = opts.pathSigma ?? 0;
    this.source = opts.source ?? null;
    this.labels = opts.labels ?? null;
    this.labelDrop = opts.labelDrop ?? 0;
    this.x1Labels = new Uint8Array(this.labels ? batch : 0);
    this.out = {
      xt: new Float32Array(2 * batch),
      t: new Float32Array(batch),
      u: new Float32Array(2 * batch),
      ...(this.labels ? { labels: new Uint8Array(batch) } : {}),
    };
  }

  /** Fills `out` with a fresh batch; `tOverride` fixes t (for loss-by-time profiles). */
  sample(
    s: Scheduler,
    target: Points,
    coupling: CouplingId,
    rng: Rng,
    tOverride?: Float32Array,
  ): CfmBatch {
    const m = target.length / 2;
    const { x0, x1, out, source, labels } = this;
    for (let i = 0; i < this.batch; i++) {
      const j = rng.int(m);
      if (labels) this.x1Labels[i] = labels[j]!;
      x1[2 * i] = target[2 * j]!;
      x1[2 * i + 1] = target[2 * j + 1]!;
      x0[2 * i] = source ? source[2 * j]! : rng.normal();
      x0[2 * i + 1] = source ? source[2 * j + 1]! : rng.normal();
      out.t[i] = tOverride ? tOverride[i]! : s.tMin + (s.tMax - s.tMin) * rng.uniform();
    }
    // The OT pairing uses the source as the sampler starts from it (scaled for VE).
    let pairedX1 = x1;
    this.perm = null;
    if (coupling === 'ot' && !source) {
      const start = s.sourceScale === 1 ? x0 : x0.map((v) => v * s.sourceScale);
      this.perm = labels ? otWithinClasses(start, x1, this.x1Labels) : otCouple(start, x1);
      pairedX1 = applyPermutation(x1, this.perm, this.paired);
    }
    conditionalPoint(s, x0, pairedX1, out.t, out.xt);
    conditionalVelocity(s, x0, pairedX1, out.t, out.u);
    if (this.pathSigma > 0) addPathNoise(out.xt, this.pathSigma, rng);
    if (out.labels) this.rowLabels(out.labels, rng);
    return out;
  }

  /** Row i's label: that of its paired x1, then ∅ with probability `labelDrop` (drawn last). */
  private rowLabels(to: Uint8Array, rng: Rng): void {
    const perm = this.perm;
    for (let i = 0; i < this.batch; i++) to[i] = this.x1Labels[perm ? perm[i]! : i]!;
    if (this.labelDrop > 0) {
      for (let i = 0; i < this.batch; i++) if (rng.uniform() < this.labelDrop) to[i] = NULL_LABEL;
    }
  }

  /**
   * Copies of what built the last batch: x0 ~ N(0, I) as drawn, x1 as drawn from the target,
   * and the pairing π (x0_i goes with x1_π(i); the identity for independent pairs).
   */
  lastDraw(): { x0: Float32Array; x1: Float32Array; perm: Int32Array } {
    const perm = this.perm
      ? Int32Array.from(this.perm)
      : Int32Array.from({ length: this.batch }, (_, i) => i);
    return { x0: Float32Array.from(this.x0), x1: Float32Array.from(this.x1), perm };
  }
}
