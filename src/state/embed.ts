/**
 * Embed mode as the link chooses it: `embed=` which views fill the frame (a `+` list of view
 * ids, or `compare` for the comparison's three columns), `controls=` which controls show
 * (a comma list; play is always there) and `autoplay` (play on load). These are three rows of
 * the settings' field table (settings.ts), so the link codec, its validation and the link fuzz
 * cover them; this module holds their ids, codecs and checks, and the links built from them.
 */

/** The views an embed may show, by the page whose engine draws them (ui/viewParts.tsx VIEWS). */
export const EMBED_VIEWS = {
  conditional: 'playground',
  learned: 'playground',
  loss: 'playground',
  quality: 'playground',
  ot: 'compare',
  vp: 'compare',
  ve: 'compare',
  schedules: 'compare',
  nfe: 'compare',
  metrics: 'compare',
  reflow: 'playground',
  density: 'playground',
} as const;
export type EmbedViewId = keyof typeof EMBED_VIEWS;
export const EMBED_VIEW_IDS = Object.keys(EMBED_VIEWS) as EmbedViewId[];
/** `embed=compare`: the comparison's three columns. */
export const COMPARE_COLUMNS: readonly EmbedViewId[] = ['ot', 'vp', 've'];
/** Most views in one embed (a 320×240 frame has room for about four). */
export const MAX_EMBED_VIEWS = 4;

/** Controls an embed may show besides play: train (Train/Pause/Reset), the time bar, the target picker, the path. */
export const EMBED_CONTROLS = ['train', 'time', 'preset', 'scheduler'] as const;
export type EmbedControl = (typeof EMBED_CONTROLS)[number];

/** The page an embed's views belong to (null: no embed). */
export function embedPage(views: readonly EmbedViewId[]): 'playground' | 'compare' | null {
  return views.length ? EMBED_VIEWS[views[0]!] : null;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function checkEmbedViews(v: readonly EmbedViewId[]): string | null {
  if (!Array.isArray(v)) return 'embed must be a list of views';
  if (v.length > MAX_EMBED_VIEWS) return `embed shows at most ${MAX_EMBED_VIEWS} views`;
  const bad = v.find((id) => !Object.hasOwn(EMBED_VIEWS, id));
  if (bad !== undefined) {
    return `embed views must be among ${EMBED_VIEW_IDS.join(', ')} or compare, got "${String(bad)}"`;
  }
  if (new Set(v).size !== v.length) return 'embed names a view twice';
  if (new Set(v.map((id: EmbedViewId) => EMBED_VIEWS[id])).size > 1) {
    return 'embed views must all come from one page (playground or comparison)';
  }
  return null;
}

export function checkEmbedControls(v: readonly EmbedControl[]): string | null {
  if (!Array.isArray(v)) return 'controls must be a list';
  const bad = v.find((c) => !EMBED_CONTROLS.includes(c));
  if (bad !== undefined) {
    return `controls must be among ${EMBED_CONTROLS.join(', ')}, got "${String(bad)}"`;
  }
  return new Set(v).size === v.length ? null : 'controls names one twice';
}

/**
 * Toggles a view in a choice: views of the other page are dropped (an embed shows one page),
 * a fifth view is not added (at most MAX_EMBED_VIEWS), and the order is the registry's.
 */
export function toggleView(views: readonly EmbedViewId[], id: EmbedViewId): EmbedViewId[] {
  if (views.includes(id)) return views.filter((v) => v !== id);
  const same = views.filter((v) => EMBED_VIEWS[v] === EMBED_VIEWS[id]);
  if (same.length >= MAX_EMBED_VIEWS) return same;
  return EMBED_VIEW_IDS.filter((v) => v === id || same.includes(v));
}

/** Words of a list in a link: `+` (a space once decoded) or `,` between them. */
const words = (text: string): string[] => text.split(/[ +,]/).filter(Boolean);

/** `embed=` text → view ids in order (`compare` is the three columns); validity is checked after. */
export function decodeEmbedViews(text: string): EmbedViewId[] {
  const list = words(text);
  if (list.length > 2 * MAX_EMBED_VIEWS) throw new Error('too many embed views');
  return list.flatMap((w) => (w === 'compare' ? [...COMPARE_COLUMNS] : [w as EmbedViewId]));
}

/** View ids → `embed=` text (space-joined: a link writes it `a+b`). */
export function encodeEmbedViews(v: readonly EmbedViewId[]): string {
  return sameList(v, COMPARE_COLUMNS) ? 'compare' : v.join(' ');
}

/** `controls=` text → controls in order, once each (a repeat is dropped). */
export function decodeEmbedControls(text: string): EmbedControl[] {
  const list = words(text);
  if (list.length > 2 * EMBED_CONTROLS.length) throw new Error('too many controls');
  return [...new Set(list)] as EmbedControl[];
}

export const encodeEmbedControls = (v: readonly EmbedControl[]): string => v.join(',');

/** `autoplay` (bare), `autoplay=1` → on; `autoplay=0` → off. */
export function decodeAutoplay(text: string): boolean {
  if (text === '' || text === '1') return true;
  if (text === '0') return false;
  throw new Error('autoplay takes no value (or 1 or 0)');
}

/** The link keys that make a page an embed: dropped from the "Open full playground" link. */
export const EMBED_KEYS = ['embed', 'controls', 'autoplay'] as const;

/** What an embed shows: the three link keys together. */
export interface EmbedChoice {
  views: EmbedViewId[];
  controls: EmbedControl[];
  autoplay: boolean;
}

/** Smallest and largest frame the Embed dialog writes (CSS pixels). */
export const EMBED_SIZE = { width: [320, 1920], height: [240, 1200] } as const;
export const EMBED_SIZES: readonly (readonly [number, number])[] = [
  [320, 240],
  [640, 400],
  [800, 600],
  [1024, 640],
];

/** A frame size within EMBED_SIZE (whole pixels); NaN gives the smallest. */
export function boundSize(width: number, height: number): [number, number] {
  const clamp = (v: number, [lo, hi]: readonly [number, number]) =>
    Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : lo;
  return [clamp(width, EMBED_SIZE.width), clamp(height, EMBED_SIZE.height)];
}

const attr = (s: string) =>
  s.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);

/** The `<iframe>` a host page pastes: sandboxed (scripts, and popups for the full-page link). */
export function iframeSnippet(src: string, width: number, height: number, title: string): string {
  return (
    `<iframe src="${attr(src)}" width="${width}" height="${height}" ` +
    `sandbox="allow-scripts allow-popups" style="border:0" loading="lazy" ` +
    `title="${attr(title)}"></iframe>`
  );
}
