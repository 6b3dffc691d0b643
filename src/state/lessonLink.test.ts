import { describe, expect, it } from 'vitest';
import { LESSONS } from '../lessons';
import { applySettingsPatch, DEFAULT_SETTINGS } from './settings';
import { decodeSettings, encodeSettings } from './url';

const intro = LESSONS.find((l) => l.id === 'intro')!;

describe('scene links (#lesson=…&scene=…)', () => {
  it('a scene link opens the lesson layout at that scene, with nothing to report', () => {
    const { settings, errors } = decodeSettings('#lesson=intro&scene=5');
    expect(errors).toEqual([]);
    expect(settings.layout).toBe('lesson');
    expect(settings.lesson).toBe('intro');
    expect(settings.scene).toBe(5);
  });

  it('writes the lesson and scene into the link, and reads back the same', () => {
    const { settings } = decodeSettings('#lesson=noise&scene=3&lang=zh');
    const hash = encodeSettings(settings);
    expect(new URLSearchParams(hash).get('lesson')).toBe('noise');
    expect(new URLSearchParams(hash).get('scene')).toBe('3');
    expect(decodeSettings(`#${hash}`)).toEqual({ settings, errors: [] });
  });

  it('a scene past the lesson’s last is refused with the lesson’s range; scene 1 opens', () => {
    const n = intro.scenes.length;
    const { settings, errors } = decodeSettings(`#lesson=intro&scene=${n + 1}`);
    expect(settings.lesson).toBe('intro');
    expect(settings.scene).toBe(1);
    expect(errors).toEqual([
      `scene: scene must be from 1 to ${n} in lesson intro, got ${n + 1}; default kept`,
    ]);
    expect(decodeSettings(`#lesson=intro&scene=${n}`).settings.scene).toBe(n);
  });

  it('malformed and out-of-range scene numbers fall back to 1 with a message', () => {
    for (const bad of ['0', '-2', '2.5', 'abc', '', '1e9', '41']) {
      const { settings, errors } = decodeSettings(`#lesson=intro&scene=${encodeURIComponent(bad)}`);
      expect(settings.scene, bad).toBe(1);
      expect(settings.lesson).toBe('intro');
      expect(errors.length, bad).toBe(1);
      expect(errors[0], bad).toMatch(/^scene: /);
    }
  });

  it('an unknown lesson is refused and the playground opens', () => {
    const { settings, errors } = decodeSettings('#lesson=nope&scene=2');
    expect(settings.layout).toBe('playground');
    expect(settings.lesson).toBe('');
    expect(settings.scene).toBe(1);
    const ids = LESSONS.map((l) => l.id).join(', ');
    expect(errors[0]).toBe(`lesson: lesson must be one of ${ids}, got "nope"; default kept`);
    expect(errors[1]).toBe('scene: a scene needs a lesson, got 2; default kept');
  });

  it('view=lesson alone is the lessons list; view=compare wins over a lesson', () => {
    const list = decodeSettings('#view=lesson').settings;
    expect([list.layout, list.lesson, list.scene]).toEqual(['lesson', '', 1]);
    const cmp = decodeSettings('#view=compare&lesson=intro&scene=2').settings;
    expect([cmp.layout, cmp.lesson, cmp.scene]).toEqual(['compare', '', 1]);
  });

  it('leaving the lesson layout forgets the lesson, so the link no longer reopens it', () => {
    const inLesson = decodeSettings('#lesson=intro&scene=4').settings;
    const { settings, errors } = applySettingsPatch(inLesson, { layout: 'playground' });
    expect(errors).toEqual({});
    expect([settings.layout, settings.lesson, settings.scene]).toEqual(['playground', '', 1]);
    expect(encodeSettings(settings)).toBe('');
  });

  it('changing the scene inside a lesson keeps the lesson; a bad one keeps the current scene', () => {
    const s = decodeSettings('#lesson=intro&scene=4').settings;
    expect(applySettingsPatch(s, { scene: 6 }).settings.scene).toBe(6);
    const bad = applySettingsPatch(s, { scene: intro.scenes.length + 3 });
    expect(bad.settings.scene).toBe(4);
    expect(bad.errors.scene).toMatch(/from 1 to/);
    expect(applySettingsPatch(DEFAULT_SETTINGS, { lesson: 'noise' }).settings.layout).toBe(
      'lesson',
    );
  });
});
