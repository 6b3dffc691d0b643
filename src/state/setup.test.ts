import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './settings';
import { networkKey, pointsFingerprint, setupKey, trainerSetup } from './setup';
import { targetPoints } from './target';

describe('trainer setup from settings', () => {
  it('is the trainer config plus the target the views show', () => {
    const s = { ...DEFAULT_SETTINGS, scheduler: 've' as const, width: 32, lr: 2e-3 };
    const setup = trainerSetup(s);
    expect(setup.scheduler).toBe('ve');
    expect(setup.model).toEqual({
      width: 32,
      depth: 3,
      activation: 'silu',
      timeEncoding: 'linear',
    });
    expect(setup.lr).toBe(2e-3);
    expect(setup.target).toBe(targetPoints(s));
  });

  it('the network key ignores what changes live; the setup key does not', () => {
    const a = trainerSetup(DEFAULT_SETTINGS);
    const live = trainerSetup({ ...DEFAULT_SETTINGS, lr: 1e-3, ema: 0.99, target: 'scurve' });
    expect(networkKey(live)).toBe(networkKey(a));
    expect(setupKey(live)).not.toBe(setupKey(a));
    const fresh = trainerSetup({ ...DEFAULT_SETTINGS, width: 32 });
    expect(networkKey(fresh)).not.toBe(networkKey(a));
  });

  it('fingerprints points by count and bytes', () => {
    const p = Float32Array.from([1, 2, 3, 4]);
    expect(pointsFingerprint(p)).toMatch(/^2:/);
    expect(pointsFingerprint(p)).toBe(pointsFingerprint(Float32Array.from(p)));
    expect(pointsFingerprint(Float32Array.from([1, 2, 3, 5]))).not.toBe(pointsFingerprint(p));
  });
});
