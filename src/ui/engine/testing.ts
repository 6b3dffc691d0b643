/**
 * Test helpers for the engine in Node: a requestAnimationFrame that a test advances frame by
 * frame, a no-op ResizeObserver, and a canvas whose 2D context keeps the last image put.
 */

/**
 * Installs a manual requestAnimationFrame and a virtual performance.now(); `frame()` moves
 * time on by one display frame and runs the pending callbacks once.
 */
export function manualFrames(frameMs = 16) {
  let pending = new Map<number, FrameRequestCallback>();
  let next = 1;
  let now = 1000;
  const g = globalThis as Record<string, unknown>;
  const saved = { raf: g.requestAnimationFrame, caf: g.cancelAnimationFrame, now: performance.now };
  performance.now = () => now;
  g.requestAnimationFrame = (cb: FrameRequestCallback) => {
    pending.set(next, cb);
    return next++;
  };
  g.cancelAnimationFrame = (id: number) => pending.delete(id);
  return {
    /** Runs one frame; returns how many callbacks ran. */
    frame(): number {
      now += frameMs;
      const run = pending;
      pending = new Map();
      run.forEach((cb) => cb(now));
      return run.size;
    },
    restore(): void {
      g.requestAnimationFrame = saved.raf;
      g.cancelAnimationFrame = saved.caf;
      performance.now = saved.now;
    },
  };
}

/** A canvas of w × h CSS pixels whose context records the last image data put on it. */
export function fakeCanvas(w = 96, h = 96) {
  const images: Uint8ClampedArray[] = [];
  const noop = () => undefined;
  const ctx = new Proxy(
    {
      createImageData: (iw: number, ih: number) => ({
        width: iw,
        height: ih,
        data: new Uint8ClampedArray(iw * ih * 4),
      }),
      putImageData: (image: { data: Uint8ClampedArray }) => images.push(image.data.slice()),
      setLineDash: noop,
    } as Record<string, unknown>,
    { get: (target, key: string) => (key in target ? target[key] : noop), set: () => true },
  );
  const canvas = { clientWidth: w, clientHeight: h, width: 0, height: 0, getContext: () => ctx };
  (globalThis as Record<string, unknown>).ResizeObserver ??= class {
    observe() {}
    disconnect() {}
  };
  return { canvas: canvas as unknown as HTMLCanvasElement, images };
}
