import { describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import {
  decodeLabels,
  DRAWN_CLASSES,
  encodeLabels,
  isConditional,
  NULL_CLASS,
  targetClasses,
} from './classes';
import { pretrainedFor } from './pretrained';
import { applySettingsPatch, DEFAULT_SETTINGS, MAX_DRAWN, type Settings } from './settings';
import { presetPoints, sampleLabels, targetLabels, targetPoints } from './target';
import { decodeSettings, encodeSettings } from './url';

const drawing = (labels: number[]): Settings => ({
  ...DEFAULT_SETTINGS,
  target: 'drawn',
  drawn: labels.flatMap((c, i) => [i * 0.01, c]),
  drawnLabels: labels,
});

describe('class-conditional settings', () => {
  it('are off by default: p = 0.2, w = 0, mixed classes, and write nothing to the link', () => {
    const d = DEFAULT_SETTINGS;
    expect([d.conditional, d.labelDrop, d.guidance, d.sampleClass]).toEqual([false, 0.2, 0, 'mix']);
    expect([d.drawnLabels, d.brushClass]).toEqual([[], 0]);
    expect(encodeSettings(d)).toBe('');
  });

  it('round-trip through the link with their short keys', () => {
    const s: Settings = {
      ...drawing([0, 0, 1, 1, 1, 2, 0]),
      conditional: true,
      labelDrop: 0.3,
      guidance: 4.5,
      sampleClass: 2,
      brushClass: 1,
    };
    const text = encodeSettings(s);
    for (const key of ['cond=1', 'pdrop=0.3', 'cfg=4.5', 'cls=2', 'lab=a2b3ca', 'bc=1']) {
      expect(text).toContain(key);
    }
    const back = decodeSettings(`#${text}`);
    expect(back.errors).toEqual([]);
    expect(back.settings).toEqual(s);
    expect(decodeSettings('#cls=none').settings.sampleClass).toBe('none');
  });

  it('refuses bad values in a link with a message, keeping the default', () => {
    const cases: [string, keyof Settings, RegExp][] = [
      ['cfg=21', 'guidance', /guidance scale w must be a number from 0 to 20, got 21/],
      ['cfg=-1', 'guidance', /guidance scale/],
      ['pdrop=1', 'labelDrop', /label dropout p must be a number from 0 to 0.9/],
      ['cond=yes', 'conditional', /expected 0 or 1/],
      ['cls=x', 'sampleClass', /expected mix, none or a class number/],
      ['cls=01', 'sampleClass', /expected mix, none/],
      ['cls=2', 'sampleClass', /the target has 2 classes, got "2"/],
      ['bc=3', 'brushClass', /brush class must be a whole number from 0 to 2/],
      ['bc=0.5', 'brushClass', /whole number/],
      ['lab=z', 'drawnLabels', /expected runs of the letters a, b, c/],
      ['lab=a0', 'drawnLabels', /expected runs/],
    ];
    for (const [hash, key, message] of cases) {
      const { settings, errors } = decodeSettings(`#${hash}`);
      expect(settings[key], hash).toEqual(DEFAULT_SETTINGS[key]);
      expect(errors.join('\n'), hash).toMatch(message);
    }
  });

  it('checks the drawing’s classes against its points', () => {
    const pts = encodeSettings(drawing([0, 1, 1]));
    const short = decodeSettings(`#${pts.replace(/lab=[^&]*/, 'lab=ab')}`);
    expect(short.settings.drawnLabels).toEqual([]);
    expect(short.settings.drawn).toHaveLength(6);
    expect(short.errors.join()).toMatch(/drawn classes: 2 classes for 3 points/);
    // A run longer than any drawing is refused before it is expanded.
    expect(() => decodeLabels(`a${MAX_DRAWN + 1}`, MAX_DRAWN)).toThrow(/more than 4000/);
    // Points changed without classes (an import): the old classes go, quietly.
    const { settings, errors } = applySettingsPatch(drawing([0, 1]), { drawn: [0, 0, 1, 1, 2, 2] });
    expect([settings.drawnLabels, errors]).toEqual([[], {}]);
  });

  it('encodes classes as runs: a drawing of strokes takes a few characters', () => {
    const labels = [...Array(1500).fill(0), ...Array(900).fill(2), 1];
    expect(encodeLabels(labels)).toBe('a1500c900b');
    expect(decodeLabels('a1500c900b', MAX_DRAWN)).toEqual(labels);
    expect(encodeLabels([])).toBe('');
  });

  it('a sampled class must be a class of the target; picking another target resets it quietly', () => {
    const rings = applySettingsPatch(DEFAULT_SETTINGS, { target: 'rings', sampleClass: 3 });
    expect([rings.settings.sampleClass, rings.errors]).toEqual([3, {}]);
    const moons = applySettingsPatch(rings.settings, { target: 'moons' });
    expect([moons.settings.sampleClass, moons.errors]).toEqual(['mix', {}]);
  });
});

describe('target classes', () => {
  it('presets have their data set’s classes, drawings their highest colour + 1', () => {
    for (const id of ['moons', 'rings', '8gaussians', 'pinwheel'] as const) {
      expect(targetClasses({ ...DEFAULT_SETTINGS, target: id })).toBe(DATASETS[id].classes);
    }
    expect(targetClasses(drawing([]))).toBe(0);
    expect(targetClasses({ ...drawing([0, 0]), drawnLabels: [] })).toBe(1);
    expect(targetClasses(drawing([0, 2, 0]))).toBe(3);
    expect(isConditional({ ...drawing([0, 0]), conditional: true })).toBe(false);
    expect(isConditional({ ...drawing([0, 1]), conditional: true })).toBe(true);
    expect(DRAWN_CLASSES).toBe(3);
  });

  it('target labels are the data set’s own, for the very points the trainer sees', () => {
    const s = { ...DEFAULT_SETTINGS, target: 'moons' as const, seed: 7 };
    const labels = targetLabels(s);
    const points = targetPoints(s);
    expect(points).toBe(presetPoints('moons', 2000, 7));
    const fresh = new Uint8Array(2000);
    expect(DATASETS.moons.sample(2000, createRng(7), fresh)).toEqual(points);
    expect(labels).toEqual(fresh);
    // Two moons, about half each; the upper moon (class 0) has the larger mean y.
    const meanY = [0, 1].map((c) => {
      let sum = 0;
      let n = 0;
      labels.forEach((l, i) => l === c && ((sum += points[2 * i + 1]!), n++));
      return [sum / n, n];
    });
    expect(meanY[0]![1]! + meanY[1]![1]!).toBe(2000);
    expect(Math.abs(meanY[0]![1]! - 1000)).toBeLessThan(100);
    expect(meanY[0]![0]!).toBeGreaterThan(meanY[1]![0]!);
    expect(Array.from(targetLabels(drawing([0, 2, 1])))).toEqual([0, 2, 1]);
    expect(Array.from(targetLabels({ ...drawing([0, 2]), drawnLabels: [] }))).toEqual([0, 0]);
  });

  it('samples classes: all one class, ∅, or mixed in the target’s proportions', () => {
    const s = { ...DEFAULT_SETTINGS, target: 'rings' as const, conditional: true };
    expect(sampleLabels({ ...s, conditional: false }, 5)).toBeNull();
    expect(Array.from(sampleLabels({ ...s, sampleClass: 2 }, 3)!)).toEqual([2, 2, 2]);
    expect(Array.from(sampleLabels({ ...s, sampleClass: 'none' }, 2)!)).toEqual([
      NULL_CLASS,
      NULL_CLASS,
    ]);
    const n = 20000;
    const mixed = sampleLabels(s, n)!;
    const target = targetLabels(s);
    for (let c = 0; c < 4; c++) {
      const share = (l: Uint8Array) => l.filter((x) => x === c).length / l.length;
      // Binomial standard error at n = 20 000 is ≤ 0.0036: 4 of them is a loose bound.
      expect(Math.abs(share(mixed) - share(target)), `class ${c}`).toBeLessThan(0.015);
    }
  });

  it('no shipped (unconditional) network is offered to a conditional setup', () => {
    expect(pretrainedFor(DEFAULT_SETTINGS)).toEqual({ file: 'moons-ot.json' });
    expect(pretrainedFor({ ...DEFAULT_SETTINGS, conditional: true })).toEqual({
      missing: 'conditional',
    });
    expect(pretrainedFor({ ...drawing([0, 1]), conditional: true })).toEqual({ missing: 'drawn' });
  });
});
