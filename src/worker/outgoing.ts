/**
 * What the supervisor (supervisor.ts) needs to know of an outgoing request before it is
 * posted: how much work it asks of the worker (which stretches the silence bound) and the copy
 * of it the journal keeps (its transferred arrays are gone from the page once posted).
 */
import { ADAPTIVE_SOLVER, nfe } from '../flow/solvers';
import type { Outgoing } from './journal';

/** Particle-evaluations that one more silence bound is allowed for (WASM: ~10 s' worth). */
export const WORK_PER_BOUND = 1e6;

/** Particle × network evaluations a request asks for (0: cheap). */
export function workOf(req: Outgoing): number {
  if (req.type === 'sample') {
    // Dormand–Prince: about 60–150 evaluations a particle at the tolerances offered.
    const each = req.solver === ADAPTIVE_SOLVER ? 150 : nfe(req.solver, req.steps);
    // Guidance evaluates the network twice: v(x, t, c) and v(x, t, ∅).
    const guided = req.labels && (req.guidance ?? 0) > 0 ? 2 : 1;
    return (req.x0.length / 2) * each * guided;
  }
  // RK4: 4 stages a step, each a forward and two backward passes (≈ 3 evaluations).
  if (req.type === 'logLikelihood') return (req.points.length / 2) * req.steps * 12;
  if (req.type === 'nfeSweep') {
    const evals =
      req.nfes.reduce((a, n) => a + n, 0) * req.solvers.length + (req.adaptiveTol ? 150 : 0);
    return (req.x0.length / 2) * evals;
  }
  if (req.type === 'reflow') {
    // Per round: the pairs' ODE (4 evaluations per step) and the training steps' batches.
    return req.rounds * (req.pairs * 4 * req.pairSteps + req.trainSteps * 1000);
  }
  return 0;
}

/**
 * The request as the journal must keep it: a target that goes to the worker as a transferable
 * is gone from the page once posted, and a replacement worker needs it again.
 */
export function kept(req: Outgoing): Outgoing {
  const labels = (l?: Uint8Array) => (l ? { labels: Uint8Array.from(l) } : {});
  if (req.type === 'configure') {
    const { setup } = req;
    const target = Float32Array.from(setup.target);
    return { ...req, setup: { ...setup, target, ...labels(setup.labels) } };
  }
  if (req.type === 'setTarget') {
    return { ...req, target: Float32Array.from(req.target), ...labels(req.labels) };
  }
  return req;
}
