/**
 * Gaussian-path schedulers (MATH.md §2): xt = α_t x1 + σ_t x0, t = 0 noise, t = 1 data.
 * One registry entry per scheduler; selects, URL codecs, the CLI and tests iterate it.
 */
import type { Scheduler, SchedulerId, SchedulerParams } from './types';

export const SCHEDULER_IDS: readonly SchedulerId[] = ['ot', 'vp', 've', 'cosine'];

export const DEFAULT_SCHEDULER_PARAMS: Required<SchedulerParams> = {
  betaMin: 0.1,
  betaMax: 20,
  sigmaMin: 0.01,
  sigmaMax: 10,
};

/**
 * Bounds of every scheduler parameter, the same on every page and in links. Beyond them the
 * path is not degenerate but hopeless for a small network trained live: β_max = 100 already
 * makes α_0 = e^{-50}, and σ_max = 100 makes VE's targets 100× the data's scale (past it,
 * float32 losses overflow).
 */
export const SCHEDULER_PARAM_BOUNDS: Record<keyof SchedulerParams, readonly [number, number]> = {
  betaMin: [0, 100],
  betaMax: [0, 100],
  sigmaMin: [1e-4, 100],
  sigmaMax: [1e-4, 100],
};

/** VP's σ̇ diverges like (1 − t)^{−1/2} at t = 1, so t stays below 1 − ε (float32-safe). */
export const VP_T_EPSILON = 1e-3;

/** KaTeX formulas (the corrected ones, MATH.md §6); names are the catalogues' `sch_*`. */
export const SCHEDULER_INFO: Record<SchedulerId, { alphaTex: string; sigmaTex: string }> = {
  ot: { alphaTex: '\\alpha_t = t', sigmaTex: '\\sigma_t = 1 - t' },
  vp: {
    alphaTex: '\\alpha_t = e^{-T(t)/2},\\; T(t) = \\int_0^{1-t} \\beta(s)\\,ds',
    sigmaTex: '\\sigma_t = \\sqrt{1 - e^{-T(t)}}',
  },
  ve: {
    alphaTex: '\\alpha_t = 1',
    sigmaTex:
      '\\sigma_t = \\sigma_{\\min}\\left(\\tfrac{\\sigma_{\\max}}{\\sigma_{\\min}}\\right)^{1-t}',
  },
  cosine: {
    alphaTex: '\\alpha_t = \\sin(\\tfrac{\\pi t}{2})',
    sigmaTex: '\\sigma_t = \\cos(\\tfrac{\\pi t}{2})',
  },
};

/** The symbol of each parameter in messages. */
export const PARAM_SYMBOLS: Record<keyof SchedulerParams, string> = {
  betaMin: 'β_min',
  betaMax: 'β_max',
  sigmaMin: 'σ_min',
  sigmaMax: 'σ_max',
};

/**
 * An English message when the parameters make the path degenerate or leave the bounds
 * (SCHEDULER_PARAM_BOUNDS), else null.
 */
export function validateSchedulerParams(
  id: SchedulerId,
  params: SchedulerParams = {},
): string | null {
  const p = { ...DEFAULT_SCHEDULER_PARAMS, ...params };
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      return `${key} must be a finite number, got ${String(value)}`;
    }
  }
  if (id === 'vp') {
    if (p.betaMin < 0) return `β_min must be ≥ 0, got ${p.betaMin}`;
    if (p.betaMax < p.betaMin) return `β_max (${p.betaMax}) must be ≥ β_min (${p.betaMin})`;
    if (p.betaMax <= 0) return `β_max must be > 0 so that the path reaches noise`;
  }
  if (id === 've') {
    if (p.sigmaMin <= 0) return `σ_min must be > 0, got ${p.sigmaMin}`;
    if (p.sigmaMax <= p.sigmaMin) return `σ_max (${p.sigmaMax}) must be > σ_min (${p.sigmaMin})`;
  }
  for (const [key, value] of Object.entries(params) as [keyof SchedulerParams, number][]) {
    const bounds = SCHEDULER_PARAM_BOUNDS[key];
    if (!bounds) return `unknown scheduler parameter ${String(key)}`;
    const [lo, hi] = bounds;
    if (value !== undefined && (value < lo || value > hi)) {
      return `${PARAM_SYMBOLS[key]} must be from ${lo} to ${hi}, got ${value}`;
    }
  }
  return null;
}

/** OT (conditional optimal transport): α = t, σ = 1 − t; conditional paths are straight. */
function otScheduler(): Scheduler {
  return {
    id: 'ot',
    params: {},
    alpha: (t) => t,
    sigma: (t) => 1 - t,
    dAlpha: () => 1,
    dSigma: () => -1,
    sourceScale: 1,
    tMin: 0,
    tMax: 1,
  };
}

/**
 * VP: T(t) = β_min(1−t) + ½(β_max−β_min)(1−t)², α = e^{−T/2}, σ = √(1 − e^{−T});
 * α̇ = ½β(1−t)α, σ̇ = −½β(1−t)e^{−T}/σ. σ via −expm1(−T) avoids cancellation near t = 1.
 */
function vpScheduler(betaMin: number, betaMax: number): Scheduler {
  const integral = (t: number) => betaMin * (1 - t) + 0.5 * (betaMax - betaMin) * (1 - t) ** 2;
  const beta = (s: number) => betaMin + (betaMax - betaMin) * s;
  const sigma = (t: number) => Math.sqrt(-Math.expm1(-integral(t)));
  return {
    id: 'vp',
    params: { betaMin, betaMax },
    alpha: (t) => Math.exp(-integral(t) / 2),
    sigma,
    dAlpha: (t) => 0.5 * beta(1 - t) * Math.exp(-integral(t) / 2),
    dSigma: (t) => (-0.5 * beta(1 - t) * Math.exp(-integral(t))) / sigma(t),
    sourceScale: 1,
    tMin: 0,
    tMax: 1 - VP_T_EPSILON,
  };
}

/** VE: α ≡ 1, σ = σ_min (σ_max/σ_min)^{1−t}, σ̇ = −ln(σ_max/σ_min) σ; source σ_max·N(0, I). */
function veScheduler(sigmaMin: number, sigmaMax: number): Scheduler {
  const logRatio = Math.log(sigmaMax / sigmaMin);
  const sigma = (t: number) => sigmaMin * Math.exp(logRatio * (1 - t));
  return {
    id: 've',
    params: { sigmaMin, sigmaMax },
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
}

/** Cosine: α = sin(πt/2), σ = cos(πt/2). */
function cosineScheduler(): Scheduler {
  const w = Math.PI / 2;
  return {
    id: 'cosine',
    params: {},
    alpha: (t) => Math.sin(w * t),
    sigma: (t) => Math.cos(w * t),
    dAlpha: (t) => w * Math.cos(w * t),
    dSigma: (t) => -w * Math.sin(w * t),
    sourceScale: 1,
    tMin: 0,
    tMax: 1,
  };
}

/** log-SNR = log(α_t²/σ_t²): SNR is a ratio of variances, so this is twice log(α_t/σ_t). */
export function logSnr(s: Scheduler, t: number): number {
  return 2 * Math.log(s.alpha(t) / s.sigma(t));
}

/** Builds a scheduler; throws an Error with a clear message for degenerate parameters. */
export function makeScheduler(id: SchedulerId, params: SchedulerParams = {}): Scheduler {
  if (!SCHEDULER_IDS.includes(id)) throw new Error(`unknown scheduler "${String(id)}"`);
  const problem = validateSchedulerParams(id, params);
  if (problem) throw new Error(problem);
  const p = { ...DEFAULT_SCHEDULER_PARAMS, ...params };
  switch (id) {
    case 'ot':
      return otScheduler();
    case 'vp':
      return vpScheduler(p.betaMin, p.betaMax);
    case 've':
      return veScheduler(p.sigmaMin, p.sigmaMax);
    case 'cosine':
      return cosineScheduler();
  }
}
