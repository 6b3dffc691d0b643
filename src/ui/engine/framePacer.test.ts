import { describe, expect, it } from 'vitest';
import { FramePacer } from './framePacer';

describe('FramePacer', () => {
  it('skips one draw after a late frame, never two in a row, and never when paused', () => {
    const p = new FramePacer();
    expect(p.skip(true, 16.7)).toBe(false);
    expect(p.skip(true, 40)).toBe(true);
    expect(p.skip(true, 40)).toBe(false);
    expect(p.skip(true, 40)).toBe(true);
    expect(p.skip(true, 16.7)).toBe(false);
    expect(p.skip(false, 100)).toBe(false);
  });
});
