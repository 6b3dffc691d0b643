import { describe, expect, it } from 'vitest';
import {
  classPoints,
  classVelocity,
  guidedMarginalVelocity,
  guidedVelocity,
  NULL_LABEL,
  validateGuidance,
} from './guidance';
import { marginalVelocity } from './marginal';
import { makeScheduler } from './schedulers';

const ot = makeScheduler('ot');
// Class 0: one point at (2, 0); class 1: two points at (−2, ±1).
const target = Float32Array.from([2, 0, -2, 1, -2, -1]);
const labels = Uint8Array.from([0, 1, 1]);
const probes = Float32Array.from([0.3, -0.2, -1, 0.5, 1.5, 1.2]);

const field = (f: ReturnType<typeof classVelocity>, t: number) => {
  const out = new Float32Array(probes.length);
  f(probes, t, out);
  return out;
};

describe('guidance', () => {
  it('guidedVelocity is (1 + w) v_c − w v_∅', () => {
    const out = guidedVelocity([1, 2], [3, -1], 2, new Float32Array(2));
    expect(Array.from(out)).toEqual([3 * 1 - 2 * 3, 3 * 2 - 2 * -1]);
    expect(validateGuidance(-1)).toMatch(/≥ 0/);
    expect(validateGuidance(NaN)).toMatch(/≥ 0/);
    expect(validateGuidance(0)).toBeNull();
  });

  it('picks the class points; ∅ means all points', () => {
    expect(Array.from(classPoints(target, labels, 1))).toEqual([-2, 1, -2, -1]);
    const all = field(classVelocity(ot, target, labels, NULL_LABEL), 0.4);
    expect(Array.from(all)).toEqual(Array.from(field(marginalVelocity(ot, target), 0.4)));
    expect(() => classVelocity(ot, target, labels, 5)).toThrow(/no target points/);
  });

  it('the class field of a one-point class is the OT closed form (x1 − x)/(1 − t)', () => {
    const t = 0.6;
    const v = field(classVelocity(ot, target, labels, 0), t);
    for (let p = 0; p < 3; p++) {
      expect(v[2 * p]).toBeCloseTo((2 - probes[2 * p]!) / (1 - t), 4);
      expect(v[2 * p + 1]).toBeCloseTo((0 - probes[2 * p + 1]!) / (1 - t), 4);
    }
  });

  it('the exact guided field is the class field at w = 0 and the linear extrapolation at w > 0', () => {
    const t = 0.35;
    const vc = field(classVelocity(ot, target, labels, 1), t);
    const vu = field(marginalVelocity(ot, target), t);
    expect(Array.from(field(guidedMarginalVelocity(ot, target, labels, 1, 0), t))).toEqual(
      Array.from(vc),
    );
    for (const w of [0.5, 3]) {
      const g = field(guidedMarginalVelocity(ot, target, labels, 1, w), t);
      for (let i = 0; i < g.length; i++) {
        expect(g[i]).toBeCloseTo(vc[i]! + w * (vc[i]! - vu[i]!), 4);
      }
    }
    expect(() => guidedMarginalVelocity(ot, target, labels, 1, -0.1)).toThrow(/≥ 0/);
  });
});
