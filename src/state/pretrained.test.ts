import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../flow/datasets';
import { PRETRAINED, pretrainedFor } from './pretrained';
import { DEFAULT_SETTINGS } from './settings';

describe('pretrained networks', () => {
  it('lists every preset × OT, VP, VE and OT with minibatch-OT pairs on the default target', () => {
    expect(PRETRAINED).toHaveLength(3 * DATASET_IDS.length + 1);
    expect(new Set(PRETRAINED.map((e) => e.file)).size).toBe(PRETRAINED.length);
    expect(PRETRAINED.filter((e) => e.coupling === 'ot')).toEqual([
      { file: 'moons-ot-otpairs.json', dataset: 'moons', scheduler: 'ot', coupling: 'ot' },
    ]);
  });

  it('matches the default setup of each preset and path', () => {
    expect(pretrainedFor(DEFAULT_SETTINGS)).toEqual({ file: 'moons-ot.json' });
    const rings = { ...DEFAULT_SETTINGS, target: 'rings' as const, scheduler: 've' as const };
    expect(pretrainedFor(rings)).toEqual({ file: 'rings-ve.json' });
    // Explicit default parameters are still the default path.
    const vp = { ...DEFAULT_SETTINGS, scheduler: 'vp' as const };
    expect(pretrainedFor({ ...vp, schedulerParams: { betaMin: 0.1, betaMax: 20 } })).toEqual({
      file: 'moons-vp.json',
    });
    expect(pretrainedFor({ ...DEFAULT_SETTINGS, coupling: 'ot' })).toEqual({
      file: 'moons-ot-otpairs.json',
    });
  });

  it('says why nothing fits: a drawing, or another network, path, pairing or seed', () => {
    const d = DEFAULT_SETTINGS;
    // The shipped networks learned the exact path: σ around it needs training.
    expect(pretrainedFor({ ...d, pathSigma: 0.1 })).toEqual({ missing: 'setup' });
    expect(pretrainedFor({ ...d, target: 'drawn' })).toEqual({ missing: 'drawn' });
    for (const other of [
      { width: 32 },
      { depth: 2 },
      { activation: 'selu' as const },
      { seed: 2 },
      { scheduler: 'cosine' as const },
      { scheduler: 'vp' as const, schedulerParams: { betaMax: 10 } },
      { target: 'rings' as const, coupling: 'ot' as const },
    ]) {
      expect(pretrainedFor({ ...d, ...other }), JSON.stringify(other)).toEqual({
        missing: 'setup',
      });
    }
  });
});
