/**
 * The panel's sentences about what it measured, built from the measurements themselves so
 * that no sentence claims more than the numbers show: each is a catalogue key with values,
 * and a verdict is chosen by comparing the numbers, never assumed.
 */
import type { SweepState, TrainerFigures } from '../../state/compareStore';
import { COLUMN_IDS, PAIRS_ID, SIGMA_ID, type ColumnId, type CompareId } from './compareSetup';
import { bestOverall, bestWithin, nfeToReach, type PathFigures } from './measures';

export interface Finding {
  key: string;
  values: Record<string, string | number>;
}

/** English trainer names; the page shows the catalogue's `cmpName_*` (useNames in Tables). */
export const NAMES: Record<CompareId, string> = {
  ot: 'OT',
  vp: 'VP',
  ve: 'VE',
  'ot-pairs': 'OT + OT pairs',
  'ot-sigma': 'OT, σ = 0.1',
};

export type Names = Record<CompareId, string>;

/** A few-step budget: network evaluations (NFE) that count as "few". */
export const FEW_NFE = 4;
/** The coupling comparison's budget: at most this many evaluations. */
export const PAIRS_FEW_NFE = 2;
/** The common quality bar is this factor above the worst of the three best qualities. */
export const REACH_FACTOR = 1.25;

export const fmt = (v: number, digits = 2): string =>
  Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toExponential(1) : v.toFixed(digits)) : '–';

const STRAIGHT_TOL = 1e-3;
/** Decimals the findings show; two values equal to this precision are a tie, never a win. */
export const FINDING_DIGITS = 3;

/** Whether a and b agree to the displayed precision (FINDING_DIGITS decimals). */
export function tied(a: number, b: number, digits = FINDING_DIGITS): boolean {
  return fmt(a, digits) === fmt(b, digits);
}

/**
 * "VE (0.950) > VP (0.790) = OT (0.700)": entries best first (higher or lower is better),
 * a tie to the displayed precision written "=", never ranked by list order.
 */
export function ranking(
  entries: readonly (readonly [string, number])[],
  higherIsBetter: boolean,
  show: (v: number) => string = (v) => fmt(v, FINDING_DIGITS),
): string {
  const key = (v: number) => (Number.isFinite(v) ? v : higherIsBetter ? -Infinity : Infinity);
  const sorted = [...entries].sort((a, b) =>
    higherIsBetter ? key(b[1]) - key(a[1]) : key(a[1]) - key(b[1]),
  );
  return sorted
    .map(([name, v], i) => {
      const prev = sorted[i - 1];
      const text = `${name} (${show(v)})`;
      if (!prev) return text;
      return `${show(prev[1]) === show(v) ? '=' : higherIsBetter ? '>' : '<'} ${text}`;
    })
    .join(' ');
}

/** Conditional paths from the formulas: which are straight, which at constant speed. */
function conditionalFinding(cond: Record<ColumnId, PathFigures>, names: Names): Finding[] {
  const straight = COLUMN_IDS.filter((id) => cond[id].straightness > 1 - STRAIGHT_TOL);
  const uniform = straight.filter((id) => Math.abs(cond[id].energyRatio - 1) < STRAIGHT_TOL);
  const values: Finding['values'] = {};
  for (const id of COLUMN_IDS) {
    values[id] = fmt(cond[id].straightness, 3);
    values[`${id}R`] = fmt(cond[id].energyRatio, 2);
  }
  const out: Finding[] = [{ key: 'cmpFindCond', values }];
  out.push({
    key: 'cmpFindCondVerdict',
    values: {
      straight: straight.map((id) => names[id]).join(', ') || '–',
      uniform: uniform.map((id) => names[id]).join(', ') || '–',
    },
  });
  return out;
}

function shown(trainers: Record<CompareId, TrainerFigures>, ids: readonly CompareId[]): boolean {
  return ids.every(
    (id) => trainers[id].shownStep >= 0 && Number.isFinite(trainers[id].straightness),
  );
}

/** Which learned trajectories are straightest now (ties to the shown precision are ties). */
function straightnessFinding(trainers: Record<CompareId, TrainerFigures>, names: Names): Finding[] {
  if (!shown(trainers, COLUMN_IDS)) return [];
  return [
    {
      key: 'cmpFindStraight',
      values: {
        ranking: ranking(
          COLUMN_IDS.map((id) => [names[id], trainers[id].straightness] as const),
          true,
        ),
        steps: COLUMN_IDS.map((id) => `${names[id]} ${trainers[id].shownStep}`).join(', '),
      },
    },
  ];
}

/** Few-step quality and the evaluations each needs to reach a bar all three reach. */
function sweepFindings(sweep: SweepState, names: Names): Finding[] {
  const pts = COLUMN_IDS.map((id) => sweep.points[id] ?? []);
  if (pts.some((p) => p.length === 0)) return [];
  const few = pts.map((p) => bestWithin(p, FEW_NFE));
  const out: Finding[] = [];
  if (few.every(Number.isFinite)) {
    out.push({
      key: 'cmpFindFew',
      values: {
        nfe: FEW_NFE,
        ranking: ranking(
          COLUMN_IDS.map((id, i) => [names[id], few[i]!] as const),
          false,
        ),
      },
    });
  }
  const bests = pts.map(bestOverall);
  if (!bests.every(Number.isFinite)) return out;
  const bar = REACH_FACTOR * Math.max(...bests);
  const need = pts.map((p) => nfeToReach(p, bar) ?? Infinity);
  out.push({
    key: 'cmpFindReach',
    values: {
      bar: fmt(bar, FINDING_DIGITS),
      ranking: ranking(
        COLUMN_IDS.map((id, i) => [names[id], need[i]!] as const),
        false,
        (n) => (Number.isFinite(n) ? String(n) : '–'),
      ),
    },
  });
  return out;
}

/** Independent vs minibatch-OT pairs on the OT path. */
function pairsFindings(trainers: Record<CompareId, TrainerFigures>, sweep: SweepState): Finding[] {
  if (!shown(trainers, ['ot', PAIRS_ID])) return [];
  const ind = trainers.ot;
  const ot = trainers[PAIRS_ID];
  const out: Finding[] = [
    {
      key:
        ot.straightness > ind.straightness && !tied(ot.straightness, ind.straightness)
          ? 'cmpFindPairsStraighter'
          : 'cmpFindPairsNotStraighter',
      values: {
        pairs: fmt(ot.straightness, FINDING_DIGITS),
        ind: fmt(ind.straightness, FINDING_DIGITS),
        pairsSteps: ot.shownStep,
        indSteps: ind.shownStep,
      },
    },
  ];
  const a = bestWithin(sweep.points[PAIRS_ID] ?? [], PAIRS_FEW_NFE);
  const b = bestWithin(sweep.points.ot ?? [], PAIRS_FEW_NFE);
  if (Number.isFinite(a) && Number.isFinite(b)) {
    out.push({
      key: a < b && !tied(a, b) ? 'cmpFindPairsFewBetter' : 'cmpFindPairsFewNotBetter',
      values: { nfe: PAIRS_FEW_NFE, pairs: fmt(a, FINDING_DIGITS), ind: fmt(b, FINDING_DIGITS) },
    });
  }
  return out;
}

/** OT with σ around the path beside plain OT: the numbers only, no verdict (shown when both are). */
function sigmaFinding(trainers: Record<CompareId, TrainerFigures>): Finding[] {
  if (!shown(trainers, ['ot', SIGMA_ID])) return [];
  const ot = trainers.ot;
  const sig = trainers[SIGMA_ID];
  return [
    {
      key: 'cmpFindSigma',
      values: {
        sig: fmt(sig.slicedW2, FINDING_DIGITS),
        ot: fmt(ot.slicedW2, FINDING_DIGITS),
        sigS: fmt(sig.straightness, FINDING_DIGITS),
        otS: fmt(ot.straightness, FINDING_DIGITS),
        sigSteps: sig.shownStep,
        otSteps: ot.shownStep,
      },
    },
  ];
}

/** Loss scales differ by scheduler: a ratio, with the warning that it ranks nothing. */
function lossFinding(trainers: Record<CompareId, TrainerFigures>): Finding[] {
  const ot = trainers.ot.lossAvg;
  const ve = trainers.ve.lossAvg;
  if (!(ot > 0) || !Number.isFinite(ve)) return [];
  return [{ key: 'cmpFindLoss', values: { ve: fmt(ve), ot: fmt(ot, 3), ratio: fmt(ve / ot, 0) } }];
}

/** Every sentence the current measurements support, in reading order. */
export function findings(
  trainers: Record<CompareId, TrainerFigures>,
  sweep: SweepState,
  cond: Record<ColumnId, PathFigures>,
  names: Names = NAMES,
): Finding[] {
  return [
    ...conditionalFinding(cond, names),
    ...straightnessFinding(trainers, names),
    ...sweepFindings(sweep, names),
    ...pairsFindings(trainers, sweep),
    ...sigmaFinding(trainers),
    ...lossFinding(trainers),
  ];
}
