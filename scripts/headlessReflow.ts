/**
 * `npm run train -- --reflow N`: after the main run, N reflow rounds (model/reflow.ts), each
 * network measured the same way: straightness on the RK4 100-step grid and exact W2 of 1- and
 * 2-step Euler samples, all from the same x0 against the same fresh target points.
 */
import { REFLOW_DEFAULTS } from '../src/flow/reflow';
import { createRng, sampleNormal } from '../src/flow/rng';
import type { BackendInfo } from '../src/model/backend';
import { createTrainer, type AnyTrainer } from '../src/model/engine';
import { flowFigures, reflowRound, type FlowFigures } from '../src/model/reflow';
import type { TrainOptions } from './trainArgs';

/** One row of the reflow table: round 0 is the trained network itself. */
export interface ReflowRow extends Omit<FlowFigures, 'oneStep'> {
  round: number;
  /** Seconds to make the pairs and train this round's network (0 for round 0). */
  seconds: number;
}

/**
 * Measures `trained` (round 0), then reflows it `opts.reflow` times; every figure on the same
 * x0 (seed + 3) and the same `fresh` target points. Disposes the networks it made.
 */
export async function runReflow(
  trained: AnyTrainer,
  backend: BackendInfo,
  opts: TrainOptions,
  fresh: Float32Array,
  onRound: (row: ReflowRow) => void = () => {},
): Promise<ReflowRow[]> {
  const x0 = sampleNormal(fresh.length / 2, createRng(opts.seed + 3));
  const measure = async (t: AnyTrainer) => {
    const f = await flowFigures(t.sampleMlp, t.scheduler, x0, fresh);
    return { straightness: f.straightness, w2Euler1: f.w2Euler1, w2Euler2: f.w2Euler2 };
  };
  const rows: ReflowRow[] = [{ round: 0, seconds: 0, ...(await measure(trained)) }];
  onRound(rows[0]!);
  const reflowOpts = {
    pairs: opts.reflowPairs,
    pairSteps: REFLOW_DEFAULTS.pairSteps,
    trainSteps: opts.reflowSteps,
  };
  let teacher = trained;
  for (let round = 1; round <= opts.reflow; round++) {
    const started = performance.now();
    const student = await reflowRound(
      teacher,
      (config, target, source) => createTrainer(backend, config, target, source),
      reflowOpts,
      round,
    );
    const seconds = (performance.now() - started) / 1000;
    if (teacher !== trained) teacher.dispose();
    teacher = student;
    rows.push({ round, seconds, ...(await measure(student)) });
    onRound(rows[rows.length - 1]!);
  }
  if (teacher !== trained) teacher.dispose();
  return rows;
}

/** The table as the CLI prints it. */
export function reflowTable(rows: readonly ReflowRow[]): string {
  const head = 'flow        straightness  W2 Euler 1 step  W2 Euler 2 steps  seconds';
  const lines = rows.map((r) =>
    [
      (r.round === 0 ? 'original' : `reflow ${r.round}`).padEnd(12),
      r.straightness.toFixed(4).padEnd(14),
      r.w2Euler1.toFixed(4).padEnd(17),
      r.w2Euler2.toFixed(4).padEnd(18),
      r.seconds.toFixed(1),
    ].join(''),
  );
  return [head, ...lines].join('\n');
}
