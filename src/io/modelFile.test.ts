import { describe, expect, it } from 'vitest';
import { createRng } from '../flow/rng';
import { parameterShapes, type MlpConfig } from '../model/mlpConfig';
import { toModelFile, type ModelFile } from '../model/weights';
import { DEFAULT_SETTINGS, type Settings } from '../state/settings';
import { encodeSettings } from '../state/url';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { MAX_MODEL_FILE_BYTES, readModelText, withSettings } from './modelFile';

const arch: MlpConfig = { width: 16, depth: 2, activation: 'tanh', timeEncoding: 'linear' };

function weightsOf(cfg: MlpConfig, seed = 1): Float32Array[] {
  const rng = createRng(seed);
  return parameterShapes(cfg).map((s) =>
    Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.uniform() - 0.5),
  );
}
function file(cfg = arch, extra: Partial<ModelFile> = {}): ModelFile {
  const meta = { architecture: cfg, scheduler: { id: 'vp' as const, params: { betaMax: 15 } } };
  return {
    ...toModelFile({ ...meta, dataset: 'rings', seed: 7, step: 1234 }, weightsOf(cfg)),
    ...extra,
  };
}
const current: Settings = { ...DEFAULT_SETTINGS, language: 'zh', lr: 0.01, target: 'moons' };

function refusal(text: string) {
  const r = readModelText(text, current);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('model files opened in the page', () => {
  it('a file without settings: its network, path, seed and preset; the rest stays', () => {
    const r = readModelText(JSON.stringify(file()), current);
    if (!r.ok) throw new Error(r.error.key);
    expect(r.settings).toEqual({
      ...current,
      width: 16,
      depth: 2,
      activation: 'tanh',
      scheduler: 'vp',
      schedulerParams: { betaMax: 15 },
      seed: 7,
      target: 'rings',
    });
    expect(r.weights.map((w) => Array.from(w))).toEqual(weightsOf(arch).map((w) => Array.from(w)));
    expect(r.file.step).toBe(1234);
  });

  it('a file with settings restores them (drawing included), not the language or layout', () => {
    const theirs: Settings = {
      ...DEFAULT_SETTINGS,
      width: 16,
      depth: 2,
      activation: 'tanh',
      scheduler: 'vp',
      schedulerParams: { betaMax: 15 },
      seed: 7,
      target: 'drawn',
      drawn: [0.5, 0.25, -1, 2],
      batch: 512,
      solver: 'rk4',
      layout: 'compare',
      language: 'en',
    };
    const r = readModelText(JSON.stringify(withSettings(file(), theirs)), current);
    if (!r.ok) throw new Error(r.error.key);
    expect(r.settings).toEqual({ ...theirs, language: 'zh', layout: 'playground' });
  });

  it('the file’s own architecture wins over settings that disagree', () => {
    const f = file(arch, { settings: encodeSettings({ ...DEFAULT_SETTINGS, width: 128 }) });
    const r = readModelText(JSON.stringify(f), current);
    expect(r.ok && r.settings.width).toBe(16);
  });

  it('refuses what is not JSON, not a model file, empty or too big', () => {
    expect(refusal('{"format": ')).toEqual({ key: 'ioBadJson' });
    expect(refusal('')).toEqual({ key: 'ioEmpty' });
    expect(refusal('[[1, 2]]')).toEqual({ key: 'ioModelNotModel' });
    expect(refusal(JSON.stringify({ ...file(), format: 'keras' }))).toEqual({
      key: 'ioModelNotModel',
    });
    const r = readModelText('{}', current, MAX_MODEL_FILE_BYTES + 1);
    expect(r.ok || r.error.key).toBe('ioFileTooBig');
  });

  it('refuses another version: newer, older, or none', () => {
    expect(refusal(JSON.stringify({ ...file(), version: 2 }))).toEqual({
      key: 'ioModelNewer',
      params: { v: 2, max: 1 },
    });
    expect(refusal(JSON.stringify({ ...file(), version: 0 }))).toEqual({
      key: 'ioModelVersion',
      params: { v: '0', max: 1 },
    });
    expect(refusal(JSON.stringify({ ...file(), version: 'one' })).key).toBe('ioModelVersion');
  });

  it('refuses a broken file with its reason: truncated weights, NaN-free check, wrong shape', () => {
    const f = file();
    const short = { ...f, weights: f.weights.slice(0, 3) };
    expect(refusal(JSON.stringify(short))).toEqual({
      key: 'ioModelBroken',
      params: { detail: 'The architecture needs 6 weight arrays but the file has 3.' },
    });
    const bad = structuredClone(f);
    (bad.weights[1] as { data: unknown[] }).data[0] = 'x';
    expect(refusal(JSON.stringify(bad)).params?.detail).toMatch(/not finite numbers/);
    const shape = structuredClone(f);
    shape.weights[0]!.shape = [3, 8];
    expect(refusal(JSON.stringify(shape)).params?.detail).toMatch(/has shape \[3, 8\]/);
    expect(refusal(JSON.stringify({ ...f, settings: 42 })).params?.detail).toMatch(/settings/);
  });

  it('refuses networks the playground cannot train, and invalid carried settings', () => {
    const wide = { ...arch, width: 1024 };
    expect(refusal(JSON.stringify(file(wide)))).toMatchObject({
      key: 'ioModelPlayground',
      params: { detail: expect.stringMatching(/width must be a whole number from 4 to 512/) },
    });
    const fourier = { ...arch, timeEncoding: 'fourier' as const };
    expect(refusal(JSON.stringify(file(fourier))).key).toBe('ioModelPlayground');
    expect(refusal(JSON.stringify(file(arch, { settings: 'b=99999' })))).toMatchObject({
      key: 'ioModelSettings',
    });
  });
});

describe('conditional model files', () => {
  const cond: MlpConfig = { ...arch, classes: 2 };

  it('keep their class count; a file without one is unconditional', () => {
    const text = JSON.stringify(file(cond, { dataset: 'moons' }));
    const r = readModelText(text, current);
    if (!r.ok) throw new Error(r.error.key);
    expect(r.file.architecture.classes).toBe(2);
    expect(r.weights[0]!.length).toBe((3 + 2) * 16);
    const plain = readModelText(JSON.stringify(file()), current);
    if (!plain.ok) throw new Error(plain.error.key);
    expect('classes' in plain.file.architecture).toBe(false);
    // The page trains on classes exactly when the network takes them.
    expect(r.settings.conditional).toBe(true);
    const wasOn = readModelText(JSON.stringify(file()), { ...current, conditional: true });
    expect(wasOn.ok && wasOn.settings.conditional).toBe(false);
  });

  it('on a drawing: its colours must give the network’s class count', () => {
    const drawn = { ...current, target: 'drawn' as const, drawn: [0, 0, 1, 1, 2, 2] };
    const three = readModelText(
      JSON.stringify(file({ ...arch, classes: 3 }, { dataset: 'drawn' })),
      {
        ...drawn,
        drawnLabels: [0, 2, 1],
      },
    );
    expect(three.ok).toBe(true);
    const two = readModelText(JSON.stringify(file({ ...arch, classes: 3 }, { dataset: 'drawn' })), {
      ...drawn,
      drawnLabels: [0, 1, 1],
    });
    expect(two.ok ? null : two.error).toEqual({
      key: 'guidanceModelClasses',
      params: { classes: 3, target: 'drawn', targetClasses: 2 },
    });
  });

  it('refuse a data set with another number of classes, in both languages', () => {
    const error = refusal(JSON.stringify(file(cond, { dataset: '8gaussians' })));
    expect(error).toEqual({
      key: 'guidanceModelClasses',
      params: { classes: 2, target: '8gaussians', targetClasses: 8 },
    });
    expect(en[error.key]).toMatch(/trained on \{classes\} classes/);
    expect(zh[error.key]).toMatch(/\{classes\} 个类别/);
  });

  it('refuse a class count outside 2…8 as a broken file', () => {
    const error = refusal(JSON.stringify(file({ ...arch, classes: 1 } as MlpConfig)));
    expect(error.key).toBe('ioModelBroken');
    expect(String(error.params?.detail)).toMatch(/classes must be 0/);
  });
});
