/**
 * The panel's sentences about what it measured, built from the measurements themselves so
 * that no sentence claims more than the numbers show: each is a catalogue key with values,
 * and a verdict is chosen by comparing the numbers, never assumed.
 */
import type { SweepState, TrainerFigures } from '../../state/compareStore';
import { COLUMN_IDS, PAIRS_ID, type ColumnId, type CompareId } from './compareSetup';
import { bestOverall, bestWithin, nfeToReach, type PathFigures } from './measures';

export interface Finding {
  key: string;
  values: Record<string, string | number>;
}

export const NAMES: Record<CompareId, string> = {
  ot: 'OT',
  vp: 'VP',
  ve: 'VE',
  'ot-pairs': 'OT + OT pairs',
};

/** A few-step budget: network evaluations (NFE) that count as "few". */
export const FEW_NFE = 4;
/** The coupling comparison's budget: at most this many evaluations. */
export const PAIRS_FEW_NFE = 2;
/** The common quality bar is this factor above the worst of the three best qualities. */
export const REACH_FACTOR = 1.25;

export const fmt = (v: number, digits = 2): string =>
  Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toExponential(1) : v.toFixed(digits)) : '–';

const STRAIGHT_TOL = 1e-3;

/** Conditional paths from the formulas: which are straight, which at constant speed. */
function conditionalFinding(cond: Record<ColumnId, PathFigures>): Finding[] {
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
      straight: straight.map((id) => NAMES[id]).join(', ') || '–',
      uniform: uniform.map((id) => NAMES[id]).join(', ') || '–',
    },
  });
  return out;
}

function shown(trainers: Record<CompareId, TrainerFigures>, ids: readonly CompareId[]): boolean {
  return ids.every(
    (id) => trainers[id].shownStep >= 0 && Number.isFinite(trainers[id].straightness),
  );
}

/** Which learned trajectories are straightest now. */
function straightnessFinding(trainers: Record<CompareId, TrainerFigures>): Finding[] {
  if (!shown(trainers, COLUMN_IDS)) return [];
  const sorted = [...COLUMN_IDS].sort(
    (a, b) => trainers[b].straightness - trainers[a].straightness,
  );
  const best = sorted[0]!;
  const worst = sorted[sorted.length - 1]!;
  return [
    {
      key: 'cmpFindStraight',
      values: {
        best: NAMES[best],
        bestV: fmt(trainers[best].straightness, 3),
        worst: NAMES[worst],
        worstV: fmt(trainers[worst].straightness, 3),
        steps: COLUMN_IDS.map((id) => `${NAMES[id]} ${trainers[id].shownStep}`).join(', '),
      },
    },
  ];
}

/** Few-step quality and the evaluations each needs to reach a bar all three reach. */
function sweepFindings(sweep: SweepState): Finding[] {
  const pts = COLUMN_IDS.map((id) => sweep.points[id] ?? []);
  if (pts.some((p) => p.length === 0)) return [];
  const few = pts.map((p) => bestWithin(p, FEW_NFE));
  const out: Finding[] = [];
  if (few.every(Number.isFinite)) {
    const order = COLUMN_IDS.map((id, i) => [id, few[i]!] as const).sort((a, b) => a[1] - b[1]);
    out.push({
      key: 'cmpFindFew',
      values: {
        nfe: FEW_NFE,
        ot: fmt(few[0]!, 3),
        vp: fmt(few[1]!, 3),
        ve: fmt(few[2]!, 3),
        best: NAMES[order[0]![0]],
        worst: NAMES[order[order.length - 1]![0]],
      },
    });
  }
  const bests = pts.map(bestOverall);
  if (!bests.every(Number.isFinite)) return out;
  const bar = REACH_FACTOR * Math.max(...bests);
  const need = pts.map((p) => nfeToReach(p, bar));
  const most = COLUMN_IDS.map((id, i) => [id, need[i] ?? Infinity] as const).sort(
    (a, b) => b[1] - a[1],
  )[0]!;
  const nfeText = (n: number | null) => (n === null ? '–' : String(n));
  out.push({
    key: 'cmpFindReach',
    values: {
      bar: fmt(bar, 3),
      ot: nfeText(need[0]!),
      vp: nfeText(need[1]!),
      ve: nfeText(need[2]!),
      most: NAMES[most[0]],
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
        ot.straightness > ind.straightness ? 'cmpFindPairsStraighter' : 'cmpFindPairsNotStraighter',
      values: {
        pairs: fmt(ot.straightness, 3),
        ind: fmt(ind.straightness, 3),
        pairsSteps: ot.shownStep,
        indSteps: ind.shownStep,
      },
    },
  ];
  const a = bestWithin(sweep.points[PAIRS_ID] ?? [], PAIRS_FEW_NFE);
  const b = bestWithin(sweep.points.ot ?? [], PAIRS_FEW_NFE);
  if (Number.isFinite(a) && Number.isFinite(b)) {
    out.push({
      key: a < b ? 'cmpFindPairsFewBetter' : 'cmpFindPairsFewNotBetter',
      values: { nfe: PAIRS_FEW_NFE, pairs: fmt(a, 3), ind: fmt(b, 3) },
    });
  }
  return out;
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
): Finding[] {
  return [
    ...conditionalFinding(cond),
    ...straightnessFinding(trainers),
    ...sweepFindings(sweep),
    ...pairsFindings(trainers, sweep),
    ...lossFinding(trainers),
  ];
}
