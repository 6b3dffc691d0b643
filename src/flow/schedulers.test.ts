import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULER_PARAMS,
  logSnr,
  makeScheduler,
  PARAM_SPECS,
  paramsOf,
  schedulerParamsProblem,
  SCHEDULER_IDS,
  validateSchedulerParams,
} from './schedulers';

const fd = (f: (t: number) => number, t: number, h = 1e-5) => (f(t + h) - f(t - h)) / (2 * h);

describe('schedulers (MATH.md §2)', () => {
  it('VP matches the reference values at t = 0, 0.5, 0.9', () => {
    const vp = makeScheduler('vp');
    const cases: [number, number, number][] = [
      [0, 0.00657, 0.99998],
      [0.5, 0.2812, 0.9597],
      [0.9, 0.9467, 0.3221],
    ];
    for (const [t, alpha, sigma] of cases) {
      expect(vp.alpha(t)).toBeCloseTo(alpha, 4);
      expect(vp.sigma(t)).toBeCloseTo(sigma, 4);
    }
  });

  it('log-SNR (the schedule chart) is log(α²/σ²), not half of it', () => {
    // OT: α/σ = t/(1 − t); at t = 0.25 log-SNR = log(1/9) = −2.197.
    expect(logSnr(makeScheduler('ot'), 0.25)).toBeCloseTo(Math.log(1 / 9), 9);
    expect(logSnr(makeScheduler('ot'), 0.5)).toBeCloseTo(0, 12);
    // VP at t = 0.5 (reference values above): 2·ln(0.2812/0.9597) = −2.455.
    expect(logSnr(makeScheduler('vp'), 0.5)).toBeCloseTo(-2.455, 2);
    // VE: σ = 0.01·1000^{1−t}; at t = 0.5, −2·ln(0.01·√1000) = 2.303.
    expect(logSnr(makeScheduler('ve'), 0.5)).toBeCloseTo(2.303, 2);
  });

  it('VP and cosine keep α² + σ² = 1', () => {
    for (const id of ['vp', 'cosine'] as const) {
      const s = makeScheduler(id);
      for (let t = 0; t <= s.tMax; t += 0.01) {
        expect(s.alpha(t) ** 2 + s.sigma(t) ** 2).toBeCloseTo(1, 10);
      }
    }
  });

  it('every derivative matches central finite differences', () => {
    for (const id of SCHEDULER_IDS) {
      const s = makeScheduler(id);
      for (let t = 0.01; t < s.tMax - 0.01; t += 0.0487) {
        const scale = Math.max(1, Math.abs(s.dSigma(t)), Math.abs(s.dAlpha(t)));
        expect(Math.abs(s.dAlpha(t) - fd(s.alpha, t)) / scale).toBeLessThan(1e-6);
        expect(Math.abs(s.dSigma(t) - fd(s.sigma, t)) / scale).toBeLessThan(1e-6);
      }
    }
  });

  it('has the right boundary values and source scales', () => {
    const ot = makeScheduler('ot');
    expect([ot.alpha(0), ot.sigma(0), ot.alpha(1), ot.sigma(1)]).toEqual([0, 1, 1, 0]);
    expect([ot.dAlpha(0.3), ot.dSigma(0.3)]).toEqual([1, -1]);
    const ve = makeScheduler('ve');
    expect(ve.alpha(0)).toBe(1);
    expect(ve.sigma(0)).toBeCloseTo(10, 10);
    expect(ve.sigma(1)).toBeCloseTo(0.01, 12);
    expect(ve.sourceScale).toBe(10);
    expect(ve.dSigma(0.4) / ve.sigma(0.4)).toBeCloseTo(-Math.log(1000), 10);
    const vp = makeScheduler('vp');
    expect(vp.tMax).toBeCloseTo(0.999, 12);
    expect(vp.sigma(vp.tMax)).toBeGreaterThan(0);
    expect(Number.isFinite(vp.dSigma(vp.tMax))).toBe(true);
    expect(makeScheduler('vp', { betaMin: 1, betaMax: 1 }).alpha(0)).toBeCloseTo(Math.exp(-0.5));
  });

  it('refuses degenerate parameters with clear messages', () => {
    expect(validateSchedulerParams('ve', { sigmaMin: 1, sigmaMax: 1 })).toMatch(/σ_max.*σ_min/);
    expect(validateSchedulerParams('ve', { sigmaMin: 0 })).toMatch(/σ_min must be > 0/);
    expect(validateSchedulerParams('vp', { betaMin: 5, betaMax: 1 })).toMatch(/β_max/);
    expect(validateSchedulerParams('vp', { betaMax: NaN })).toMatch(/finite number/);
    expect(validateSchedulerParams('vp', { betaMin: 0.5, betaMax: 10 })).toBeNull();
    expect(() => makeScheduler('ve', { sigmaMax: -1 })).toThrow(/σ_max/);
  });

  it('registry: each parameter has a unique URL code, a valid default inside its bounds', () => {
    const codes = PARAM_SPECS.map((s) => s.urlCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(PARAM_SPECS.map((s) => s.key)).size).toBe(PARAM_SPECS.length);
    for (const spec of PARAM_SPECS) {
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
      expect(DEFAULT_SCHEDULER_PARAMS[spec.key]).toBe(spec.default);
    }
    for (const id of SCHEDULER_IDS) {
      expect(schedulerParamsProblem(id)).toBeNull();
      const s = makeScheduler(id);
      expect(Object.keys(s.params).sort()).toEqual(
        paramsOf(id)
          .map((p) => p.key)
          .sort(),
      );
    }
  });

  it('names each refusal with a catalogue key and its values', () => {
    expect(schedulerParamsProblem('ve', { sigmaMin: 1, sigmaMax: 0.5 })).toMatchObject({
      key: 'cmpErrSigmaOrder',
      values: { max: 0.5, min: 1 },
    });
    expect(schedulerParamsProblem('vp', { betaMax: NaN })).toMatchObject({
      key: 'cmpErrNumber',
      values: { name: 'β_max' },
    });
  });
});
