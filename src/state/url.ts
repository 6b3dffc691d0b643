/**
 * Settings ⇄ URL hash (`#ds=moons&sch=vp&w=64…`). Only values that differ from the defaults
 * are written, so links stay short. Decoding never throws: a malformed or invalid field is
 * reported and replaced by its default, and the rest of the link still applies.
 */
import { PARAM_SPECS } from '../flow/schedulers';
import type { SchedulerParams } from '../flow/types';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  FIELDS,
  type Overlays,
  type Settings,
} from './settings';

const FIELD_NAMES = Object.keys(FIELDS) as (keyof Settings)[];

/**
 * Link keys that are not settings and are read elsewhere: `m`, a trained network's weights
 * (io/linkModel.ts, bounded and validated there). decodeSettings passes over them.
 */
export const EXTRA_LINK_KEYS: readonly string[] = ['m'];

const OVERLAY_CODES: Record<keyof Overlays, string> = {
  pathLines: 'l',
  trails: 't',
  learnedField: 'f',
  exactField: 'e',
  density: 'h',
  nfeHeat: 'n',
};

/** Longest piece of a link's own text that a notice quotes. */
export const EXCERPT_CHARS = 40;
/** Most notices one link can produce; the rest are counted in one line. */
export const MAX_NOTICES = 8;
/** Longest notice line (a field name, a reason, an excerpt). */
export const NOTICE_CHARS = 240;

/**
 * A link's own text as a notice may quote it: at most EXCERPT_CHARS characters, with control,
 * invisible and direction-changing characters written as \u escapes so nothing can disguise
 * the message around it.
 */
export function excerpt(text: string): string {
  const chars = Array.from(text);
  const cut = chars.slice(0, EXCERPT_CHARS).join('');
  const safe = cut
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(
      // eslint-disable-next-line no-control-regex -- control characters are what it escapes
      /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  return `"${safe}${chars.length > EXCERPT_CHARS ? '…' : ''}"`;
}

/** Drawn points as base64url of little-endian int16 millimetres-of-a-unit (±32.7 range). */
export function encodePoints(points: readonly number[]): string {
  const bytes = new Uint8Array(points.length * 2);
  const view = new DataView(bytes.buffer);
  points.forEach((v, i) =>
    view.setInt16(2 * i, Math.max(-32767, Math.min(32767, Math.round(v * 1000))), true),
  );
  let bin = '';
  bytes.forEach((b) => (bin += String.fromCharCode(b)));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodePoints(text: string): number[] {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  if (bin.length % 4 !== 0) throw new Error('truncated point list');
  const view = new DataView(Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer);
  return Array.from({ length: bin.length / 2 }, (_, i) => view.getInt16(2 * i, true) / 1000);
}

function encodeValue<K extends keyof Settings>(key: K, value: Settings[K]): string {
  const codec = FIELDS[key].codec;
  if (codec) return codec.encode(value);
  if (key === 'drawn') return encodePoints(value as number[]);
  if (key === 'overlays') {
    const o = value as Overlays;
    return (Object.keys(OVERLAY_CODES) as (keyof Overlays)[])
      .filter((k) => o[k])
      .map((k) => OVERLAY_CODES[k])
      .join('');
  }
  if (key === 'schedulerParams') {
    const p = value as SchedulerParams;
    return PARAM_SPECS.filter((spec) => p[spec.key] !== undefined)
      .map((spec) => `${spec.urlCode}:${p[spec.key]}`)
      .join(',');
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** A number from link text; '' is not 0, and -0 is 0 (so it writes back the same). */
const toNumber = (text: string): number => (text.trim() === '' ? NaN : Number(text) + 0);

function decodeValue(key: keyof Settings, text: string): unknown {
  const def = DEFAULT_SETTINGS[key];
  const codec = FIELDS[key].codec;
  if (codec) return codec.decode(text);
  if (key === 'drawn') return decodePoints(text);
  if (key === 'overlays') {
    if (!/^[ltfehn]*$/.test(text)) throw new Error(`unknown overlay code in ${excerpt(text)}`);
    const entries = (Object.keys(OVERLAY_CODES) as (keyof Overlays)[]).map((k) => [
      k,
      text.includes(OVERLAY_CODES[k]),
    ]);
    return Object.fromEntries(entries);
  }
  if (key === 'schedulerParams') {
    const params: Record<string, number> = {};
    for (const part of text.split(',').filter(Boolean)) {
      const [code, raw = ''] = part.split(':');
      const spec = PARAM_SPECS.find((s) => s.urlCode === code);
      if (!spec) throw new Error(`unknown scheduler parameter ${excerpt(code ?? '')}`);
      params[spec.key] = toNumber(raw);
    }
    return params;
  }
  if (typeof def === 'boolean') {
    if (text !== '0' && text !== '1') throw new Error(`expected 0 or 1, got ${excerpt(text)}`);
    return text === '1';
  }
  if (typeof def === 'number') return toNumber(text);
  // Names (data sets, solvers, …) are short: anything longer is refused before it is quoted.
  if (Array.from(text).length > EXCERPT_CHARS) throw new Error(`unknown value ${excerpt(text)}`);
  return text;
}

/** The hash (without '#') for these settings: only fields that differ from the defaults. */
export function encodeSettings(s: Settings): string {
  const params = new URLSearchParams();
  for (const key of FIELD_NAMES) {
    // The drawing stays in the link while a preset is picked: "Draw your own" brings it back.
    const text = encodeValue(key, s[key]);
    if (text !== encodeValue(key, DEFAULT_SETTINGS[key])) params.set(FIELDS[key].url, text);
  }
  // Readable links: `autoplay`, not `autoplay=`; `train,time`, not `train%2Ctime` (both are
  // legal in a fragment and decode the same).
  return params
    .toString()
    .replace(/=(?=&|$)/g, '')
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':');
}

/**
 * Settings from a hash or query string. Never throws: unknown keys, malformed values and
 * invalid values are listed in `errors` (English, one line each) and those fields keep their
 * defaults.
 */
export function decodeSettings(
  hash: string,
  base: Settings = DEFAULT_SETTINGS,
): { settings: Settings; errors: string[] } {
  const errors: string[] = [];
  const patch: Partial<Record<keyof Settings, unknown>> = {};
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^[#?]/, ''));
  } catch {
    return { settings: base, errors: ['the link could not be read; defaults are used'] };
  }
  const byKey = new Map(FIELD_NAMES.map((field) => [FIELDS[field].url, field]));
  for (const [k, text] of params) {
    const field = byKey.get(k);
    if (!field && EXTRA_LINK_KEYS.includes(k)) continue;
    if (!field) {
      errors.push(`unknown link setting ${excerpt(k)} ignored`);
      continue;
    }
    try {
      patch[field] = decodeValue(field, text);
    } catch (e) {
      errors.push(`${field}: ${(e as Error).message}; default used`);
    }
  }
  const { settings, errors: invalid } = applySettingsPatch(base, patch as Partial<Settings>);
  for (const [field, message] of Object.entries(invalid))
    errors.push(`${field}: ${boundText(message)}; default kept`);
  return { settings, errors: boundNotices(errors) };
}

/** A validator's message ends with the value it refused (`got "…"`), from the link: excerpted. */
function boundText(message: string): string {
  return message.replace(/got "([\s\S]*)"$/, (_, inner: string) => `got ${excerpt(inner)}`);
}

/** At most MAX_NOTICES lines of at most NOTICE_CHARS; further problems are counted. */
function boundNotices(errors: string[]): string[] {
  const lines = errors.map((l) =>
    l.length > NOTICE_CHARS ? `${l.slice(0, NOTICE_CHARS - 1)}…` : l,
  );
  if (lines.length <= MAX_NOTICES) return lines;
  const rest = lines.length - (MAX_NOTICES - 1);
  return [...lines.slice(0, MAX_NOTICES - 1), `…and ${rest} more problems in the link`];
}
