import { describe, expect, it } from 'vitest';
import { applySettingsPatch, DEFAULT_SETTINGS, FIELDS, type Settings } from './settings';
import { createStore } from './store';
import { decodePoints, decodeSettings, encodePoints, encodeSettings } from './url';

describe('settings validation', () => {
  it('the field table: every default passes its own check, URL keys are unique', () => {
    const names = Object.keys(FIELDS) as (keyof Settings)[];
    for (const k of names) {
      const field = FIELDS[k] as { default: unknown; check: (v: unknown) => string | null };
      expect(field.check(field.default), k).toBeNull();
    }
    expect(new Set(names.map((k) => FIELDS[k].url)).size).toBe(names.length);
    expect(FIELDS.width.check(FIELDS.width.range![1] + 1)).toMatch(/width/);
  });

  it('refuses invalid values, keeps the last valid one and says why', () => {
    const { settings, errors } = applySettingsPatch(DEFAULT_SETTINGS, {
      steps: 0,
      width: 32,
      solver: 'leapfrog' as Settings['solver'],
      ema: 1,
    });
    expect(settings.steps).toBe(DEFAULT_SETTINGS.steps);
    expect(settings.width).toBe(32);
    expect(settings.solver).toBe(DEFAULT_SETTINGS.solver);
    expect(errors.steps).toMatch(/1 to 200/);
    expect(errors.solver).toMatch(/euler/);
    expect(settings.ema).toBe(0);
    expect(errors.ema).toMatch(/weight average decay must be a number from 0 to 0.9999, got 1/);
  });

  it('refuses degenerate scheduler parameters (flow/ validates them)', () => {
    const vp = applySettingsPatch(DEFAULT_SETTINGS, { scheduler: 've' }).settings;
    const { settings, errors } = applySettingsPatch(vp, {
      schedulerParams: { sigmaMin: 5, sigmaMax: 1 },
    });
    expect(errors.schedulerParams).toMatch(/σ_max/);
    expect(settings.schedulerParams).toEqual({});
  });
});

describe('σ around the path (sig=)', () => {
  it('is 0 by default, 0.1 in a link round-trips, and out-of-range values are refused', () => {
    expect(DEFAULT_SETTINGS.pathSigma).toBe(0);
    expect(encodeSettings(DEFAULT_SETTINGS)).not.toContain('sig');
    const s = { ...DEFAULT_SETTINGS, pathSigma: 0.1 };
    expect(encodeSettings(s)).toBe('sig=0.1');
    expect(decodeSettings('#sig=0.1').settings.pathSigma).toBe(0.1);
    for (const bad of ['-0.1', '2', 'NaN', '1e19', '', 'x']) {
      const { settings, errors } = decodeSettings(`#sig=${bad}`);
      expect(settings.pathSigma).toBe(0);
      expect(errors.join(' ')).toMatch(/pathSigma: σ around the path must be a number from 0 to 1/);
    }
  });
});

describe('URL codec', () => {
  it('round-trips every field that differs from the defaults', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      target: 'drawn',
      drawn: [0.5, -1.25, 2, 3.001],
      scheduler: 'vp',
      schedulerParams: { betaMin: 0.2, betaMax: 15 },
      width: 32,
      lr: 0.001,
      ema: 0.999,
      solver: 'rk4',
      overlays: { ...DEFAULT_SETTINGS.overlays, density: true, trails: false },
      language: 'zh',
      loop: false,
    };
    const { settings, errors } = decodeSettings('#' + encodeSettings(s));
    expect(errors).toEqual([]);
    expect(settings).toEqual(s);
  });

  it('writes nothing for the defaults', () => {
    expect(encodeSettings(DEFAULT_SETTINGS)).toBe('');
  });

  it('malformed links give messages and defaults, never a throw', () => {
    const bad = [
      '#w=abc&n=999&sol=foo&zz=1',
      '#pts=%%%',
      '#pts=AAA',
      '#ov=xyz',
      '#sp=bmin:x',
      '#%E0%A4%A',
    ];
    for (const hash of bad) {
      const { settings, errors } = decodeSettings(hash);
      expect(errors.length, hash).toBeGreaterThan(0);
      expect(settings.width).toBe(DEFAULT_SETTINGS.width);
    }
    const { settings, errors } = decodeSettings('#w=abc&n=999&sol=rk4');
    expect(settings.solver).toBe('rk4');
    expect(errors.join('\n')).toMatch(/width/);
    expect(errors.join('\n')).toMatch(/solver steps/);
  });

  it('carries the adaptive solver, its bounded tolerance and the NFE heat map', () => {
    const ok = decodeSettings('#sol=dopri5&tol=0.0001&ov=tn');
    expect(ok.errors).toEqual([]);
    expect(ok.settings.solver).toBe('dopri5');
    expect(ok.settings.tol).toBe(1e-4);
    expect(ok.settings.overlays.nfeHeat).toBe(true);
    expect(decodeSettings(`#${encodeSettings(ok.settings)}`).settings).toEqual(ok.settings);
    for (const tol of ['1e-7', '0', '0.5', 'NaN']) {
      const bad = decodeSettings(`#sol=dopri5&tol=${tol}`);
      expect(bad.settings.tol, tol).toBe(DEFAULT_SETTINGS.tol);
      expect(bad.errors.join('\n'), tol).toMatch(/tolerance/);
    }
  });

  it('encodes points compactly to a millimetre of a unit', () => {
    const pts = [1.2345, -3.5, 0, 31.9];
    expect(decodePoints(encodePoints(pts))).toEqual([1.235, -3.5, 0, 31.9]);
  });
});

describe('store', () => {
  it('notifies only on change', () => {
    const store = createStore({ a: 1, b: 2 });
    let calls = 0;
    store.subscribe(() => calls++);
    store.setState({ a: 1 });
    store.setState({ a: 2 });
    store.setState((s) => ({ b: s.a + 1 }));
    expect(calls).toBe(2);
    expect(store.getState()).toEqual({ a: 2, b: 3 });
  });
});
