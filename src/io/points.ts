/**
 * Target points from a file's text: CSV (header optional; comma, semicolon or tab) or JSON
 * (`[[x, y], …]` or `{ "points": [[x, y], …] }`), each point optionally with its class (a CSV
 * column headed `class` or `label`; a third JSON value), a drawing colour 0 … 2. Every value must be a finite number; the
 * count must lie in [MIN_POINTS, MAX_DRAWN] (the drawing's own bounds: the points live in the
 * settings and the link). Points far outside the canvas, or packed into a speck, are moved and
 * scaled into it, with a notice that says so. Pure: Node tests call it directly.
 */
import { DRAWN_CLASSES } from '../state/classes';
import { MAX_DRAWN, MIN_POINTS } from '../state/settings';
import { quote, refuse, sizeText, type Message, type Outcome } from './refusal';

/** Largest points file read (a 4 000-point CSV is about 80 KB). */
export const MAX_POINTS_FILE_BYTES = 1_000_000;
/** Points inside ±KEEP_HALF (and not a speck) are taken as they are. */
export const KEEP_HALF = 4;
/** Rescaled points span ±FIT_HALF along their longer side. */
export const FIT_HALF = 3;
/** Half-extents below this are a speck on the canvas: rescaled too. */
export const MIN_HALF_EXTENT = 0.25;

/** Points, their classes (empty: none given, all class 0) and a notice about rescaling. */
export type PointsOutcome = Outcome<{ points: number[]; labels: number[]; notice: Message | null }>;
type Parsed = Outcome<{ points: number[]; labels: number[] }>;

/** A class value: a whole number 0 … DRAWN_CLASSES − 1, or the refusal that names it. */
function readClass(raw: string, row: number, col: number): number | Message {
  const text = raw.trim().replace(/^"|"$/g, '');
  const c = Number(text);
  if (/^\d+$/.test(text) && c < DRAWN_CLASSES) return c;
  return { key: 'ioBadClass', params: { row, col, value: quote(text), max: DRAWN_CLASSES - 1 } };
}

/** No class other than 0: stored as none (the link then carries no classes). */
const compact = (labels: number[]) => (labels.some((c) => c !== 0) ? labels : []);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** One CSV/JSON value as a number, or the refusal that names it (row/column are 1-based). */
function readNumber(raw: string, row: number, col: number): number | Message {
  const text = raw.trim();
  if (text === '') return { key: 'ioEmptyValue', params: { row, col } };
  if (NON_FINITE.test(text))
    return { key: 'ioNonFinite', params: { row, col, value: quote(text) } };
  if (!NUMBER.test(text)) return { key: 'ioNotNumber', params: { row, col, value: quote(text) } };
  const v = Number(text);
  if (!Number.isFinite(v)) return { key: 'ioNonFinite', params: { row, col, value: quote(text) } };
  return v;
}

const isMessage = (v: number | Message): v is Message => typeof v !== 'number';

/** The delimiter of a CSV line: tab, then semicolon, then comma. */
function delimiterOf(line: string): string {
  if (line.includes('\t')) return '\t';
  if (line.includes(';')) return ';';
  return ',';
}

/** CSV rows → interleaved points; a first line that is not numbers is a header. */
export function parseCsv(text: string): Parsed {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l, i) => ({ l: l.trim(), row: i + 1 }))
    .filter(({ l }) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return refuse('ioEmpty');
  const delim = delimiterOf(lines[0]!.l);
  // Semicolon CSV from a spreadsheet in a comma-decimal locale: 1,5;2,25.
  const decimalComma = delim === ';';
  const split = (l: string) => l.split(delim).map((c) => (decimalComma ? c.replace(',', '.') : c));
  let cols: [number, number] = [0, 1];
  let classCol = -1;
  const first = split(lines[0]!.l);
  if (!first.every((c) => NUMBER.test(c.trim()) || NON_FINITE.test(c.trim()))) {
    const names = first.map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
    const x = names.indexOf('x');
    const y = names.indexOf('y');
    if (x >= 0 && y >= 0) cols = [x, y];
    classCol = names.findIndex((n) => n === 'class' || n === 'label');
    lines.shift();
    if (lines.length === 0) return refuse('ioEmpty');
  }
  const points: number[] = [];
  const labels: number[] = [];
  for (const { l, row } of lines) {
    const cells = split(l);
    if (cells.length < 2) return refuse('ioTooFewColumns', { row, delim: delimName(delim) });
    for (const c of cols) {
      const v = readNumber(cells[c] ?? '', row, c + 1);
      if (isMessage(v)) return { ok: false, error: v };
      points.push(v);
    }
    if (classCol >= 0) {
      const c = readClass(cells[classCol] ?? '', row, classCol + 1);
      if (isMessage(c)) return { ok: false, error: c };
      labels.push(c);
    }
    if (points.length / 2 > MAX_DRAWN) return refuse('ioTooMany', { max: MAX_DRAWN });
  }
  return { ok: true, points, labels: compact(labels) };
}

function delimName(d: string): string {
  return d === '\t' ? 'tab' : d;
}

/** JSON `[[x, y], …]` or `{ points: [[x, y], …] }` (or `[x, y, class]`) → interleaved points. */
export function parseJsonPoints(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse('ioBadJson');
  }
  const list = Array.isArray(json)
    ? json
    : json && typeof json === 'object' && Array.isArray((json as { points?: unknown }).points)
      ? (json as { points: unknown[] }).points
      : null;
  if (!list) return refuse('ioJsonShape');
  if (list.length === 0) return refuse('ioEmpty');
  if (list.length > MAX_DRAWN) return refuse('ioTooMany', { max: MAX_DRAWN });
  const points: number[] = [];
  const labels: number[] = [];
  for (const [i, p] of list.entries()) {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3) {
      return refuse('ioJsonPair', { row: i + 1 });
    }
    const c = p.length === 3 ? readClass(JSON.stringify(p[2]) ?? '', i + 1, 3) : 0;
    if (isMessage(c)) return { ok: false, error: c };
    labels.push(c);
    for (const [j, v] of p.slice(0, 2).entries()) {
      if (typeof v !== 'number') {
        return refuse('ioNotNumber', {
          row: i + 1,
          col: j + 1,
          value: quote(JSON.stringify(v) ?? ''),
        });
      }
      // JSON has no NaN or Infinity, but 1e999 parses to Infinity.
      if (!Number.isFinite(v))
        return refuse('ioNonFinite', { row: i + 1, col: j + 1, value: String(v) });
      points.push(v);
    }
  }
  return { ok: true, points, labels: compact(labels) };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000 + 0;

/**
 * Points far outside the canvas (beyond ±KEEP_HALF) or a speck (both half-extents below
 * MIN_HALF_EXTENT) are centred and scaled uniformly (aspect kept) to span ±FIT_HALF; the
 * notice gives the original ranges and the factor. Coordinates are rounded to 0.001, the
 * link's precision, so what is shown is what a link reproduces.
 */
export function fitToCanvas(points: readonly number[]): {
  points: number[];
  notice: Message | null;
} {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i]!);
    x1 = Math.max(x1, points[i]!);
    y0 = Math.min(y0, points[i + 1]!);
    y1 = Math.max(y1, points[i + 1]!);
  }
  const half = Math.max(x1 - x0, y1 - y0) / 2;
  const far = Math.max(-x0, x1, -y0, y1) > KEEP_HALF;
  if (!far && half >= MIN_HALF_EXTENT) return { points: points.map(round3), notice: null };
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const k = half > 0 ? FIT_HALF / half : 1;
  const out = points.map((v, i) => round3((v - (i % 2 ? cy : cx)) * k));
  const g = (v: number) => Number(v.toPrecision(3));
  return {
    points: out,
    notice: {
      key: 'ioRescaled',
      params: { x0: g(x0), x1: g(x1), y0: g(y0), y1: g(y1), k: g(k), half: FIT_HALF },
    },
  };
}

/** A points file's text (JSON when it starts with `[` or `{`, else CSV), checked and fitted. */
export function readPointsText(text: string, bytes = text.length): PointsOutcome {
  if (bytes > MAX_POINTS_FILE_BYTES) {
    return refuse('ioFileTooBig', { size: sizeText(bytes), max: sizeText(MAX_POINTS_FILE_BYTES) });
  }
  const body = text.replace(/^\ufeff/, '');
  if (body.trim() === '') return refuse('ioEmpty');
  const parsed = /^\s*[[{]/.test(body) ? parseJsonPoints(body) : parseCsv(body);
  if (!parsed.ok) return parsed;
  const n = parsed.points.length / 2;
  if (n > MAX_DRAWN) return refuse('ioTooMany', { max: MAX_DRAWN });
  if (n < MIN_POINTS) return refuse('ioTooFewPoints', { n, min: MIN_POINTS });
  return { ok: true, labels: parsed.labels, ...fitToCanvas(parsed.points) };
}

/**
 * Interleaved points as CSV with an `x,y` header, and a `class` column when classes are
 * given (what readPointsText reads back).
 */
export function pointsToCsv(points: ArrayLike<number>, labels?: ArrayLike<number>): string {
  const rows = [labels ? 'x,y,class' : 'x,y'];
  for (let i = 0; i + 1 < points.length; i += 2) {
    rows.push(`${points[i]},${points[i + 1]}${labels ? `,${labels[i / 2]}` : ''}`);
  }
  return `${rows.join('\n')}\n`;
}

/** Interleaved points as `{ "points": [[x, y], …] }`, each `[x, y, class]` with classes. */
export function pointsToJson(points: ArrayLike<number>, labels?: ArrayLike<number>): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const c = labels ? `,${labels[i / 2]}` : '';
    pairs.push(`[${points[i]},${points[i + 1]}${c}]`);
  }
  return `{"points":[\n${pairs.join(',\n')}\n]}\n`;
}
