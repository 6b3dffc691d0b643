/**
 * The headless trainer's engine: the same flow/ and model/ code as the playground, run to
 * completion in Node. Used by `npm run train` and the benchmark.
 */
import { DATASETS } from '../src/flow/datasets';
import { kdeLogDensity } from '../src/flow/kde';
import type { Points, Rng, Scheduler } from '../src/flow/types';
import { slicedW2, w2Exact } from '../src/flow/metrics';
import { createRng, restoreRng, sampleNormal } from '../src/flow/rng';
import { SOLVERS } from '../src/flow/solvers';
import type { BackendInfo } from '../src/model/backend';
import { createTrainer, initEngine } from '../src/model/engine';
import { logLikelihoodMlp } from '../src/model/likelihood';
import type { VelocityMlp } from '../src/model/mlp';
import { sampleFlow } from '../src/model/sampler';
import { toModelFile, type ModelFile } from '../src/model/weights';
import { guidanceTable, type GuidanceRow } from './headlessGuidance';
import { runReflow, type ReflowRow } from './headlessReflow';
import type { TrainOptions } from './trainArgs';

/** Points the trainer draws its batches from: large enough to act as fresh samples. */
export const TRAIN_POOL = 100_000;

export interface Progress {
  step: number;
  steps: number;
  loss: number;
  stepsPerSecond: number;
}

export interface TrainResult {
  options: TrainOptions;
  backend: BackendInfo;
  /** Samples of the learned flow, as [x, y] pairs. */
  generated: [number, number][];
  /** Fresh target samples (not used in training), as [x, y] pairs. */
  target: [number, number][];
  w2: number;
  slicedW2: number;
  solverSteps: number;
  nfe: number;
  lossHistory: [number, number][];
  timings: {
    trainSeconds: number;
    stepsPerSecond: number;
    sampleSeconds: number;
    w2Seconds: number;
  };
  diverged: string | null;
  /** The sampled network: the weight average with `--ema`, else the last weights. */
  model: ModelFile;
  /** With `--reflow N`: the trained network (round 0) and each reflowed one. */
  reflow: ReflowRow[] | null;
  /** With `--ema`: the last weights and their scores on the same x0 and target points. */
  lastWeights: { w2: number; slicedW2: number; model: ModelFile } | null;
  /** With --likelihood: mean log p₁ of the held-out points (nats), and a KDE's for scale. */
  likelihood: LikelihoodScore | null;
  /** With --conditional: per guidance scale, per-class W2 and class accuracy. */
  guidance: GuidanceRow[] | null;
}

const pairs = (p: Float32Array): [number, number][] =>
  Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i]!, p[2 * i + 1]!]);

export interface Score {
  generated: Float32Array;
  w2: number;
  slicedW2: number;
  solverSteps: number;
  nfe: number;
  sampleSeconds: number;
  w2Seconds: number;
}

/**
 * Samples `fresh.length / 2` particles of the learned flow (solver steps = NFE / stages) and
 * measures the exact W2 and the sliced W2 against `fresh` target points.
 */
export async function scoreSamples(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  opts: Pick<TrainOptions, 'solver' | 'nfe' | 'seed'>,
  rng: Rng,
  fresh: Float32Array,
): Promise<Score> {
  const solverSteps = Math.max(1, Math.floor(opts.nfe / SOLVERS[opts.solver].b.length));
  const x0 = sampleNormal(fresh.length / 2, rng, scheduler.sourceScale);
  const t0 = performance.now();
  const sample = await sampleFlow(mlp, x0, { solver: opts.solver, steps: solverSteps, scheduler });
  const sampleSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const finite = sample.x.every(Number.isFinite);
  const w2 = finite ? w2Exact(sample.x, fresh) : NaN;
  const w2Seconds = (performance.now() - t1) / 1000;
  return {
    generated: sample.x,
    w2,
    slicedW2: finite ? slicedW2(sample.x, fresh, createRng(opts.seed + 1), 256) : NaN,
    solverSteps,
    nfe: sample.nfe,
    sampleSeconds,
    w2Seconds,
  };
}

/** RK4 steps backward from t = 1 for the log-likelihood (the playground's Density view too). */
export const LIKELIHOOD_STEPS = 32;

export interface LikelihoodScore {
  steps: number;
  points: number;
  /** Mean log p₁ of the held-out points under the learned flow (nats). */
  mean: number;
  /** The same under a KDE of 2 000 training points (Scott's bandwidth), for scale. */
  kdeMean: number;
  seconds: number;
}

/** Mean exact log-likelihood of `heldOut` under the network, and under a KDE of `train`. */
export async function likelihoodScore(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  train: Points,
  heldOut: Points,
  steps = LIKELIHOOD_STEPS,
): Promise<LikelihoodScore> {
  const started = performance.now();
  const logp = await logLikelihoodMlp(mlp, heldOut, { solver: 'rk4', steps, scheduler });
  const seconds = (performance.now() - started) / 1000;
  const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
  const kde = kdeLogDensity(train.subarray(0, 2 * 2000), heldOut);
  return { steps, points: heldOut.length / 2, mean: mean(logp), kdeMean: mean(kde), seconds };
}

/** Trains with `opts`, samples the learned flow and measures W2 against fresh target points. */
export async function runTraining(
  opts: TrainOptions,
  onProgress: (p: Progress) => void = () => {},
  onReflowRound: (row: ReflowRow) => void = () => {},
): Promise<TrainResult> {
  const backend = await initEngine(opts.backend);
  const dataset = DATASETS[opts.dataset];
  const rng = createRng(opts.seed);
  // The labels are drawn with the points (the points are the same with or without them).
  const poolLabels = opts.conditional ? new Uint8Array(TRAIN_POOL) : undefined;
  const pool = dataset.sample(TRAIN_POOL, rng.fork(), poolLabels);
  const fresh = dataset.sample(opts.samples, rng.fork());
  const trainer = createTrainer(
    backend,
    {
      model: {
        width: opts.width,
        depth: opts.depth,
        activation: opts.activation,
        timeEncoding: 'linear',
        ...(opts.conditional ? { classes: dataset.classes } : {}),
      },
      scheduler: opts.scheduler,
      schedulerParams: opts.schedulerParams,
      coupling: opts.coupling,
      ...(opts.pathSigma > 0 ? { pathSigma: opts.pathSigma } : {}),
      batch: opts.batch,
      lr: opts.lr,
      weightDecay: opts.weightDecay,
      ema: opts.ema,
      ...(opts.conditional ? { labelDrop: opts.labelDrop } : {}),
      seed: opts.seed,
    },
    pool,
    undefined,
    poolLabels,
  );
  let diverged: string | null = null;
  const started = performance.now();
  while (trainer.step < opts.steps) {
    trainer.trainSteps(Math.min(100, opts.steps - trainer.step));
    const stats = await trainer.readStats();
    if (stats.status === 'diverged') {
      diverged = stats.message ?? 'training diverged';
      break;
    }
    const seconds = (performance.now() - started) / 1000;
    onProgress({
      step: stats.step,
      steps: opts.steps,
      loss: stats.loss,
      stepsPerSecond: stats.step / seconds,
    });
  }
  const trainSeconds = (performance.now() - started) / 1000;

  const scoreRng = rng.fork();
  const scoreState = scoreRng.state();
  const score = await scoreSamples(trainer.sampleMlp, trainer.scheduler, opts, scoreRng, fresh);
  const meta = {
    architecture: trainer.mlp.config,
    scheduler: { id: trainer.scheduler.id, params: { ...trainer.scheduler.params } },
    dataset: opts.dataset,
    seed: opts.seed,
    step: trainer.step,
  };
  const model = toModelFile(meta, await trainer.sampleMlp.getWeights());
  let lastWeights: TrainResult['lastWeights'] = null;
  if (trainer.sampleMlp !== trainer.mlp) {
    // The same x0 (a copy of the stream) and target points, so the two differ only by weights.
    const last = await scoreSamples(
      trainer.mlp,
      trainer.scheduler,
      opts,
      restoreRng(scoreState),
      fresh,
    );
    lastWeights = {
      w2: last.w2,
      slicedW2: last.slicedW2,
      model: toModelFile(meta, await trainer.mlp.getWeights()),
    };
  }
  const reflow =
    opts.reflow > 0 && !diverged
      ? await runReflow(trainer, backend, opts, fresh, onReflowRound)
      : null;
  const likelihood = opts.likelihood
    ? await likelihoodScore(trainer.sampleMlp, trainer.scheduler, pool, fresh)
    : null;
  const guidance =
    opts.conditional && !diverged
      ? await guidanceTable(trainer.sampleMlp, trainer.scheduler, opts)
      : null;
  const result: TrainResult = {
    options: opts,
    backend,
    generated: pairs(score.generated),
    target: pairs(fresh),
    w2: score.w2,
    slicedW2: score.slicedW2,
    solverSteps: score.solverSteps,
    nfe: score.nfe,
    lossHistory: trainer.lossHistory.map(([s, l]) => [s, l]),
    timings: {
      trainSeconds,
      stepsPerSecond: trainer.step / trainSeconds,
      sampleSeconds: score.sampleSeconds,
      w2Seconds: score.w2Seconds,
    },
    diverged,
    model,
    reflow,
    lastWeights,
    likelihood,
    guidance,
  };
  trainer.dispose();
  return result;
}
