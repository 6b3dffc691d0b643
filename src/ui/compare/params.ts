/**
 * Editing the comparison's scheduler parameters (VP's β_min/β_max, VE's σ_min/σ_max: whatever
 * the registry lists for the columns). flow/'s registry decides what is degenerate and names
 * the problem with a catalogue key, so the learner reads it in their language; the spec's
 * bounds refuse values too far out for a live demo. A refused edit keeps the last valid values.
 */
import { paramsOf, schedulerParamsProblem } from '../../flow/schedulers';
import type { ParamProblem } from '../../state/compareStore';
import { COLUMN_IDS, type ColumnId, type CompareParams } from './compareSetup';

/** A scheduler whose parameters are edited together (one message per group). */
export type ParamGroup = ColumnId;
/** The columns that have parameters, in column order. */
export const PARAM_GROUPS: readonly ParamGroup[] = COLUMN_IDS.filter(
  (id) => paramsOf(id).length > 0,
);

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
  const specs = paramsOf(group);
  const own = Object.fromEntries(specs.map((s) => [s.key, candidate[s.key]]));
  const found = schedulerParamsProblem(group, own);
  if (found) return { params: current, problem: { key: found.key, values: { ...found.values } } };
  for (const { key, symbol, min, max } of specs) {
    const v = candidate[key];
    if (v < min || v > max) {
      return {
        params: current,
        problem: { key: 'cmpErrRange', values: { name: symbol, min, max } },
      };
    }
  }
  return { params: candidate, problem: null };
}
