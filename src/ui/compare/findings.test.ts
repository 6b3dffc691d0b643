import { describe, expect, it } from 'vitest';
import { createRng, sampleNormal } from '../../flow/rng';
import { makeScheduler } from '../../flow/schedulers';
import { EMPTY_FIGURES, initialCompareState, type TrainerFigures } from '../../state/compareStore';
import type { NfePoint } from '../../worker/protocol';
import { COLUMN_IDS, type ColumnId, type CompareId } from './compareSetup';
import { findings, NAMES, ranking, tied, type Finding } from './findings';
import { conditionalFigures, type PathFigures } from './measures';

const n = 200;
const x0 = sampleNormal(n, createRng(1));
const x1 = sampleNormal(n, createRng(2)).map((v) => 2 * v);
const cond = Object.fromEntries(
  COLUMN_IDS.map((id) => [id, conditionalFigures(makeScheduler(id), x0, x1, n)]),
) as Record<ColumnId, PathFigures>;

function trainers(straight: Partial<Record<CompareId, number>>): Record<CompareId, TrainerFigures> {
  const out = {} as Record<CompareId, TrainerFigures>;
  for (const id of ['ot', 'vp', 've', 'ot-pairs', 'ot-sigma'] as const) {
    const s = straight[id];
    out[id] =
      s === undefined ? EMPTY_FIGURES : { ...EMPTY_FIGURES, shownStep: 50, straightness: s };
  }
  return out;
}

const sweepOf = (points: Partial<Record<CompareId, NfePoint[]>>) => ({
  ...initialCompareState().sweep,
  points,
});
const euler = (nfe: number, slicedW2: number): NfePoint => ({
  solver: 'euler',
  nfe,
  steps: nfe,
  slicedW2,
});
const find = (list: Finding[], key: string) => list.find((f) => f.key === key);

describe('comparison findings', () => {
  it('conditional paths: OT and VE straight, only OT at constant speed, VP an arc', () => {
    expect(cond.ot.straightness).toBeCloseTo(1, 6);
    expect(cond.ve.straightness).toBeCloseTo(1, 4);
    expect(cond.vp.straightness).toBeLessThan(0.99);
    expect(cond.ot.energyRatio).toBeCloseTo(1, 4);
    expect(cond.ve.energyRatio).toBeGreaterThan(1.5);
    const verdict = find(findings(trainers({}), sweepOf({}), cond), 'cmpFindCondVerdict');
    expect(verdict?.values).toEqual({ straight: 'OT, VE', uniform: 'OT' });
  });

  it('ties to the displayed precision are ties, never a win by list order', () => {
    // Euler at one step makes every trajectory a segment: all 1.000, nobody is "straightest".
    const allOne = find(
      findings(trainers({ ot: 1, vp: 1, ve: 1 }), sweepOf({}), cond),
      'cmpFindStraight',
    );
    expect(allOne?.values.ranking).toBe('OT (1.000) = VP (1.000) = VE (1.000)');
    expect(tied(0.72004, 0.71996)).toBe(true);
    expect(tied(0.7206, 0.7194)).toBe(false);
    const near = find(
      findings(trainers({ ot: 0.70004, vp: 0.79, ve: 0.69996 }), sweepOf({}), cond),
      'cmpFindStraight',
    );
    expect(near?.values.ranking).toBe('VP (0.790) > OT (0.700) = VE (0.700)');
    expect(near?.values.steps).toBe('OT 50, VP 50, VE 50');
  });

  it('ranks straightness best first, quality lowest first, and says which is which', () => {
    const f = find(
      findings(trainers({ ot: 0.7, vp: 0.79, ve: 0.95 }), sweepOf({}), cond),
      'cmpFindStraight',
    );
    expect(f?.values.ranking).toBe('VE (0.950) > VP (0.790) > OT (0.700)');
    expect(
      ranking(
        [
          ['A', 0.3],
          ['B', 0.1],
          ['C', NaN],
        ],
        false,
      ),
    ).toBe('B (0.100) < A (0.300) < C (–)');
  });

  it('few-step quality and evaluations to reach the bar report ties as ties', () => {
    const sweep = sweepOf({
      ot: [euler(1, 0.5), euler(4, 0.2), euler(16, 0.1)],
      vp: [euler(1, 0.9), euler(4, 0.2), euler(16, 0.1)],
      ve: [euler(1, 0.9), euler(4, 0.6), euler(16, 0.3), euler(64, 0.12)],
    });
    const list = findings(trainers({ ot: 0.7, vp: 0.8, ve: 0.9 }), sweep, cond);
    expect(find(list, 'cmpFindFew')?.values).toEqual({
      nfe: 4,
      ranking: 'OT (0.200) = VP (0.200) < VE (0.600)',
    });
    // Bar = 1.25 × the worst of the best values (0.12) = 0.15: OT and VP need 16, VE 64.
    expect(find(list, 'cmpFindReach')?.values).toEqual({
      bar: '0.150',
      ranking: 'OT (16) = VP (16) < VE (64)',
    });
  });

  it('minibatch-OT pairs are "straighter" only when the shown values differ', () => {
    const pairs = (a: number, b: number) =>
      findings(trainers({ ot: b, vp: 0.8, ve: 0.9, 'ot-pairs': a }), sweepOf({}), cond).find((f) =>
        f.key.startsWith('cmpFindPairs'),
      )?.key;
    expect(pairs(0.99, 0.7)).toBe('cmpFindPairsStraighter');
    expect(pairs(0.70004, 0.69996)).toBe('cmpFindPairsNotStraighter');
    expect(pairs(0.6, 0.7)).toBe('cmpFindPairsNotStraighter');
  });

  it('OT with σ: its numbers beside plain OT, only once both are measured', () => {
    expect(
      find(findings(trainers({ ot: 0.9 }), sweepOf({}), cond), 'cmpFindSigma'),
    ).toBeUndefined();
    const t = trainers({ ot: 0.91234, 'ot-sigma': 0.95 });
    t.ot = { ...t.ot, slicedW2: 0.051, shownStep: 400 };
    t['ot-sigma'] = { ...t['ot-sigma'], slicedW2: 0.0834, shownStep: 380 };
    expect(find(findings(t, sweepOf({}), cond), 'cmpFindSigma')?.values).toEqual({
      sig: '0.083',
      ot: '0.051',
      sigS: '0.950',
      otS: '0.912',
      sigSteps: 380,
      otSteps: 400,
    });
  });

  it('uses the names it is given (the page passes the catalogue’s, e.g. Chinese)', () => {
    const zh = { ...NAMES, 'ot-pairs': 'OT + OT 配对' };
    const list = findings(trainers({ ot: 0.7, vp: 0.8, ve: 0.9 }), sweepOf({}), cond, zh);
    expect(find(list, 'cmpFindStraight')?.values.ranking).toContain('VE (0.900)');
  });
});
