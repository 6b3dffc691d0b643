import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock, PASS_SECONDS } from './clock';
import { manualFrames } from './testing';

let frames: ReturnType<typeof manualFrames>;
beforeEach(() => (frames = manualFrames()));
afterEach(() => frames.restore());

const framesFor = (seconds: number) => Math.ceil((seconds * 1000) / 16) + 2;

describe('clock', () => {
  it('plays, pauses and seeks; t advances by speed / PASS_SECONDS per second', () => {
    const clock = new Clock({ speed: 2 });
    const seen: number[] = [];
    clock.onFrame((t) => seen.push(t));
    clock.play();
    for (let i = 0; i < 10; i++) frames.frame();
    expect(clock.t).toBeCloseTo((10 * 0.016 * 2) / PASS_SECONDS, 9);
    expect(seen.length).toBe(10);
    clock.pause();
    frames.frame();
    expect(frames.frame()).toBe(0); // paused: the loop stops
    clock.seek(0.5);
    frames.frame();
    expect(seen.at(-1)).toBe(0.5);
    clock.dispose();
  });

  it('playRange(a, b) plays from a, stops at b and resolves there', async () => {
    const clock = new Clock();
    const playing: boolean[] = [];
    clock.onPlaying((p) => playing.push(p));
    let done = false;
    const range = clock.playRange(0.2, 0.3).then(() => (done = true));
    expect(clock.t).toBe(0.2);
    for (let i = 0; i < framesFor(0.1 * PASS_SECONDS); i++) frames.frame();
    await Promise.resolve();
    expect(done).toBe(true);
    await range;
    expect(clock.t).toBe(0.3);
    expect(clock.playing).toBe(false);
    expect(playing).toEqual([true, false]);
    clock.dispose();
  });

  it('without loop stops at t = 1 and says so; with loop starts again', () => {
    const clock = new Clock({ loop: false, playing: true });
    const playing: boolean[] = [];
    clock.onPlaying((p) => playing.push(p));
    clock.seek(0.99);
    for (let i = 0; i < 20; i++) frames.frame();
    expect(clock.t).toBe(1);
    expect(playing).toEqual([false]);
    clock.play(); // from the end without loop: starts over
    expect(clock.t).toBe(0);
    clock.setLoop(true);
    clock.seek(1);
    for (let i = 0; i < framesFor(1); i++) frames.frame();
    expect(clock.t).toBeLessThan(0.5);
    clock.dispose();
  });

  it('a disabled clock draws nothing until enabled again', () => {
    const clock = new Clock({ playing: true });
    let drawn = 0;
    clock.onFrame(() => drawn++);
    clock.setEnabled(false);
    clock.invalidate();
    frames.frame();
    expect(drawn).toBe(0);
    clock.setEnabled(true);
    frames.frame();
    expect(drawn).toBe(1);
    clock.dispose();
  });
});
