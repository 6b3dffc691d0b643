/**
 * Editing VP's β_min/β_max and VE's σ_min/σ_max. flow/'s validateSchedulerParams decides what
 * is degenerate (σ_max ≤ σ_min, β_max < β_min, not a number); this file only adds practical
 * bounds for a live demo and names the problem with a catalogue key, so the learner reads it
 * in their language. A refused edit keeps the last valid values.
 */
import {
  PARAM_SYMBOLS,
  SCHEDULER_PARAM_BOUNDS,
  validateSchedulerParams,
} from '../../flow/schedulers';
import type { ParamProblem } from '../../state/compareStore';
import type { CompareParams } from './compareSetup';

export type ParamGroup = 'vp' | 've';
export const PARAM_FIELDS: Record<ParamGroup, readonly (keyof CompareParams)[]> = {
  vp: ['betaMin', 'betaMax'],
  ve: ['sigmaMin', 'sigmaMax'],
};

/** The bounds every page and link share (flow/schedulers.ts). */
export const PARAM_LIMITS: Record<keyof CompareParams, readonly [number, number]> =
  SCHEDULER_PARAM_BOUNDS as Record<keyof CompareParams, readonly [number, number]>;

const SYMBOL: Record<keyof CompareParams, string> = PARAM_SYMBOLS;

/** Why the degenerate candidate was refused, as a message key (mirrors flow/'s checks). */
function classify(group: ParamGroup, p: CompareParams, english: string): ParamProblem {
  for (const name of PARAM_FIELDS[group]) {
    if (!Number.isFinite(p[name])) return { key: 'cmpErrNumber', values: { name: SYMBOL[name] } };
  }
  if (group === 'vp') {
    if (p.betaMin < 0) return { key: 'cmpErrBetaMin', values: { v: p.betaMin } };
    if (p.betaMax < p.betaMin) {
      return { key: 'cmpErrBetaOrder', values: { max: p.betaMax, min: p.betaMin } };
    }
    if (p.betaMax <= 0) return { key: 'cmpErrBetaMax', values: {} };
  } else {
    if (p.sigmaMin <= 0) return { key: 'cmpErrSigmaMin', values: { v: p.sigmaMin } };
    if (p.sigmaMax <= p.sigmaMin) {
      return { key: 'cmpErrSigmaOrder', values: { max: p.sigmaMax, min: p.sigmaMin } };
    }
  }
  const outside = rangeProblem(group, p);
  return outside ?? { key: 'cmpErrOther', values: { detail: english } };
}

function rangeProblem(group: ParamGroup, p: CompareParams): ParamProblem | null {
  for (const name of PARAM_FIELDS[group]) {
    const [lo, hi] = PARAM_LIMITS[name];
    if (p[name] < lo || p[name] > hi) {
      return { key: 'cmpErrRange', values: { name: SYMBOL[name], min: lo, max: hi } };
    }
  }
  return null;
}

/**
 * Applies an edit of one group: the new values when valid, otherwise the current ones and
 * the reason. Non-numbers and degenerate paths are refused by flow/'s validation.
 */
export function applyParamEdit(
  current: CompareParams,
  group: ParamGroup,
  edit: Partial<CompareParams>,
): { params: CompareParams; problem: ParamProblem | null } {
  const candidate: CompareParams = { ...current, ...edit };
  const own = Object.fromEntries(PARAM_FIELDS[group].map((k) => [k, candidate[k]]));
  const english = validateSchedulerParams(group, own);
  if (english) return { params: current, problem: classify(group, candidate, english) };
  const outside = rangeProblem(group, candidate);
  if (outside) return { params: current, problem: outside };
  return { params: candidate, problem: null };
}
