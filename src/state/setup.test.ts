import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './settings';
import { networkKey, pointsFingerprint, setupKey, trainerSetup } from './setup';
import { targetLabels, targetPoints } from './target';

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

  it('a conditional setup sends the class count, p and each target point’s class', () => {
    const off = trainerSetup(DEFAULT_SETTINGS);
    expect([off.model.classes, off.labelDrop, off.labels]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const s = { ...DEFAULT_SETTINGS, target: 'rings' as const, conditional: true, labelDrop: 0.3 };
    const on = trainerSetup(s);
    expect(on.model.classes).toBe(4);
    expect(on.labelDrop).toBe(0.3);
    expect(on.labels).toBe(targetLabels(s));
    expect(on.labels!.length).toBe(on.target.length / 2);
    // Switching classes on, or p, needs a fresh network; w and the class to sample do not.
    const rings = trainerSetup({ ...s, conditional: false });
    expect(networkKey(on)).not.toBe(networkKey(rings));
    expect(networkKey(on)).not.toBe(networkKey(trainerSetup({ ...s, labelDrop: 0.2 })));
    const sampling = { ...s, guidance: 7, sampleClass: 2 as const };
    expect(networkKey(trainerSetup(sampling))).toBe(networkKey(on));
    // A drawing recoloured keeps its network (the labels follow live) but is another setup.
    const drawn = {
      ...DEFAULT_SETTINGS,
      target: 'drawn' as const,
      conditional: true,
      drawn: [0, 0, 1, 1, 2, 2],
      drawnLabels: [0, 1, 1],
    };
    const recoloured = { ...drawn, drawnLabels: [1, 0, 1] };
    expect(networkKey(trainerSetup(recoloured))).toBe(networkKey(trainerSetup(drawn)));
    expect(setupKey(trainerSetup(recoloured))).not.toBe(setupKey(trainerSetup(drawn)));
    // A one-colour drawing has nothing to condition on: the setup stays unconditional.
    expect(trainerSetup({ ...drawn, drawnLabels: [] }).model.classes).toBeUndefined();
  });
});
