/**
 * Command-line flags of the headless trainer (`npm run train -- …`): parsing and validation.
 * Pure: no tfjs, no file system, so every message can be unit-tested.
 */
import { COUPLING_IDS } from '../src/flow/coupling';
import { DATASET_IDS } from '../src/flow/datasets';
import {
  PARAM_SPECS,
  SCHEDULER_IDS,
  SCHEDULERS,
  schedulerParamsProblem,
  type ParamSpecOf,
} from '../src/flow/schedulers';
import { SOLVER_IDS } from '../src/flow/solvers';
import { MAX_PATH_SIGMA } from '../src/flow/paths';
import { MAX_REFLOW_ROUNDS, REFLOW_DEFAULTS } from '../src/flow/reflow';
import type {
  CouplingId,
  DatasetId,
  SchedulerId,
  SchedulerParams,
  SolverId,
} from '../src/flow/types';

export type Activation = 'silu' | 'selu' | 'relu' | 'tanh' | 'gelu';

export interface TrainOptions {
  dataset: DatasetId;
  scheduler: SchedulerId;
  /** Parameters of the scheduler given on the command line (defaults from its registry entry). */
  schedulerParams: SchedulerParams;
  coupling: CouplingId;
  /** σ around the path: xt gets σ ε (0: the exact path; torchcfm's runner uses 0.1). */
  pathSigma: number;
  width: number;
  depth: number;
  activation: Activation;
  batch: number;
  steps: number;
  lr: number;
  weightDecay: number;
  /** Decay of the weight average that is sampled (0: sample the last weights). */
  ema: number;
  seed: number;
  /** Reflow rounds after training (0: none); each prints straightness and 1/2-step W2. */
  reflow: number;
  /** Fixed pairs per reflow round, and each reflowed network's training steps. */
  reflowPairs: number;
  reflowSteps: number;
  solver: SolverId;
  nfe: number;
  samples: number;
  out: string | null;
  /** fused: the fused WASM SIMD trainer; wasm, cpu: the tfjs trainer on that backend. */
  backend: 'fused' | 'wasm' | 'cpu';
  quiet: boolean;
  /** Also the mean exact log-likelihood of the held-out target points (nats). */
  likelihood: boolean;
  /** A class-conditional network on the data set's labels (docs/guidance.md). */
  conditional: boolean;
  /** With `conditional`: probability that a batch row's label is dropped to ∅. */
  labelDrop: number;
  /** With `conditional`: the guidance scales w reported (per-class W2, class accuracy). */
  guidance: number[];
}

/** The published 2D protocol (MATH.md §5), scaled to a quick default run of 2 000 steps. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  dataset: 'moons',
  scheduler: 'ot',
  schedulerParams: {},
  coupling: 'independent',
  pathSigma: 0,
  width: 64,
  depth: 3,
  activation: 'selu',
  batch: 512,
  steps: 2000,
  lr: 1e-3,
  weightDecay: 1e-5,
  ema: 0,
  seed: 0,
  reflow: 0,
  reflowPairs: REFLOW_DEFAULTS.pairs,
  reflowSteps: REFLOW_DEFAULTS.trainSteps,
  solver: 'euler',
  nfe: 100,
  samples: 2000,
  out: null,
  backend: 'fused',
  quiet: false,
  likelihood: false,
  conditional: false,
  labelDrop: 0.2,
  guidance: [0],
};

const ACTIVATIONS: readonly Activation[] = ['silu', 'selu', 'relu', 'tanh', 'gelu'];

/** `betaMin` → `--beta-min`: each scheduler parameter of the registry is a flag. */
const paramFlag = (spec: ParamSpecOf) =>
  `--${spec.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const paramHelp = PARAM_SPECS.map((spec) => {
  const owner = SCHEDULER_IDS.find((id) => SCHEDULERS[id].params.some((p) => p.key === spec.key));
  return `  ${`${paramFlag(spec)} X`.padEnd(22)}${owner} ${spec.symbol}, ${spec.min}–${spec.max} (default ${spec.default})`;
}).join('\n');

export const HELP = `Headless Conditional Flow Matching trainer (same core as the playground).

Usage: npm run train -- [flags]

  --dataset NAME        target data set: ${DATASET_IDS.join(', ')} (default moons)
  --scheduler NAME      Gaussian path: ${SCHEDULER_IDS.join(', ')} (default ot)
${paramHelp}
  --coupling NAME       independent | ot (minibatch optimal-transport pairs) (default independent)
  --sigma X             σ around the path: xt = α_t x1 + σ_t x0 + σ ε, 0–${MAX_PATH_SIGMA}
                        (default 0; torchcfm's runner uses 0.1); the target u is unchanged
  --width N             hidden units per layer, 1–1024 (default 64)
  --depth N             hidden layers, 1–8 (default 3)
  --activation NAME     ${ACTIVATIONS.join(', ')} (default selu)
  --batch N             batch size, 1–8192 (default 512)
  --steps N             training steps (default 2000; the published protocol uses 20000)
  --lr X                learning rate (default 1e-3)
  --weight-decay X      AdamW decoupled weight decay (default 1e-5)
  --ema X               sample an exponential moving average of the weights with this
                        decay, 0 ≤ X < 1, e.g. 0.999; W2 of the last weights is printed
                        beside it (default 0: the last weights, as the published protocol)
  --seed N              random seed: same seed, same run (default 0)
  --reflow N            after training, N reflow rounds (0–${MAX_REFLOW_ROUNDS}): pairs (x0, ODE(x0)) by RK4
                        ${REFLOW_DEFAULTS.pairSteps} steps, a network trained on them from the last one's
                        weights; prints straightness and 1- and 2-step Euler W2 of each
                        (default 0)
  --reflow-pairs N      fixed pairs per round, 100–100000 (default ${REFLOW_DEFAULTS.pairs})
  --reflow-steps N      training steps per round, 1–1000000 (default ${REFLOW_DEFAULTS.trainSteps})
  --solver NAME         ODE solver for sampling: ${SOLVER_IDS.join(', ')} (default euler)
  --nfe N               network evaluations for sampling; steps = NFE / solver stages (default 100)
  --samples N           generated samples for the exact W2, 2–10000 (default 2000;
                        10000 takes about a minute)
  --out FILE            write a JSON with generated, target, loss history, timings, weights
  --backend NAME        fused (one WASM SIMD call per step), or the tfjs trainer on wasm or
                        cpu (default fused)
  --likelihood          also print the mean log-likelihood (nats) of the held-out target
                        points under the learned flow: log p₁ = log p₀(x₀) − ∫ div v dt,
                        the exact 2×2 trace, RK4 backward in 32 steps (and the same
                        under a kernel density estimate of the training points, for scale)
  --conditional         a class-conditional network on the data set's classes (moons 2,
                        8gaussians 8, …), input [x, y, t, one-hot(c)]; prints per guidance
                        scale w the exact W2 of each class's samples to that class's points
                        and the class accuracy (nearest target point has the same label)
  --label-drop P        with --conditional: drop a row's label to ∅ with probability P,
                        0 ≤ P < 1 (default 0.2)
  --guidance W[,W2,…]   with --conditional: guidance scales w ≥ 0, each sampled with
                        (1 + w) v(x, t, c) − w v(x, t, ∅) (default 0)
  --quiet               no progress output
  --help                this text
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

type Parser = (raw: string, flag: string) => Partial<TrainOptions>;

function int(key: keyof TrainOptions, min: number, max: number): Parser {
  return (raw, flag) => {
    const v = Number(raw);
    if (!/^[+]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return { [key]: v };
  };
}

/** Which end of [min, max] is excluded: 'min' (min < v ≤ max), 'max' (min ≤ v < max) or none. */
type Open = 'min' | 'max' | null;

/** A number in [min, max] (one end open, see Open), or a UsageError naming the flag. */
function realValue(min: number, max: number, open: Open = null) {
  const range = {
    min: `greater than ${min} and at most ${max}`,
    max: `from ${min} up to (not including) ${max}`,
    none: `from ${min} to ${max}`,
  }[open ?? 'none'];
  return (raw: string, flag: string): number => {
    const v = Number(raw);
    const low = open === 'min' ? v > min : v >= min;
    const high = open === 'max' ? v < max : v <= max;
    if (raw.trim() === '' || !Number.isFinite(v) || !low || !high) {
      throw new UsageError(`${flag} must be a number ${range}, got "${raw}"`);
    }
    return v;
  };
}

function real(key: keyof TrainOptions, min: number, max: number, open: Open = null): Parser {
  const value = realValue(min, max, open);
  return (raw, flag) => ({ [key]: value(raw, flag) });
}

function oneOf<T extends string>(key: keyof TrainOptions, values: readonly T[]): Parser {
  return (raw, flag) => {
    if (!(values as readonly string[]).includes(raw)) {
      throw new UsageError(`${flag} must be one of ${values.join(', ')}, got "${raw}"`);
    }
    return { [key]: raw };
  };
}

const PARSERS: Record<string, Parser> = {
  '--dataset': oneOf('dataset', DATASET_IDS),
  '--scheduler': oneOf('scheduler', SCHEDULER_IDS),
  '--coupling': oneOf('coupling', COUPLING_IDS),
  '--sigma': real('pathSigma', 0, MAX_PATH_SIGMA),
  '--reflow': int('reflow', 0, MAX_REFLOW_ROUNDS),
  '--reflow-pairs': int('reflowPairs', 100, 100_000),
  '--reflow-steps': int('reflowSteps', 1, 1_000_000),
  '--width': int('width', 1, 1024),
  '--depth': int('depth', 1, 8),
  '--activation': oneOf('activation', ACTIVATIONS),
  '--batch': int('batch', 1, 8192),
  '--steps': int('steps', 0, 10_000_000),
  '--lr': real('lr', 0, 10, 'min'),
  '--weight-decay': real('weightDecay', 0, 1),
  '--ema': real('ema', 0, 1, 'max'),
  '--seed': int('seed', 0, 2 ** 31 - 1),
  '--solver': oneOf('solver', SOLVER_IDS),
  '--nfe': int('nfe', 1, 10_000),
  '--samples': int('samples', 2, 10_000),
  '--out': (raw, flag) => {
    if (raw.trim() === '') throw new UsageError(`${flag} needs a file path`);
    return { out: raw };
  },
  '--backend': oneOf('backend', ['fused', 'wasm', 'cpu'] as const),
  '--label-drop': real('labelDrop', 0, 1, 'max'),
  '--guidance': (raw, flag) => {
    const value = realValue(0, 1000);
    return { guidance: raw.split(',').map((w) => value(w.trim(), flag)) };
  },
  ...Object.fromEntries(
    PARAM_SPECS.map((spec): [string, Parser] => {
      const value = realValue(spec.min, spec.max);
      return [
        paramFlag(spec),
        (raw, flag) => ({ schedulerParams: { [spec.key]: value(raw, flag) } }),
      ];
    }),
  ),
};

/** Parameters must belong to the chosen scheduler and make a non-degenerate path. */
function checkSchedulerParams(opts: TrainOptions): void {
  const own = new Set<string>(SCHEDULERS[opts.scheduler].params.map((p) => p.key));
  for (const spec of PARAM_SPECS) {
    if (opts.schedulerParams[spec.key] !== undefined && !own.has(spec.key)) {
      throw new UsageError(`${paramFlag(spec)} does not apply to --scheduler ${opts.scheduler}`);
    }
  }
  const problem = schedulerParamsProblem(opts.scheduler, opts.schedulerParams);
  if (problem) throw new UsageError(problem.message);
}

/** Parses argv (without `node script`); returns null when --help was asked. Throws UsageError. */
export function parseTrainArgs(argv: readonly string[]): TrainOptions | null {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--quiet' || arg === '--likelihood' || arg === '--conditional') {
      opts[arg.slice(2) as 'quiet' | 'likelihood' | 'conditional'] = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const parse = PARSERS[flag];
    if (!parse) {
      throw new UsageError(`unknown flag "${arg}" (see --help)`);
    }
    let raw: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq <= 0) i++;
    if (raw === undefined || (eq <= 0 && raw.startsWith('--'))) {
      throw new UsageError(`${flag} needs a value`);
    }
    raw = raw.trim();
    const part = parse(raw, flag);
    const schedulerParams = { ...opts.schedulerParams, ...part.schedulerParams };
    Object.assign(opts, part, { schedulerParams });
  }
  checkSchedulerParams(opts);
  const given = (flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  for (const flag of ['--label-drop', '--guidance']) {
    if (given(flag) && !opts.conditional) throw new UsageError(`${flag} needs --conditional`);
  }
  if (opts.conditional && opts.reflow > 0) {
    throw new UsageError('--reflow does not take a conditional network (--conditional)');
  }
  return opts;
}
