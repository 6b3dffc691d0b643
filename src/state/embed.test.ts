import { describe, expect, it } from 'vitest';
import { createRng } from '../flow/rng';
import { arrangeViews } from '../ui/embed/arrange';
import { VIEWS } from '../ui/viewParts';
import {
  boundSize,
  EMBED_VIEW_IDS,
  EMBED_VIEWS,
  iframeSnippet,
  MAX_EMBED_VIEWS,
  toggleView,
  type EmbedChoice,
} from './embed';
import { embedLink, fullPageLink } from './embedLink';
import { fuzzLink } from './linkFuzz';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { decodeSettings, encodeSettings } from './url';

const decode = (hash: string) => decodeSettings(hash);

describe('embed link keys', () => {
  it('reads views, controls and autoplay as the issue writes them', () => {
    const a = decode('#embed=learned&controls=train,time&autoplay');
    expect(a.errors).toEqual([]);
    expect(a.settings.embed).toEqual(['learned']);
    expect(a.settings.controls).toEqual(['train', 'time']);
    expect(a.settings.autoplay).toBe(true);
    // `+` in a query-style fragment is a space once decoded: both mean "and".
    expect(decode('#embed=conditional+learned').settings.embed).toEqual(['conditional', 'learned']);
    expect(decode('#embed=conditional%2Blearned').settings.embed).toEqual([
      'conditional',
      'learned',
    ]);
    expect(decode('#embed=compare').settings.embed).toEqual(['ot', 'vp', 've']);
    expect(decode('#embed=loss+quality').settings.embed).toEqual(['loss', 'quality']);
    expect(decode('#embed=learned').settings.autoplay).toBe(false);
    expect(decode('#embed=learned&autoplay=0').settings.autoplay).toBe(false);
    expect(decode('#embed=learned&autoplay=1').settings.autoplay).toBe(true);
    // A repeated control is read once.
    expect(decode('#controls=time,time,train').settings.controls).toEqual(['time', 'train']);
  });

  it('refuses unknown, mixed, repeated and too many views, with a message, keeping the rest', () => {
    const cases: [string, RegExp][] = [
      [
        '#embed=learned+bogus&ds=rings',
        /embed: embed views must be among .* got "bogus"; default kept/,
      ],
      ['#embed=learned+ot', /embed: embed views must all come from one page/],
      ['#embed=learned+learned', /embed: embed names a view twice/],
      ['#embed=compare+nfe+metrics', /embed: embed shows at most 4 views/],
      ['#embed=a+b+c+d+e+f+g+h+i', /embed: too many embed views; default used/],
      ['#controls=train,fly', /controls: controls must be among train, time, preset, scheduler/],
      ['#autoplay=yes', /autoplay: autoplay takes no value \(or 1 or 0\); default used/],
      ['#embed=__proto__', /got "__proto__"/],
    ];
    for (const [hash, message] of cases) {
      const { settings, errors } = decode(hash);
      expect(errors.join('\n'), hash).toMatch(message);
      expect(settings.embed, hash).toEqual([]);
      expect(settings.controls, hash).toEqual([]);
    }
    expect(decode('#embed=learned+bogus&ds=rings').settings.target).toBe('rings');
    // Four views of one page are fine; a fifth is refused.
    expect(decode('#embed=ot+vp+ve+nfe').settings.embed).toHaveLength(MAX_EMBED_VIEWS);
  });

  it('writes readable links that decode to the same settings', () => {
    const s: Settings = {
      ...DEFAULT_SETTINGS,
      scheduler: 'vp',
      embed: ['conditional', 'learned'],
      controls: ['train', 'time'],
      autoplay: true,
    };
    const hash = encodeSettings(s);
    expect(hash).toBe('sch=vp&embed=conditional+learned&controls=train,time&autoplay');
    expect(decode(`#${hash}`)).toEqual({ settings: s, errors: [] });
    const cmp = { ...DEFAULT_SETTINGS, embed: [...EMBED_VIEW_IDS.slice(4, 7)] };
    expect(encodeSettings(cmp)).toBe('embed=compare');
    // Scheduler parameters keep their (now unescaped) commas and colons and still decode.
    const ve = { ...DEFAULT_SETTINGS, scheduler: 've' as const };
    const p = { ...ve, schedulerParams: { sigmaMin: 0.02, sigmaMax: 40 } };
    expect(encodeSettings(p)).toBe('sch=ve&sp=smin:0.02,smax:40');
    expect(decode(`#${encodeSettings(p)}`).settings).toEqual(p);
  });

  it('every embed view is a registered view of the right page, and back', () => {
    expect(Object.keys(VIEWS).sort()).toEqual([...EMBED_VIEW_IDS].sort());
    for (const id of EMBED_VIEW_IDS) expect(VIEWS[id].needs, id).toBe(EMBED_VIEWS[id]);
  });

  it('under link fuzzing the embed keys stay valid and round-trip', () => {
    const rng = createRng(77);
    let embeds = 0;
    for (let i = 0; i < 2000; i++) {
      const hash = fuzzLink(rng);
      const { settings } = decode(hash);
      if (settings.embed.length) embeds++;
      expect(settings.embed.length).toBeLessThanOrEqual(MAX_EMBED_VIEWS);
      expect(new Set(settings.embed.map((v) => EMBED_VIEWS[v])).size).toBeLessThanOrEqual(1);
      const again = decode(`#${encodeSettings(settings)}`);
      expect(again.errors, hash.slice(0, 200)).toEqual([]);
      expect(again.settings).toEqual(settings);
    }
    // The fuzz really reaches valid embeds, not only refusals.
    expect(embeds).toBeGreaterThan(20);
  });
});

describe('links to and from an embed', () => {
  const base = 'https://example.org/fm/';
  const choice: EmbedChoice = { views: ['learned'], controls: ['train'], autoplay: true };

  it('the iframe src carries the current settings and the choice', () => {
    const s = { ...DEFAULT_SETTINGS, target: 'rings' as const, scheduler: 'vp' as const };
    const src = embedLink(s, choice, base);
    expect(src).toBe(`${base}#ds=rings&sch=vp&embed=learned&controls=train&autoplay`);
    const back = decode(src.slice(src.indexOf('#'))).settings;
    expect(back).toEqual({ ...s, embed: ['learned'], controls: ['train'], autoplay: true });
    // The comparison's columns open the comparison in the full page.
    const cmp = embedLink(s, { ...choice, views: ['ot', 'vp', 've'] }, base);
    expect(cmp).toContain('view=compare&embed=compare');
  });

  it('the full-page link is the same state without the embed keys', () => {
    const s = decode('#ds=rings&w=32&embed=learned&controls=train,time&autoplay').settings;
    expect(fullPageLink(s, base)).toBe(`${base}#ds=rings&w=32`);
    const c = decode('#ds=rings&embed=compare').settings;
    expect(fullPageLink(c, base)).toBe(`${base}#ds=rings&view=compare`);
    expect(fullPageLink(DEFAULT_SETTINGS, base)).toBe(base);
  });

  it('the snippet escapes its attributes and is sandboxed', () => {
    const html = iframeSnippet('https://x/#a=1&b="2"', 640, 400, 'Flow <1>');
    expect(html).toBe(
      '<iframe src="https://x/#a=1&amp;b=&quot;2&quot;" width="640" height="400" ' +
        'sandbox="allow-scripts allow-popups" style="border:0" loading="lazy" ' +
        'title="Flow &lt;1&gt;"></iframe>',
    );
  });

  it('sizes are bounded whole pixels', () => {
    expect(boundSize(100, 100)).toEqual([320, 240]);
    expect(boundSize(5000, 5000)).toEqual([1920, 1200]);
    expect(boundSize(640.4, 399.6)).toEqual([640, 400]);
    expect(boundSize(NaN, Infinity)).toEqual([320, 240]);
  });

  it('toggling views keeps one page and at most four', () => {
    expect(toggleView(['learned'], 'conditional')).toEqual(['conditional', 'learned']);
    expect(toggleView(['learned', 'loss'], 'learned')).toEqual(['loss']);
    expect(toggleView(['learned', 'loss'], 'ot')).toEqual(['ot']);
    expect(toggleView(['ot', 'vp', 've', 'nfe'], 'metrics')).toEqual(['ot', 'vp', 've', 'nfe']);
  });
});

describe('arranging views in a frame', () => {
  it('side by side when wide, stacked when tall, a grid for four in a square', () => {
    expect(arrangeViews(1, 320, 200)).toEqual({ cols: 1, rows: 1 });
    expect(arrangeViews(2, 640, 360)).toEqual({ cols: 2, rows: 1 });
    expect(arrangeViews(2, 320, 600)).toEqual({ cols: 1, rows: 2 });
    expect(arrangeViews(3, 320, 200)).toEqual({ cols: 3, rows: 1 });
    expect(arrangeViews(3, 300, 900)).toEqual({ cols: 1, rows: 3 });
    expect(arrangeViews(4, 600, 600)).toEqual({ cols: 2, rows: 2 });
  });
});
