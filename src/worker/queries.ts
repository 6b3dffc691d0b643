/**
 * Read-only questions to a trainer's current network: sampling, the field on a grid, the loss
 * profile over t, the model file, and the quality-versus-NFE sweep. Each is one or a few
 * readbacks; none changes training state.
 */
import { slicedW2 } from '../flow/metrics';
import { createRng } from '../flow/rng';
import { SOLVERS } from '../flow/solvers';
import type { Points, SolverId } from '../flow/types';
import { sampleFlow, velocityAt } from '../model/sampler';
import type { AnyTrainer as Trainer } from '../model/engine';
import { toModelFile, type ModelFile } from '../model/weights';
import type { NfePoint, SampleReply, SampleRequest } from './protocol';

export interface Answer<T> {
  result: T;
  transfer?: Transferable[];
}

/** Integrates x0 through the learned field; the trajectory is handed over, not copied. */
export async function sample(trainer: Trainer, req: SampleRequest): Promise<Answer<SampleReply>> {
  const r = await sampleFlow(trainer.sampleMlp, req.x0, {
    solver: req.solver,
    steps: req.steps,
    scheduler: trainer.scheduler,
    record: req.record,
  });
  const trajectory = r.trajectory ?? r.x;
  const result = {
    trajectory,
    frames: r.frames,
    n: req.x0.length / 2,
    nfe: r.nfe,
    step: trainer.step,
  };
  return { result, transfer: [trajectory.buffer] };
}

/** v_θ(x, t) at the points, t clamped to the scheduler's safe range. */
export async function field(trainer: Trainer, points: Points, t: number): Promise<Answer<Points>> {
  const s = trainer.scheduler;
  const v = await velocityAt(trainer.sampleMlp, points, Math.min(Math.max(t, s.tMin), s.tMax));
  return { result: v, transfer: [v.buffer] };
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
 * its steps (NFE = steps × stages), samples x0 and measures the sliced W2 to `reference`.
 */
export async function nfeSweep(
  trainer: Trainer,
  x0: Points,
  solvers: readonly SolverId[],
  nfes: readonly number[],
  reference: Points,
): Promise<Answer<NfePoint[]>> {
  const points: NfePoint[] = [];
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
      const quality = r.x.every(Number.isFinite)
        ? slicedW2(r.x, reference, createRng(7), 64)
        : Infinity;
      points.push({ solver, nfe: r.nfe, steps, slicedW2: quality });
    }
  }
  return { result: points };
}
