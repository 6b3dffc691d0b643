import { describe, expect, it } from 'vitest';
import { makeScheduler } from '../../flow/schedulers';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { scheduleCurves } from './ScheduleCharts';

/** The curve's value at the grid point closest to t. */
function at(curve: [number, number][], t: number): number {
  let best = curve[0]!;
  for (const p of curve) if (Math.abs(p[0] - t) < Math.abs(best[0] - t)) best = p;
  expect(best[0]).toBeCloseTo(t, 9);
  return best[1];
}

describe('the schedule charts', () => {
  it('plot log-SNR = log(α²/σ²), not half of it, and say so in both languages', () => {
    // OT: α/σ = t/(1 − t), so log-SNR = 2·ln(t/(1 − t)) at every grid point.
    const ot = scheduleCurves(makeScheduler('ot')).snr;
    for (const [t, v] of ot) expect(v).toBeCloseTo(2 * Math.log(t / (1 - t)), 6);
    expect(at(ot, 0.5)).toBeCloseTo(0, 9);
    // VP at t = 0.5 (MATH.md §2): α = 0.2812, σ = 0.9597, log-SNR = 2·ln(0.2812/0.9597) = −2.455.
    expect(at(scheduleCurves(makeScheduler('vp')).snr, 0.5)).toBeCloseTo(-2.455, 2);
    // VE: σ_t = 0.01·1000^{1−t}; at t = 0.5 log-SNR = −2·ln(0.01·√1000) = −2·ln 0.3162 = 2.303.
    expect(at(scheduleCurves(makeScheduler('ve')).snr, 0.5)).toBeCloseTo(2.303, 2);
    for (const cat of [en, zh]) {
      expect(cat.cmpSnr).toContain('\\log(\\alpha_t^2/\\sigma_t^2)');
      expect(cat.cmpSnr).toContain('log-SNR');
    }
  });
});
