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

const OVERLAY_CODES: Record<keyof Overlays, string> = {
  pathLines: 'l',
  trails: 't',
  learnedField: 'f',
  exactField: 'e',
  density: 'h',
};

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

const toNumber = (text: string): number => (text.trim() === '' ? NaN : Number(text));

function decodeValue(key: keyof Settings, text: string): unknown {
  const def = DEFAULT_SETTINGS[key];
  if (key === 'drawn') return decodePoints(text);
  if (key === 'overlays') {
    if (!/^[ltfeh]*$/.test(text)) throw new Error(`unknown overlay code in "${text}"`);
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
      if (!spec) throw new Error(`unknown scheduler parameter "${code}"`);
      params[spec.key] = toNumber(raw);
    }
    return params;
  }
  if (typeof def === 'boolean') {
    if (text !== '0' && text !== '1') throw new Error(`expected 0 or 1, got "${text}"`);
    return text === '1';
  }
  if (typeof def === 'number') return toNumber(text);
  return text;
}

/** The hash (without '#') for these settings: only fields that differ from the defaults. */
export function encodeSettings(s: Settings): string {
  const params = new URLSearchParams();
  for (const key of FIELD_NAMES) {
    if (key === 'drawn' && s.target !== 'drawn') continue;
    const text = encodeValue(key, s[key]);
    if (text !== encodeValue(key, DEFAULT_SETTINGS[key])) params.set(FIELDS[key].url, text);
  }
  return params.toString();
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
    if (!field) {
      errors.push(`unknown link setting "${k}" ignored`);
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
    errors.push(`${message} (${field}); default kept`);
  return { settings, errors };
}
