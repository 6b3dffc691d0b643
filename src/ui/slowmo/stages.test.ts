import { describe, expect, it } from 'vitest';
import { makeScheduler } from '../../flow/schedulers';
import type { StepTrace } from '../../model/stepTrace';
import { numbersOf, pictureOf, SHOWN_PAIRS } from './stages';
import { fakeStepTrace } from './testing';

/** A hand-made trace of n pairs on the OT path (x1 reversed by the pairing). */
function trace(n: number): StepTrace {
  const x0 = Float32Array.from({ length: 2 * n }, (_, i) => (i % 7) - 3);
  const x1 = Float32Array.from({ length: 2 * n }, (_, i) => (i % 5) * 0.5);
  const perm = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
  const t = Float32Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const u = Float32Array.from({ length: 2 * n }, (_, i) => i / n);
  return fakeStepTrace({
    n,
    step: 12,
    offset: 0.5,
    u,
    x0,
    x1,
    perm,
    t,
    coupling: 'ot',
    updateNorm: 0.01,
  });
}

describe('slow-motion stages', () => {
  it('numbers are over the whole batch; the picture holds the first pairs only', () => {
    const tr = trace(100);
    const n = numbersOf(tr);
    expect(n.shown).toBe(SHOWN_PAIRS);
    expect(n.meanError).toBeCloseTo(0.25, 6);
    expect([n.tMin, n.tMax]).toEqual([tr.t[0], tr.t[99]]);
    const pic = pictureOf(tr, makeScheduler('ot'));
    expect(pic.n).toBe(SHOWN_PAIRS);
    expect(pic.paths).toHaveLength(SHOWN_PAIRS);
    expect(pic.tAll).toHaveLength(100);
    // Pair 0's data point is x1 at perm[0] = 99; its path runs from x0 to that point.
    expect([pic.x1[0], pic.x1[1]]).toEqual([tr.x1[198], tr.x1[199]]);
    const line = pic.paths[0]!;
    expect([line[0], line[1]]).toEqual([tr.x0[0], tr.x0[1]]);
    expect([line[line.length - 2], line[line.length - 1]]).toEqual([pic.x1[0], pic.x1[1]]);
  });

  it('VE: the noise is drawn at the source’s spread, each path starts at x1 + σ_max x0', () => {
    const tr = { ...trace(4), scheduler: 've' as const };
    const s = makeScheduler('ve');
    const pic = pictureOf(tr, s);
    expect(pic.noise[2]).toBeCloseTo(tr.x0[2]! * s.sourceScale, 4);
    const x1 = pic.x1[2]!;
    expect(pic.start[2]).toBeCloseTo(x1 + s.sigma(0) * tr.x0[2]!, 3);
  });
});
