import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeScheduler, SCHEDULER_IDS } from '../flow/schedulers';
import { WORLD_HALF } from '../render/canvas';
import { applySettingsPatch, DEFAULT_SETTINGS, FIELDS, type Settings } from '../state/settings';
import { lessonEngine } from '../ui/lesson/sceneEngine';
import { splitMath } from '../ui/splitMath';
import { VIEWS } from '../ui/viewParts';
import { LESSONS, MAX_SCENES } from './index';
import { scenePatch } from './scenePatch';
import type { Bilingual, LessonAction, LessonText } from './types';

const everyScene = LESSONS.flatMap((lesson) =>
  lesson.scenes.map((scene, index) => ({ lesson, scene, index, name: `${lesson.id}/${scene.id}` })),
);
const formulas = (text: string) => splitMath(text).filter((p) => p.math);
/** Each lesson's captions (its lazily loaded text module), by lesson id. */
const texts: Record<string, LessonText> = {};
const captionOf = (lesson: string, scene: string): Bilingual => texts[lesson]![scene]!;

beforeAll(async () => {
  for (const lesson of LESSONS) texts[lesson.id] = (await lesson.text()).default;
});

describe('lessons as data', () => {
  it('lesson ids are link-safe and unique; scene ids unique within a lesson; sizes bounded', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      expect(lesson.id).toMatch(/^[a-z0-9-]+$/);
      expect(lesson.scenes.length).toBeGreaterThan(0);
      expect(lesson.scenes.length).toBeLessThanOrEqual(MAX_SCENES);
      expect(new Set(lesson.scenes.map((s) => s.id)).size, lesson.id).toBe(lesson.scenes.length);
    }
  });

  it('every scene’s settings are valid and leave the lesson fields and reader’s choices alone', () => {
    for (const { lesson, index, name } of everyScene) {
      const patch = scenePatch(lesson, index);
      const { settings, errors } = applySettingsPatch(DEFAULT_SETTINGS, patch);
      expect(errors, name).toEqual({});
      for (const key of [
        'layout',
        'lesson',
        'scene',
        'language',
        'backend',
        'drawn',
        'drawnLabels',
      ] as const) {
        expect(key in patch, `${name} sets ${key}`).toBe(false);
      }
      // Absolute, not relative to the scene before: applied anywhere it gives the same.
      const elsewhere = applySettingsPatch(
        { ...DEFAULT_SETTINGS, width: 16, solver: 'heun' },
        patch,
      );
      expect(elsewhere.settings, name).toEqual(settings);
    }
  });

  it('every scene shows registered views, at most three, and offers Train when it trains', () => {
    for (const { scene, name } of everyScene) {
      expect(scene.views.length, name).toBeGreaterThan(0);
      expect(scene.views.length, name).toBeLessThanOrEqual(3);
      for (const id of scene.views) expect(id in VIEWS, `${name}: ${id}`).toBe(true);
      const trains = (scene.actions ?? []).some((a) => a.kind === 'train' || a.kind === 'compare');
      if (trains) expect(scene.controls ?? [], name).toContain('train');
    }
  });

  it('a slow-motion step shows the playground views it draws in (batch left, network right)', () => {
    const slow = everyScene.filter(({ scene }) =>
      scene.actions?.some((a) => a.kind === 'slowStep'),
    );
    expect(slow.map((s) => s.name)).toContain('intro/slowstep');
    for (const { lesson, index, scene, name } of slow) {
      const settings = applySettingsPatch(DEFAULT_SETTINGS, scenePatch(lesson, index)).settings;
      expect(lessonEngine({ ...settings, lesson: lesson.id, scene: index + 1 }), name).toBe(
        'playground',
      );
      expect(scene.views, name).toEqual(expect.arrayContaining(['conditional', 'learned']));
    }
  });

  it('the captions module has exactly one caption per scene', () => {
    for (const lesson of LESSONS) {
      const ids = lesson.scenes.map((s) => s.id).sort();
      expect(Object.keys(texts[lesson.id]!).sort(), lesson.id).toEqual(ids);
    }
  });

  it('titles and captions exist in both languages; the Chinese is Chinese', () => {
    const all: [string, Bilingual][] = LESSONS.flatMap((l) => [
      [`${l.id} title`, l.title] as [string, Bilingual],
      [`${l.id} summary`, l.summary] as [string, Bilingual],
      ...l.scenes.flatMap((s) => [
        [`${l.id}/${s.id} title`, s.title] as [string, Bilingual],
        [`${l.id}/${s.id} caption`, captionOf(l.id, s.id)] as [string, Bilingual],
      ]),
    ]);
    for (const [name, text] of all) {
      expect(text.en.trim(), name).not.toBe('');
      expect(text.zh.trim(), name).not.toBe('');
      expect(text.zh, name).toMatch(/[\u4e00-\u9fff]/);
      // A caption longer than this does not fit beside the views at presenter size.
      expect(text.en.length, name).toBeLessThan(720);
    }
  });

  it('every caption formula renders in KaTeX strict mode, and both languages have the same formulas', () => {
    let count = 0;
    for (const { lesson, scene, name } of everyScene) {
      const caption = captionOf(lesson.id, scene.id);
      for (const lang of ['en', 'zh'] as const) {
        for (const part of formulas(caption[lang])) {
          count++;
          expect(
            () =>
              katex.renderToString(part.text, {
                displayMode: part.math === 'display',
                throwOnError: true,
                strict: 'error',
              }),
            `${name} ${lang}: ${part.text}`,
          ).not.toThrow();
        }
      }
      // The same formulas (each at least once) in both languages: a translation keeps the maths.
      const maths = (lang: 'en' | 'zh') => [...new Set(formulas(caption[lang]).map((p) => p.text))];
      expect(maths('zh').sort(), name).toEqual(maths('en').sort());
    }
    expect(count).toBeGreaterThan(60);
  });

  it('every action’s parameters are in range for the scene’s settings', () => {
    const check: {
      [K in LessonAction['kind']]: (a: Extract<LessonAction, { kind: K }>, s: Settings) => void;
    } = {
      train: (a) => {
        expect(Number.isInteger(a.steps) && a.steps > 0).toBe(true);
        if (a.w2 !== undefined) expect(a.w2).toBeGreaterThan(0.1);
      },
      play: (a) => {
        expect(0 <= a.from && a.from <= a.to && a.to <= 1).toBe(true);
      },
      launch: (a) => {
        for (const v of a.at) expect(Math.abs(v)).toBeLessThan(WORLD_HALF);
      },
      pair: (a, s) => {
        expect(Number.isInteger(a.index) && a.index >= 0 && a.index < s.particles).toBe(true);
      },
      scheduler: (a) => expect(SCHEDULER_IDS).toContain(a.id),
      compare: (a) => expect(typeof a.train).toBe('boolean'),
      // Guidance only bends a conditional network's flow, and only with ∅ trained (p > 0).
      guidance: (a, s) => {
        expect(FIELDS.guidance.check(a.w), String(a.w)).toBeNull();
        expect(s.conditional && s.labelDrop > 0).toBe(true);
      },
      // Readable in a lecture, yet not so slow that the scene seems stuck.
      slowStep: (a) => {
        if (a.stageMs !== undefined) expect(a.stageMs >= 1000 && a.stageMs <= 10_000).toBe(true);
      },
    };
    for (const { lesson, index, scene } of everyScene) {
      const settings = applySettingsPatch(DEFAULT_SETTINGS, scenePatch(lesson, index)).settings;
      for (const a of scene.actions ?? [])
        (check[a.kind] as (a: LessonAction, s: Settings) => void)(a, settings);
    }
  });
});

describe('the lessons teach MATH.md', () => {
  const caption = captionOf;

  it('the OT conditional path has variance (1 − t)², not 1 − t² (MATH §6)', () => {
    for (const text of Object.values(caption('intro', 'pairs'))) {
      expect(text).toContain('\\mathcal N(x\\mid t\\,x_1,(1-t)^2I)');
      expect(text).not.toMatch(/1-t\^2/);
    }
  });

  it('the exact marginal field of the OT path is Σ w_i (x1ⁱ − x)/(1 − t) with the softmax weights', () => {
    // The general form of MATH §3 reduces to this for α = t, σ = 1 − t: check it numerically.
    const ot = makeScheduler('ot');
    const [t, x, x1] = [0.37, 0.8, -1.3];
    const general = ot.dAlpha(t) * x1 + (ot.dSigma(t) * (x - ot.alpha(t) * x1)) / ot.sigma(t);
    expect(general).toBeCloseTo((x1 - x) / (1 - t), 12);
    for (const text of Object.values(caption('intro', 'field'))) {
      expect(text).toContain('\\frac{x_1^i-x}{1-t}');
      expect(text).toContain('\\lVert x-t\\,x_1^i\\rVert^2}{2(1-t)^2}');
    }
  });

  it('the loss is the ½‖·‖² regression on the conditional velocity, with a floor', () => {
    const { en, zh } = caption('intro', 'loss');
    for (const text of [en, zh])
      expect(text).toContain('\\tfrac12\\big\\lVert v_\\theta(x_t,t)-(x_1-x_0)');
    expect(en).toMatch(/floor/);
    expect(zh).toMatch(/下限/);
  });

  it('the numbers quoted about VP and VE are those of the default schedules', () => {
    const vp = makeScheduler('vp');
    const ve = makeScheduler('ve');
    const logSnr = (s: typeof vp, t: number) => Math.log(s.alpha(t) ** 2 / s.sigma(t) ** 2);
    expect(vp.alpha(0)).toBeCloseTo(0.0066, 4);
    expect(logSnr(vp, 0)).toBeCloseTo(-10.05, 2);
    expect(logSnr(ve, 0)).toBeCloseTo(-4.6, 1);
    expect(logSnr(ve, 1)).toBeCloseTo(9.2, 1);
    const { en } = caption('noise', 'snr');
    for (const quoted of ['-10.05', '-4.6', '9.2']) expect(en).toContain(quoted);
    expect(caption('noise', 'alpha-sigma').en).toContain('\\alpha_0\\approx0.0066');
  });

  it('VE has α ≡ 1 and the wide source, VP keeps α² + σ² = 1 (the seed texts swap them)', () => {
    for (const text of Object.values(caption('noise', 'alpha-sigma'))) {
      expect(text).toMatch(/VE[：:] ?\$\\alpha_t\\equiv1\$/);
      expect(text).toContain('\\approx\\mathcal N(0,\\sigma_{\\max}^2I)');
      expect(text).toContain('\\alpha_t^2+\\sigma_t^2=1');
      expect(text).toContain('T(t)=\\int_0^{1-t}\\beta(s)\\,ds');
    }
    const vp = makeScheduler('vp');
    for (const t of [0, 0.3, 0.9]) expect(vp.alpha(t) ** 2 + vp.sigma(t) ** 2).toBeCloseTo(1, 9);
    expect(makeScheduler('ve').alpha(0.4)).toBe(1);
  });
});
