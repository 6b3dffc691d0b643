import { describe, expect, it } from 'vitest';
import { validateSchedulerParams } from '../flow/schedulers';
import { createRng } from '../flow/rng';
import { fuzzLink } from './linkFuzz';
import { FIELDS, type Settings } from './settings';
import { decodeSettings, encodeSettings, EXCERPT_CHARS, MAX_NOTICES, NOTICE_CHARS } from './url';

/** The first EXCERPT_CHARS + 1 characters of every key or value longer than an excerpt. */
function longPieces(hash: string): string[] {
  const out: string[] = [];
  for (const [k, v] of new URLSearchParams(hash.slice(1))) {
    for (const piece of [k, v]) {
      const chars = Array.from(piece); // excerpts count characters, not UTF-16 units
      if (chars.length > EXCERPT_CHARS) out.push(chars.slice(0, EXCERPT_CHARS + 1).join(''));
    }
  }
  return out;
}

describe('links under fuzzing', () => {
  it('1 000 generated links: no throw, valid settings, bounded notices that quote ≤ 40 chars', () => {
    const rng = createRng(2024);
    for (let i = 0; i < 1000; i++) {
      const hash = fuzzLink(rng);
      const { settings, errors } = decodeSettings(hash);
      for (const key of Object.keys(FIELDS) as (keyof Settings)[]) {
        const check = FIELDS[key].check as (v: unknown) => string | null;
        expect(check(settings[key]), `${key} from ${hash.slice(0, 200)}`).toBeNull();
      }
      expect(validateSchedulerParams(settings.scheduler, settings.schedulerParams)).toBeNull();
      expect(errors.length).toBeLessThanOrEqual(MAX_NOTICES);
      const text = errors.join('\n');
      for (const line of errors) expect(line.length).toBeLessThanOrEqual(NOTICE_CHARS);
      for (const piece of longPieces(hash)) {
        expect(text.includes(piece), hash.slice(0, 200)).toBe(false);
      }
      for (const line of errors) {
        // eslint-disable-next-line no-control-regex -- no raw control characters on the page
        expect(line).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
      }
      // What the page writes back decodes to the same settings with nothing to report.
      const again = decodeSettings(`#${encodeSettings(settings)}`);
      expect(again.errors).toEqual([]);
      expect(again.settings).toEqual(settings);
    }
  });

  it('the 90 000-character notice of the report is now one short line', () => {
    const hash = `#ds=${encodeURIComponent('Your session expired, call 555-0100. '.repeat(2000))}`;
    const { errors } = decodeSettings(hash);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.length).toBeLessThan(120);
    expect(errors[0]).toMatch(
      /^target: unknown value "Your session expired, call 555-0100. You…"; default used$/,
    );
  });

  it('σ_max = 1e19 is refused in the link, as on the comparison page', () => {
    const { settings, errors } = decodeSettings('#sch=ve&sp=smax:1e19');
    expect(errors.join()).toMatch(/σ_max must be from 0.0001 to 100, got 10000000000000000000/);
    expect(settings.schedulerParams).toEqual({});
  });

  it('the drawing stays in the link while a preset is picked', () => {
    const drawn = [0.5, -1.25, 2, 3];
    const { settings } = decodeSettings(
      `#${encodeSettings({ ...decodeSettings('').settings, target: 'moons', drawn })}`,
    );
    expect(settings.target).toBe('moons');
    expect(settings.drawn).toEqual(drawn);
  });
});
