import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULER_PARAMS } from '../flow/schedulers';
import { DEFAULT_SETTINGS } from '../state/settings';
import { buildScene } from './compare/compareScene';
import { columnViews } from './compare/compareViews';
import { sceneOf } from './scene/sceneData';
import { playgroundViews } from './scene/views';
import { Clock } from './engine/clock';
import { fakeCanvas, manualFrames } from './engine/testing';
import { ViewHost } from './engine/viewHost';

let frames: ReturnType<typeof manualFrames>;
beforeEach(() => (frames = manualFrames()));
afterEach(() => frames.restore());

/** Runs k frames; returns how many of the pictures put on the canvas differ from the previous. */
function changes(images: Uint8ClampedArray[], k: number): number {
  const start = images.length;
  for (let i = 0; i < k; i++) frames.frame();
  let changed = 0;
  for (let i = Math.max(1, start); i < images.length; i++) {
    if (images[i]!.some((v, j) => v !== images[i - 1]![j])) changed++;
  }
  return changed;
}

describe('views mounted alone', () => {
  it('the conditional-paths view alone, on its own clock, animates while playing', () => {
    const scene = sceneOf({ ...DEFAULT_SETTINGS, particles: 300 });
    const clock = new Clock({ playing: true });
    const host = new ViewHost(
      clock,
      playgroundViews(() => scene),
    );
    const { canvas, images } = fakeCanvas();
    const unmount = host.mount('conditional', canvas);
    expect(changes(images, 10)).toBeGreaterThanOrEqual(8);
    expect(host.drawn).toEqual({ conditional: 10, learned: 0 });
    clock.pause();
    frames.frame();
    expect(changes(images, 5)).toBe(0); // paused: nothing is redrawn
    const drawn = host.drawn.conditional;
    unmount();
    clock.play();
    frames.frame();
    expect(host.drawn.conditional).toBe(drawn); // unmounted: no longer drawn
    host.dispose();
    clock.dispose();
  });

  it('one comparison column alone animates, and a scripted range ends where asked', async () => {
    const settings = { ...DEFAULT_SETTINGS, particles: 300 };
    const scene = buildScene(settings, { ...DEFAULT_SCHEDULER_PARAMS }, 0);
    const clock = new Clock();
    const host = new ViewHost(
      clock,
      columnViews({ scene: () => scene, trajectory: () => null, playing: () => false }),
    );
    const { canvas, images } = fakeCanvas();
    host.mount('vp', canvas);
    const ended = clock.playRange(0.25, 0.5);
    // Before training the particles sit at the source; the highlighted pair still moves.
    const before = images.length;
    for (let i = 0; i < 80; i++) frames.frame(); // 0.25 of a 4 s pass: about 63 frames
    await ended;
    expect(clock.t).toBe(0.5);
    expect(images.length - before).toBeGreaterThan(60);
    expect(host.drawn).toEqual({ ot: 0, vp: images.length, ve: 0, 'ot-sigma': 0 });
    host.dispose();
    clock.dispose();
  });
});
