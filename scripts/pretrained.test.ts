import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelFile } from '../src/model/weights';
import { PRETRAINED, PRETRAINED_DIR } from '../src/state/pretrained';
import { DEFAULT_SETTINGS } from '../src/state/settings';

// The files `npm run pretrained` made and public/ ships: each one parses as a model file and
// was trained for exactly what its table entry offers it for.
describe('shipped pretrained files', () => {
  it.each(PRETRAINED.map((e) => [e.file, e] as const))('%s fits its entry', (file, e) => {
    const path = resolve('public', PRETRAINED_DIR, file);
    expect(statSync(path).size).toBeLessThan(20_000);
    const parsed = parseModelFile(JSON.parse(readFileSync(path, 'utf8')));
    const d = DEFAULT_SETTINGS;
    expect(parsed.file.dataset).toBe(e.dataset);
    expect(parsed.file.scheduler.id).toBe(e.scheduler);
    expect(parsed.file.seed).toBe(d.seed);
    expect(parsed.file.architecture).toEqual({
      width: d.width,
      depth: d.depth,
      activation: d.activation,
      timeEncoding: 'linear',
    });
    expect(parsed.file.step).toBeGreaterThan(0);
    expect(parsed.weights.every((w) => w.every(Number.isFinite))).toBe(true);
  });
});
