/**
 * Gaussian-path schedulers (MATH.md §2): xt = α_t x1 + σ_t x0, t = 0 noise, t = 1 data.
 * One registry entry per scheduler carries everything the rest of the program needs: its
 * formulas (its name is the catalogues' `sch_<id>`), its parameters (symbol, default, bounds, URL code) and its
 * validator. Selects, the URL codec, both pages' parameter fields, the comparison setup, the
 * headless trainer's flags and the tests iterate SCHEDULERS; nothing else lists schedulers.
 */
import type { Scheduler } from './types';

/** One tunable parameter of a scheduler. */
export interface ParamSpec {
  /** Field name in SchedulerParams; also the catalogue key of its label. */
  readonly key: string;
  /** Plain-text symbol used in messages, e.g. 'β_min'. */
  readonly symbol: string;
  readonly default: number;
  /** Practical range for a live demo and the CLI (degeneracy is the validator's job). */
  readonly min: number;
  readonly max: number;
  /** Short code in a link: `sp=bmin:0.1,bmax:20`. */
  readonly urlCode: string;
}

/** Why parameters were refused: a catalogue key with its values, and the English sentence. */
export interface ParamProblem {
  readonly key: string;
  readonly values: Readonly<Record<string, string | number>>;
  readonly message: string;
}

/** The functions of a path, built from resolved parameters. */
type PathFns = Omit<Scheduler, 'id' | 'params'>;

/** One registry entry. `P` lists the parameter keys. */
export interface SchedulerEntry<P extends string = string> {
  /** KaTeX of α_t and σ_t (the corrected formulas, MATH.md §6). */
  readonly alphaTex: string;
  readonly sigmaTex: string;
  readonly params: readonly (ParamSpec & { readonly key: P })[];
  /** A problem when these (finite, resolved) values make the path degenerate, else null. */
  readonly check: (p: Readonly<Record<P, number>>) => ParamProblem | null;
  readonly build: (p: Readonly<Record<P, number>>) => PathFns;
}

/** VP's σ̇ diverges like (1 − t)^{−1/2} at t = 1, so t stays below 1 − ε (float32-safe). */
export const VP_T_EPSILON = 1e-3;

const problem = (key: string, values: ParamProblem['values'], message: string): ParamProblem => ({
  key,
  values,
  message,
});
const entry = <P extends string>(e: SchedulerEntry<P>): SchedulerEntry<P> => e;

/** OT (conditional optimal transport): α = t, σ = 1 − t; conditional paths are straight. */
const ot = entry<never>({
  alphaTex: '\\alpha_t = t',
  sigmaTex: '\\sigma_t = 1 - t',
  params: [],
  check: () => null,
  build: () => ({
    alpha: (t) => t,
    sigma: (t) => 1 - t,
    dAlpha: () => 1,
    dSigma: () => -1,
    sourceScale: 1,
    tMin: 0,
    tMax: 1,
  }),
});

/**
 * VP: T(t) = β_min(1−t) + ½(β_max−β_min)(1−t)², α = e^{−T/2}, σ = √(1 − e^{−T});
 * α̇ = ½β(1−t)α, σ̇ = −½β(1−t)e^{−T}/σ. σ via −expm1(−T) avoids cancellation near t = 1.
 */
const vp = entry<'betaMin' | 'betaMax'>({
  alphaTex: '\\alpha_t = e^{-T(t)/2},\\; T(t) = \\int_0^{1-t} \\beta(s)\\,ds',
  sigmaTex: '\\sigma_t = \\sqrt{1 - e^{-T(t)}}',
  params: [
    { key: 'betaMin', symbol: 'β_min', default: 0.1, min: 0, max: 100, urlCode: 'bmin' },
    { key: 'betaMax', symbol: 'β_max', default: 20, min: 0, max: 100, urlCode: 'bmax' },
  ],
  check: ({ betaMin, betaMax }) => {
    if (betaMin < 0)
      return problem('cmpErrBetaMin', { v: betaMin }, `β_min must be ≥ 0, got ${betaMin}`);
    if (betaMax < betaMin) {
      return problem(
        'cmpErrBetaOrder',
        { max: betaMax, min: betaMin },
        `β_max (${betaMax}) must be ≥ β_min (${betaMin})`,
      );
    }
    if (betaMax <= 0) {
      return problem('cmpErrBetaMax', {}, 'β_max must be > 0 so that the path reaches noise');
    }
    return null;
  },
  build: ({ betaMin, betaMax }) => {
    const integral = (t: number) => betaMin * (1 - t) + 0.5 * (betaMax - betaMin) * (1 - t) ** 2;
    const beta = (s: number) => betaMin + (betaMax - betaMin) * s;
    const sigma = (t: number) => Math.sqrt(-Math.expm1(-integral(t)));
    return {
      alpha: (t) => Math.exp(-integral(t) / 2),
      sigma,
      dAlpha: (t) => 0.5 * beta(1 - t) * Math.exp(-integral(t) / 2),
      dSigma: (t) => (-0.5 * beta(1 - t) * Math.exp(-integral(t))) / sigma(t),
      sourceScale: 1,
      tMin: 0,
      tMax: 1 - VP_T_EPSILON,
    };
  },
});

/** VE: α ≡ 1, σ = σ_min (σ_max/σ_min)^{1−t}, σ̇ = −ln(σ_max/σ_min) σ; source σ_max·N(0, I). */
const ve = entry<'sigmaMin' | 'sigmaMax'>({
  alphaTex: '\\alpha_t = 1',
  sigmaTex:
    '\\sigma_t = \\sigma_{\\min}\\left(\\tfrac{\\sigma_{\\max}}{\\sigma_{\\min}}\\right)^{1-t}',
  params: [
    { key: 'sigmaMin', symbol: 'σ_min', default: 0.01, min: 1e-4, max: 100, urlCode: 'smin' },
    { key: 'sigmaMax', symbol: 'σ_max', default: 10, min: 1e-4, max: 100, urlCode: 'smax' },
  ],
  check: ({ sigmaMin, sigmaMax }) => {
    if (sigmaMin <= 0) {
      return problem('cmpErrSigmaMin', { v: sigmaMin }, `σ_min must be > 0, got ${sigmaMin}`);
    }
    if (sigmaMax <= sigmaMin) {
      return problem(
        'cmpErrSigmaOrder',
        { max: sigmaMax, min: sigmaMin },
        `σ_max (${sigmaMax}) must be > σ_min (${sigmaMin})`,
      );
    }
    return null;
  },
  build: ({ sigmaMin, sigmaMax }) => {
    const logRatio = Math.log(sigmaMax / sigmaMin);
    const sigma = (t: number) => sigmaMin * Math.exp(logRatio * (1 - t));
    return {
      alpha: () => 1,
      sigma,
      dAlpha: () => 0,
      dSigma: (t) => -logRatio * sigma(t),
      // σ_0 = σ_max and xt = x1 + σ_t x0 with x0 ~ N(0, I) is the same law as the Guide's
      // x0 ~ N(0, σ_max² I); we keep x0 standard and report the source's scale separately.
      sourceScale: sigmaMax,
      tMin: 0,
      tMax: 1,
    };
  },
});

/** Cosine: α = sin(πt/2), σ = cos(πt/2). */
const cosine = entry<never>({
  alphaTex: '\\alpha_t = \\sin(\\tfrac{\\pi t}{2})',
  sigmaTex: '\\sigma_t = \\cos(\\tfrac{\\pi t}{2})',
  params: [],
  check: () => null,
  build: () => {
    const w = Math.PI / 2;
    return {
      alpha: (t) => Math.sin(w * t),
      sigma: (t) => Math.cos(w * t),
      dAlpha: (t) => w * Math.cos(w * t),
      dSigma: (t) => -w * Math.sin(w * t),
      sourceScale: 1,
      tMin: 0,
      tMax: 1,
    };
  },
});

/** The registry: add a scheduler here (plus `sch_<id>` and its parameter labels in i18n). */
export const SCHEDULERS = { ot, vp, ve, cosine } as const;

/** Identifier of a scheduler: a key of the registry. */
export type SchedulerId = keyof typeof SCHEDULERS;
/** Name of any scheduler's parameter. */
export type ParamKey = (typeof SCHEDULERS)[SchedulerId]['params'][number]['key'];
/** Tunable parameters (each scheduler reads its own; missing ones take their defaults). */
export type SchedulerParams = Partial<Record<ParamKey, number>>;
/** A parameter spec with its key typed. */
export type ParamSpecOf = ParamSpec & { readonly key: ParamKey };

export const SCHEDULER_IDS = Object.keys(SCHEDULERS) as SchedulerId[];

/** Every parameter of every scheduler, in registry order. */
export const PARAM_SPECS: readonly ParamSpecOf[] = SCHEDULER_IDS.flatMap(
  (id): readonly ParamSpecOf[] => SCHEDULERS[id].params,
);

/** Each parameter's default, e.g. β_min = 0.1. */
export const DEFAULT_SCHEDULER_PARAMS = Object.fromEntries(
  PARAM_SPECS.map((s) => [s.key, s.default]),
) as Required<SchedulerParams>;

/** The parameter specs of one scheduler. */
export function paramsOf(id: SchedulerId): readonly ParamSpecOf[] {
  return SCHEDULERS[id].params;
}

/** Only the parameters this scheduler reads, defaults filled in. */
export function resolveParams(id: SchedulerId, params: SchedulerParams = {}): SchedulerParams {
  return Object.fromEntries(paramsOf(id).map((s) => [s.key, params[s.key] ?? s.default]));
}

/** The problem with these parameters for this scheduler (non-numbers first), else null. */
export function schedulerParamsProblem(
  id: SchedulerId,
  params: SchedulerParams = {},
): ParamProblem | null {
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      const symbol = PARAM_SPECS.find((s) => s.key === key)?.symbol ?? key;
      return problem(
        'cmpErrNumber',
        { name: symbol },
        `${key} must be a finite number, got ${String(value)}`,
      );
    }
  }
  const check = SCHEDULERS[id].check as SchedulerEntry['check'];
  const degenerate = check(resolveParams(id, params) as Record<string, number>);
  if (degenerate) return degenerate;
  // The same bounds on every page and in links (a σ_max of 1e19 overflows training).
  for (const { key, symbol, min, max } of paramsOf(id)) {
    const v = params[key];
    if (v !== undefined && (v < min || v > max)) {
      return problem(
        'cmpErrRange',
        { name: symbol, min, max },
        `${symbol} must be from ${min} to ${max}, got ${v}`,
      );
    }
  }
  return null;
}

/** An English message when the parameters make the path degenerate or leave their bounds, else null. */
export function validateSchedulerParams(
  id: SchedulerId,
  params: SchedulerParams = {},
): string | null {
  return schedulerParamsProblem(id, params)?.message ?? null;
}

/** log-SNR = log(α_t²/σ_t²): SNR is a ratio of variances, so this is twice log(α_t/σ_t). */
export function logSnr(s: Scheduler, t: number): number {
  return 2 * Math.log(s.alpha(t) / s.sigma(t));
}

/** Builds a scheduler; throws an Error with a clear message for degenerate parameters. */
export function makeScheduler(id: SchedulerId, params: SchedulerParams = {}): Scheduler {
  if (!Object.prototype.hasOwnProperty.call(SCHEDULERS, id)) {
    throw new Error(`unknown scheduler "${String(id)}"`);
  }
  const issue = validateSchedulerParams(id, params);
  if (issue) throw new Error(issue);
  const resolved = resolveParams(id, params);
  const build = SCHEDULERS[id].build as SchedulerEntry['build'];
  return { id, params: resolved, ...build(resolved as Record<string, number>) };
}
