import { describe, expect, it } from 'vitest';
import { MAX_DRAWN } from '../state/settings';
import { quote } from './refusal';
import {
  FIT_HALF,
  MAX_POINTS_FILE_BYTES,
  fitToCanvas,
  pointsToCsv,
  pointsToJson,
  readPointsText,
} from './points';

/** n points on a circle of radius r around (cx, cy), as [x, y] pairs. */
const circle = (n: number, r = 1, cx = 0, cy = 0) =>
  Array.from({ length: n }, (_, i) => [
    cx + r * Math.cos((2 * Math.PI * i) / n),
    cy + r * Math.sin((2 * Math.PI * i) / n),
  ]);
const csv = (rows: number[][], delim = ',', header = '') =>
  `${header ? `${header}\n` : ''}${rows.map((r) => r.join(delim)).join('\n')}\n`;
const round3 = (v: number) => Math.round(v * 1000) / 1000 + 0;

function ok(text: string) {
  const r = readPointsText(text);
  if (!r.ok) throw new Error(`refused: ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r;
}
function refused(text: string, bytes?: number) {
  const r = readPointsText(text, bytes);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('points from CSV', () => {
  const pts = circle(20, 1.5);
  it('reads comma, semicolon and tab, with and without a header, to the same points', () => {
    const expected = pts.flat().map(round3);
    for (const text of [
      csv(pts),
      csv(pts, ';'),
      csv(pts, '\t'),
      csv(pts, ',', 'x,y'),
      csv(pts, '\t', 'x\ty'),
      `\ufeff${csv(pts, ',', '"x","y"')}`,
    ]) {
      const r = ok(text);
      expect(r.points).toEqual(expected);
      expect(r.notice).toBeNull();
    }
  });

  it('takes the x and y columns a header names, in any order', () => {
    const text = csv(
      pts.map(([x, y]) => [7, y!, x!]),
      ',',
      'id,y,x',
    );
    expect(ok(text).points).toEqual(pts.flat().map(round3));
  });

  it('reads comma decimals in semicolon files, skips blank and # lines, CRLF endings', () => {
    const text = `# made in a spreadsheet\r\n${pts.map(([x, y]) => `${String(x).replace('.', ',')};${String(y).replace('.', ',')}`).join('\r\n\r\n')}`;
    expect(ok(text).points).toEqual(pts.flat().map(round3));
  });

  it('refuses a non-numeric value, naming row and column', () => {
    const rows = csv(pts).split('\n');
    rows[4] = '0.5,abc';
    expect(refused(rows.join('\n'))).toEqual({
      key: 'ioNotNumber',
      params: { row: 5, col: 2, value: '“abc”' },
    });
  });

  it('refuses NaN, Infinity and values that overflow to Infinity', () => {
    for (const bad of ['NaN', 'Infinity', '-inf', '1e999']) {
      const rows = csv(pts).split('\n');
      rows[2] = `${bad},1`;
      const e = refused(rows.join('\n'));
      expect(e.key).toBe('ioNonFinite');
      expect(e.params).toMatchObject({ row: 3, col: 1 });
    }
  });

  it('refuses an empty cell, a one-column row and an empty file', () => {
    const rows = csv(pts).split('\n');
    rows[1] = '0.5,';
    expect(refused(rows.join('\n'))).toEqual({ key: 'ioEmptyValue', params: { row: 2, col: 2 } });
    rows[1] = '0.5';
    expect(refused(rows.join('\n'))).toEqual({
      key: 'ioTooFewColumns',
      params: { row: 2, delim: ',' },
    });
    expect(refused('').key).toBe('ioEmpty');
    expect(refused(' \n\n').key).toBe('ioEmpty');
    expect(refused('x,y\n').key).toBe('ioEmpty');
  });

  it(`refuses more than ${MAX_DRAWN} points and fewer than 16, stating the limit`, () => {
    expect(refused(csv(circle(MAX_DRAWN + 1)))).toEqual({
      key: 'ioTooMany',
      params: { max: MAX_DRAWN },
    });
    expect(ok(csv(circle(MAX_DRAWN))).points.length).toBe(2 * MAX_DRAWN);
    expect(refused(csv(circle(15)))).toEqual({ key: 'ioTooFewPoints', params: { n: 15, min: 16 } });
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(refused(csv(pts), MAX_POINTS_FILE_BYTES + 1)).toEqual({
      key: 'ioFileTooBig',
      params: { size: '1 MB', max: '1 MB' },
    });
  });
});

describe('points from JSON', () => {
  const pts = circle(32, 2);
  it('reads [[x, y], …] and {points: …} to the same points', () => {
    const expected = pts.flat().map(round3);
    expect(ok(JSON.stringify(pts)).points).toEqual(expected);
    expect(ok(JSON.stringify({ points: pts, name: 'ring' })).points).toEqual(expected);
  });

  it('refuses bad JSON, other shapes, non-pairs, non-numbers and overflow', () => {
    expect(refused('[[1, 2], [3').key).toBe('ioBadJson');
    expect(refused('{"pts": []}').key).toBe('ioJsonShape');
    expect(refused('[]').key).toBe('ioEmpty');
    expect(refused(JSON.stringify([...pts, [1, 2, 0, 3]]))).toEqual({
      key: 'ioJsonPair',
      params: { row: 33 },
    });
    expect(refused(JSON.stringify([...pts.slice(0, 3), [1, '2']]))).toEqual({
      key: 'ioNotNumber',
      params: { row: 4, col: 2, value: '“"2"”' },
    });
    expect(refused(JSON.stringify([...pts, [null, 1]])).key).toBe('ioNotNumber');
    expect(refused(`[${JSON.stringify(pts).slice(1, -1)},[1e999,0]]`)).toMatchObject({
      key: 'ioNonFinite',
      params: { row: 33, col: 1 },
    });
    expect(refused(JSON.stringify(circle(MAX_DRAWN + 1))).key).toBe('ioTooMany');
  });
});

describe('fitting to the canvas', () => {
  it('keeps points inside ±4 as they are (rounded to the link’s 0.001)', () => {
    const p = [0.12345, -3.9, 1, 2];
    expect(fitToCanvas(p)).toEqual({ points: [0.123, -3.9, 1, 2], notice: null });
  });

  it('centres and scales far-out points to ±3 along the longer side, aspect kept, with a notice', () => {
    // x ∈ [100, 300], y ∈ [50, 150]: centre (200, 100), half-extent 100 → ×0.03.
    const r = fitToCanvas([100, 50, 300, 150, 200, 100]);
    expect(r.points).toEqual([-3, -1.5, 3, 1.5, 0, 0]);
    expect(r.notice).toEqual({
      key: 'ioRescaled',
      params: { x0: 100, x1: 300, y0: 50, y1: 150, k: 0.03, half: FIT_HALF },
    });
  });

  it('blows up a speck (half-extent below 0.25) the same way', () => {
    const r = fitToCanvas([0.01, 0.01, 0.03, 0.02]);
    expect(r.points).toEqual([-3, -1.5, 3, 1.5]);
    expect(r.notice?.key).toBe('ioRescaled');
  });

  it('a CSV and a JSON export read back to the same points', () => {
    const p = circle(40, 2.5).flat().map(round3);
    expect(ok(pointsToCsv(p)).points).toEqual(p);
    expect(ok(pointsToJson(p)).points).toEqual(p);
  });
});

describe('points with classes', () => {
  const rows = circle(20).map(([x, y], i) => [x!, y!, i % 3]);
  const labels = rows.map((r) => r[2]!);

  it('reads a CSV class (or label) column and a third JSON value', () => {
    expect(ok(csv(rows, ',', 'x,y,class')).labels).toEqual(labels);
    const swapped = rows.map(([x, y, c]) => [c!, y!, x!]);
    const r = ok(csv(swapped, ';', 'Label;y;x'));
    expect(r.labels).toEqual(labels);
    expect(r.points).toEqual(rows.flatMap(([x, y]) => [round3(x!), round3(y!)]));
    expect(ok(JSON.stringify(rows)).labels).toEqual(labels);
    expect(ok(JSON.stringify({ points: rows })).labels).toEqual(labels);
  });

  it('without classes, or only class 0, the drawing has none', () => {
    expect(
      ok(
        csv(
          rows.map(([x, y]) => [x!, y!]),
          ',',
          'x,y',
        ),
      ).labels,
    ).toEqual([]);
    expect(
      ok(
        csv(
          rows.map(([x, y]) => [x!, y!, 0]),
          ',',
          'x,y,class',
        ),
      ).labels,
    ).toEqual([]);
    // A third column that the header does not name a class is not read as one.
    expect(
      ok(
        csv(
          rows.map(([x, y]) => [x!, y!, 7.5]),
          ',',
          'x,y,z',
        ),
      ).labels,
    ).toEqual([]);
  });

  it('refuses a class that is not 0, 1 or 2, naming its row and column', () => {
    const bad = rows.map((r, i) => (i === 4 ? [r[0]!, r[1]!, 3] : r));
    expect(refused(csv(bad, ',', 'x,y,class'))).toEqual({
      key: 'ioBadClass',
      params: { row: 6, col: 3, value: quote('3'), max: 2 },
    });
    const half = rows.map((r, i) => (i === 2 ? [r[0]!, r[1]!, 1.5] : r));
    expect(refused(JSON.stringify(half)).key).toBe('ioBadClass');
  });

  it('exports classes so that they read back', () => {
    const pts = Float32Array.from(rows.flatMap(([x, y]) => [round3(x!), round3(y!)]));
    expect(ok(pointsToCsv(pts, labels)).labels).toEqual(labels);
    expect(ok(pointsToJson(pts, labels)).labels).toEqual(labels);
    expect(pointsToCsv(pts).split('\n')[0]).toBe('x,y');
  });
});
