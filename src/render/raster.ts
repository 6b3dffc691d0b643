/**
 * Fast pixel-buffer drawing for tens of thousands of points per frame: the background, the
 * faint target points and the particles are written straight into one ImageData (a few ms
 * for 20 000 particles), then the density and vector overlays are drawn on top.
 */
import type { Points } from '../flow/types';
import type { SquareMap } from './canvas';

/** '#rrggbb' → 0xAABBGGRR (ImageData's byte order on little-endian machines). */
export function rgba(hex: string, alpha = 1): number {
  const v = parseInt(hex.slice(1), 16);
  const a = Math.round(alpha * 255);
  return ((a << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

export class Raster {
  image: ImageData;
  pixels: Uint32Array;

  constructor(private readonly ctx: CanvasRenderingContext2D) {
    this.image = ctx.createImageData(1, 1);
    this.pixels = new Uint32Array(this.image.data.buffer);
  }

  /** Starts a frame: (re)allocates for the canvas size and fills the background. */
  begin(width: number, height: number, background: number): void {
    if (this.image.width !== width || this.image.height !== height) {
      this.image = this.ctx.createImageData(width, height);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    this.pixels.fill(background);
  }

  /** Square dots of side `size` px at each point; colour from `colorOf(i)`. */
  dots(map: SquareMap, pts: Points, size: number, colorOf: (i: number) => number): void {
    const { width, height } = this.image;
    const px = this.pixels;
    const half = size / 2;
    for (let i = 0, n = pts.length / 2; i < n; i++) {
      const x0 = Math.round(map.x(pts[2 * i]!) - half);
      const y0 = Math.round(map.y(pts[2 * i + 1]!) - half);
      if (x0 >= width || y0 >= height || x0 + size <= 0 || y0 + size <= 0) continue;
      const c = colorOf(i);
      for (let y = Math.max(0, y0); y < Math.min(height, y0 + size); y++) {
        const row = y * width;
        for (let x = Math.max(0, x0); x < Math.min(width, x0 + size); x++) px[row + x] = c;
      }
    }
  }

  end(): void {
    this.ctx.putImageData(this.image, 0, 0);
  }
}

/**
 * A smooth density of the points: a histogram on a coarse grid, blurred with a box filter
 * (≈ Gaussian), shaded from white toward `color`, then scaled up with bilinear smoothing and
 * multiplied over the picture (particles stay visible through it).
 */
export class DensityLayer {
  private readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D | null;
  private image: ImageData | null = null;
  private hist = new Float32Array(0);

  constructor(private readonly bins = 64) {
    this.canvas.width = this.canvas.height = bins;
    this.ctx = this.canvas.getContext('2d');
  }

  draw(target: CanvasRenderingContext2D, map: SquareMap, pts: Points, color: string): void {
    const { bins, ctx } = this;
    if (!ctx) return;
    if (this.hist.length !== bins * bins) this.hist = new Float32Array(bins * bins);
    const hist = this.hist;
    hist.fill(0);
    const scale = bins / (2 * map.half);
    for (let i = 0; i < pts.length; i += 2) {
      const bx = Math.floor((pts[i]! + map.half) * scale);
      const by = Math.floor((map.half - pts[i + 1]!) * scale);
      if (bx >= 0 && by >= 0 && bx < bins && by < bins) hist[by * bins + bx]! += 1;
    }
    blur(hist, bins);
    blur(hist, bins);
    let peak = 0;
    for (const v of hist) peak = Math.max(peak, v);
    if (peak <= 0) return;
    this.image ??= ctx.createImageData(bins, bins);
    const px = new Uint32Array(this.image.data.buffer);
    const [r, g, b] = [1, 3, 5].map((k) => parseInt(color.slice(k, k + 2), 16)) as [
      number,
      number,
      number,
    ];
    for (let i = 0; i < hist.length; i++) {
      const v = Math.sqrt(hist[i]! / peak) * 0.8;
      const shade = (c: number) => Math.round(255 + (c - 255) * v);
      px[i] = (0xff000000 | (shade(b) << 16) | (shade(g) << 8) | shade(r)) >>> 0;
    }
    ctx.putImageData(this.image, 0, 0);
    target.save();
    target.globalCompositeOperation = 'multiply';
    target.imageSmoothingEnabled = true;
    target.imageSmoothingQuality = 'high';
    target.drawImage(this.canvas, map.x(-map.half), map.y(map.half), map.size, map.size);
    target.restore();
  }
}

/** In-place 3×3 box blur of a bins × bins grid (separable). */
function blur(a: Float32Array, bins: number): void {
  const tmp = new Float32Array(a.length);
  for (let y = 0; y < bins; y++) {
    for (let x = 0; x < bins; x++) {
      const i = y * bins + x;
      tmp[i] = (a[i]! + (x > 0 ? a[i - 1]! : 0) + (x < bins - 1 ? a[i + 1]! : 0)) / 3;
    }
  }
  for (let y = 0; y < bins; y++) {
    for (let x = 0; x < bins; x++) {
      const i = y * bins + x;
      a[i] = (tmp[i]! + (y > 0 ? tmp[i - bins]! : 0) + (y < bins - 1 ? tmp[i + bins]! : 0)) / 3;
    }
  }
}
