/**
 * Read-only questions to a trainer's current network: sampling, the field on a grid, the loss
 * profile over t, the model file, and the quality-versus-NFE sweep. Each is one or a few
 * readbacks; none changes training state.
 */
import { slicedW2 } from '../flow/metrics';
import { createRng } from '../flow/rng';
import { ADAPTIVE_SOLVER, SOLVERS } from '../flow/solvers';
import type { Points, SolverId } from '../flow/types';
import { sampleAdaptive, sampleFlow, velocityAt, type Conditioning } from '../model/sampler';
import type { AnyTrainer as Trainer } from '../model/engine';
import { logLikelihoodMlp } from '../model/likelihood';
import { toModelFile, type ModelFile } from '../model/weights';
import type { NfePoint, SampleReply, SampleRequest } from './protocol';

export interface Answer<T> {
  result: T;
  transfer?: Transferable[];
}

/** Integrates x0 through the learned field; the trajectory is handed over, not copied. */
export async function sample(trainer: Trainer, req: SampleRequest): Promise<Answer<SampleReply>> {
  if (req.solver === ADAPTIVE_SOLVER) return sampleDopri(trainer, req);
  const r = await sampleFlow(trainer.sampleMlp, req.x0, {
    solver: req.solver,
    steps: req.steps,
    scheduler: trainer.scheduler,
    record: req.record,
    ...conditioning(req, req.x0.length / 2),
  });
  const trajectory = r.trajectory ?? r.x;
  const result = {
    trajectory,
    frames: r.frames,
    n: req.x0.length / 2,
    nfe: r.nfe,
    nfePer: null,
    step: trainer.step,
  };
  return { result, transfer: [trajectory.buffer] };
}

/** Frames the adaptive solver's trajectories are recorded at (its own steps differ per particle). */
export const ADAPTIVE_FRAMES = 61;

/** Dormand–Prince with the request's tolerance; NFE per particle comes back with it. */
async function sampleDopri(trainer: Trainer, req: SampleRequest): Promise<Answer<SampleReply>> {
  const tol = req.tol ?? NaN;
  const r = await sampleAdaptive(trainer.sampleMlp, req.x0, {
    tol,
    scheduler: trainer.scheduler,
    frames: req.record ? ADAPTIVE_FRAMES : 0,
    ...conditioning(req, req.x0.length / 2),
  });
  const trajectory = r.trajectory ?? r.x;
  const nfePer = Uint16Array.from(r.nfe, (k) => Math.min(k, 65535));
  const result = {
    trajectory,
    frames: r.frames,
    n: req.x0.length / 2,
    nfe: meanOf(r.nfe),
    nfePer,
    step: trainer.step,
  };
  return { result, transfer: [trajectory.buffer, nfePer.buffer] };
}

const meanOf = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length > 0 ? s / a.length : 0;
};

/**
 * A request's labels for n points (one label stands for all of them) and its guidance scale;
 * nothing when it has no labels.
 */
export function conditioning(c: Conditioning, n: number): Conditioning {
  if (!c.labels) return {};
  const labels = c.labels.length === 1 && n !== 1 ? new Uint8Array(n).fill(c.labels[0]!) : c.labels;
  return { labels, guidance: c.guidance ?? 0 };
}

/**
 * v_θ(x, t) at the points, t clamped to the scheduler's safe range; with labels the class
 * field v(x, t, c), with guidance w the guided (1 + w) v(x, t, c) − w v(x, t, ∅).
 */
export async function field(
  trainer: Trainer,
  points: Points,
  t: number,
  c: Conditioning = {},
): Promise<Answer<Points>> {
  const s = trainer.scheduler;
  const tc = Math.min(Math.max(t, s.tMin), s.tMax);
  const v = await velocityAt(trainer.sampleMlp, points, tc, conditioning(c, points.length / 2));
  return { result: v, transfer: [v.buffer] };
}

/**
 * log p₁(x) of the learned flow at each point: the augmented ODE [v_θ, −div v_θ] backward
 * from t = 1 with RK4, the divergence the exact 2×2 Jacobian trace (model/likelihood.ts);
 * `label`: the class-c density of a conditional network (NULL_LABEL or absent: ∅).
 */
export async function logLikelihood(
  trainer: Trainer,
  points: Points,
  steps: number,
  label?: number,
): Promise<Answer<Float32Array>> {
  const opts = { solver: 'rk4' as const, steps, scheduler: trainer.scheduler, label };
  const logp = Float32Array.from(await logLikelihoodMlp(trainer.sampleMlp, points, opts));
  return { result: logp, transfer: [logp.buffer] };
}

export async function lossByTime(trainer: Trainer, bins: number): Promise<Answer<Float32Array>> {
  const profile = await trainer.lossByTime(bins);
  return { result: profile, transfer: [profile.buffer] };
}

export async function exportModel(trainer: Trainer, dataset: string): Promise<Answer<ModelFile>> {
  const s = trainer.scheduler;
  const meta = {
    architecture: trainer.mlp.config,
    scheduler: { id: s.id, params: { ...s.params } },
    dataset,
    seed: trainer.settings.seed,
    step: trainer.step,
  };
  return { result: toModelFile(meta, await trainer.sampleMlp.getWeights()) };
}

/**
 * Sample quality against NFE: for each solver and each NFE budget that is a whole number of
 * its steps (NFE = steps × stages), samples x0 and measures the sliced W2 to `reference`; with
 * `adaptiveTol`, one more point: Dormand–Prince at that tolerance, at its mean NFE.
 */
export async function nfeSweep(
  trainer: Trainer,
  x0: Points,
  solvers: readonly SolverId[],
  nfes: readonly number[],
  reference: Points,
  adaptiveTol?: number,
): Promise<Answer<NfePoint[]>> {
  const points: NfePoint[] = [];
  const quality = (x: Points) =>
    x.every(Number.isFinite) ? slicedW2(x, reference, createRng(7), 64) : Infinity;
  for (const solver of solvers) {
    const stages = SOLVERS[solver].b.length;
    for (const nfe of nfes) {
      if (nfe % stages !== 0 || nfe < stages) continue;
      const steps = nfe / stages;
      const r = await sampleFlow(trainer.sampleMlp, x0, {
        solver,
        steps,
        scheduler: trainer.scheduler,
      });
      points.push({ solver, nfe: r.nfe, steps, slicedW2: quality(r.x) });
    }
  }
  if (adaptiveTol !== undefined) {
    const s = trainer.scheduler;
    const r = await sampleAdaptive(trainer.sampleMlp, x0, { tol: adaptiveTol, scheduler: s });
    points.push({ solver: ADAPTIVE_SOLVER, nfe: meanOf(r.nfe), steps: 0, slicedW2: quality(r.x) });
  }
  return { result: points };
}
