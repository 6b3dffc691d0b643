import { describe, expect, it } from 'vitest';
import { darkPixels, imageFileProblem, imageToPoints, luminance, MAX_IMAGE_BYTES } from './image';
import { FIT_HALF } from './points';

/** A w × h RGBA image, white, with the pixels `dark(x, y)` says painted black. */
function image(w: number, h: number, dark: (x: number, y: number) => boolean) {
  const data = new Uint8ClampedArray(4 * w * h).fill(255);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) if (dark(x, y)) data.fill(0, 4 * (y * w + x), 4 * (y * w + x) + 3);
  return { data, width: w, height: h };
}
const opts = { threshold: 128, count: 500, invert: false, seed: 3 };

describe('image to points', () => {
  it('luminance over white: black 0, white and transparent 255, mid grey in between', () => {
    expect(luminance(0, 0, 0, 255)).toBe(0);
    expect(luminance(255, 255, 255, 255)).toBe(255);
    expect(luminance(0, 0, 0, 0)).toBe(255);
    expect(luminance(0, 0, 0, 127.5)).toBeCloseTo(127.5, 6);
  });

  it('samples only the dark region, mapped with y up and the longer side spanning ±3', () => {
    // 100 × 50 image, dark block x ∈ [10, 30), y ∈ [5, 15) (top-left corner region).
    const px = image(100, 50, (x, y) => x >= 10 && x < 30 && y >= 5 && y < 15);
    const r = imageToPoints(px, opts);
    if (!r.ok) throw new Error(r.error.key);
    expect(r.points).toHaveLength(1000);
    const k = (2 * FIT_HALF) / 100;
    for (let i = 0; i < r.points.length; i += 2) {
      const [x, y] = [r.points[i]!, r.points[i + 1]!];
      expect(x).toBeGreaterThanOrEqual((10 - 50) * k - 1e-3);
      expect(x).toBeLessThanOrEqual((30 - 50) * k + 1e-3);
      // Rows 5…15 from the top are y = (25 − 5)k … (25 − 15)k above the centre.
      expect(y).toBeLessThanOrEqual((25 - 5) * k + 1e-3);
      expect(y).toBeGreaterThanOrEqual((25 - 15) * k - 1e-3);
    }
    // Uniform over the block: the mean is its centre.
    const mean = (o: number) =>
      r.points.filter((_, i) => i % 2 === o).reduce((a, b) => a + b) / 500;
    expect(mean(0)).toBeCloseTo((20 - 50) * k, 1);
    expect(mean(1)).toBeCloseTo((25 - 10) * k, 1);
  });

  it('the same seed gives the same points; count and threshold are honoured', () => {
    const px = image(40, 40, (x, y) => (x - 20) ** 2 + (y - 20) ** 2 < 100);
    const a = imageToPoints(px, opts);
    const b = imageToPoints(px, opts);
    expect(a).toEqual(b);
    const c = imageToPoints(px, { ...opts, count: 16 });
    expect(c.ok && c.points.length).toBe(32);
    // A threshold of 0 counts nothing as dark.
    expect(imageToPoints(px, { ...opts, threshold: 0 })).toEqual({
      ok: false,
      error: { key: 'ioImageTooFew', params: { n: 0, min: 16 } },
    });
  });

  it('invert takes the light pixels', () => {
    const px = image(10, 10, (x) => x < 5);
    expect(darkPixels(px, 128, false)).toHaveLength(50);
    const light = darkPixels(px, 128, true);
    expect(light).toHaveLength(50);
    expect([...light].every((i) => i % 10 >= 5)).toBe(true);
  });

  it('refuses too few dark pixels, an all-dark image and a count out of range', () => {
    const speck = image(50, 50, (x, y) => x < 3 && y < 3);
    expect(imageToPoints(speck, opts)).toEqual({
      ok: false,
      error: { key: 'ioImageTooFew', params: { n: 9, min: 16 } },
    });
    const block = image(20, 20, () => true);
    expect(imageToPoints(block, opts)).toEqual({
      ok: false,
      error: { key: 'ioImageAllDark', params: { share: 100 } },
    });
    const px = image(20, 20, (x) => x < 10);
    expect(imageToPoints(px, { ...opts, count: 4001 }).ok).toBe(false);
    expect(imageToPoints(px, { ...opts, count: 15 }).ok).toBe(false);
  });

  it('refuses files over the size limit, empty files and other types', () => {
    expect(imageFileProblem(MAX_IMAGE_BYTES + 1, 'image/png')).toEqual({
      ok: false,
      error: { key: 'ioFileTooBig', params: { size: '10 MB', max: '10 MB' } },
    });
    expect(imageFileProblem(0, 'image/png')?.ok).toBe(false);
    expect(imageFileProblem(100, 'image/tiff')).toEqual({
      ok: false,
      error: { key: 'ioImageType' },
    });
    for (const t of ['image/png', 'image/jpeg', 'image/svg+xml']) {
      expect(imageFileProblem(100, t)).toBeNull();
    }
  });
});
