/**
 * `npm run train -- --reflow N`: after the main run, N reflow rounds (model/reflow.ts), each
 * network measured the same way: straightness on the RK4 100-step grid and exact W2 of 1- and
 * 2-step Euler samples, all from the same x0 against the same fresh target points.
 */
import { classScores } from '../src/flow/guidance';
import { REFLOW_DEFAULTS } from '../src/flow/reflow';
import { createRng, sampleNormal } from '../src/flow/rng';
import type { BackendInfo } from '../src/model/backend';
import { createTrainer, type AnyTrainer } from '../src/model/engine';
import { flowFigures, reflowRound, type FlowFigures } from '../src/model/reflow';
import { freshByClass } from './headlessGuidance';
import type { TrainOptions } from './trainArgs';

/** One row of the reflow table: round 0 is the trained network itself. */
export interface ReflowRow extends Omit<FlowFigures, 'oneStep'> {
  round: number;
  /** Seconds to make the pairs and train this round's network (0 for round 0). */
  seconds: number;
  /** A conditional network's 1-step Euler exact W2 per class (w = 0), and class accuracy. */
  classW2Euler1?: number[];
  accuracyEuler1?: number[];
  /** Its ∅ field (no label) on the same x0: straightness and 1-step W2 to all classes. */
  nullStraightness?: number;
  nullW2Euler1?: number;
}

/**
 * The particles a conditional network is measured on: ⌊samples / K⌋ per class, class-major
 * labels, fresh class-c reference points (seed + 77, as the guidance table) and the labelled
 * pool for the accuracy; the overall W2 is to all classes' references together.
 */
function classSetup(opts: TrainOptions, classes: number) {
  const count = Math.floor(opts.samples / classes);
  const fresh = freshByClass(opts, classes, count);
  const labels = Uint8Array.from({ length: count * classes }, (_, i) => Math.floor(i / count));
  const all = new Float32Array(2 * count * classes);
  fresh.byClass.forEach((p, c) => all.set(p, 2 * c * count));
  return { fresh, labels, all };
}

/**
 * Measures `trained` (round 0), then reflows it `opts.reflow` times; every figure on the same
 * x0 (seed + 3) and the same `fresh` target points. A conditional network (`poolLabels`: its
 * training target's labels) is measured per class at w = 0 on class-major particles and
 * reflowed on labelled pairs. Disposes the networks it made.
 */
export async function runReflow(
  trained: AnyTrainer,
  backend: BackendInfo,
  opts: TrainOptions,
  fresh: Float32Array,
  onRound: (row: ReflowRow) => void = () => {},
  poolLabels?: Uint8Array,
): Promise<ReflowRow[]> {
  const classes = trained.mlp.config.classes ?? 0;
  const byClass = classes > 0 ? classSetup(opts, classes) : null;
  const reference = byClass ? byClass.all : fresh;
  const x0 = sampleNormal(reference.length / 2, createRng(opts.seed + 3));
  const measure = async (t: AnyTrainer) => {
    const f = await flowFigures(t.sampleMlp, t.scheduler, x0, reference, byClass?.labels);
    const row = { straightness: f.straightness, w2Euler1: f.w2Euler1, w2Euler2: f.w2Euler2 };
    if (!byClass) return row;
    const { points, labels, byClass: refs } = byClass.fresh;
    const s = classScores(f.oneStep, byClass.labels, refs, points, labels);
    const none = await flowFigures(t.sampleMlp, t.scheduler, x0, reference);
    return {
      ...row,
      classW2Euler1: s.w2,
      accuracyEuler1: s.accuracy,
      nullStraightness: none.straightness,
      nullW2Euler1: none.w2Euler1,
    };
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
      (config, target, source, labels) => createTrainer(backend, config, target, source, labels),
      reflowOpts,
      round,
      {},
      poolLabels,
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

const pct = (a: number[]) => a.map((v) => `${(100 * v).toFixed(1)} %`).join(' ');

/** The table as the CLI prints it (a conditional network's per-class columns after). */
export function reflowTable(rows: readonly ReflowRow[]): string {
  const cond = rows[0]?.classW2Euler1 !== undefined;
  const head =
    'flow        straightness  W2 Euler 1 step  W2 Euler 2 steps  seconds' +
    (cond ? '  1-step class W2 | class accuracy | ∅ field: straightness, 1-step W2' : '');
  const lines = rows.map((r) =>
    [
      (r.round === 0 ? 'original' : `reflow ${r.round}`).padEnd(12),
      r.straightness.toFixed(4).padEnd(14),
      r.w2Euler1.toFixed(4).padEnd(17),
      r.w2Euler2.toFixed(4).padEnd(18),
      r.seconds.toFixed(1).padEnd(cond ? 9 : 0),
      cond
        ? `${r.classW2Euler1!.map((v) => v.toFixed(4)).join(' ')} | ${pct(r.accuracyEuler1!)} | ` +
          `${r.nullStraightness!.toFixed(4)} ${r.nullW2Euler1!.toFixed(4)}`
        : '',
    ].join(''),
  );
  return [head, ...lines].join('\n');
}
