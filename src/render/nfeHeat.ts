/**
 * The adaptive solver's cost per particle as colour: viridis (perceptually uniform, readable
 * with the common colour-vision deficiencies and in greyscale), from the fewest evaluations
 * (dark blue) to the most (yellow). The legend in the learned view uses the same ramp.
 */
import { interpolateViridis } from 'd3';
import { rgba } from './raster';

const STOPS = 64;
/** The ramp as packed pixels for the raster, and as CSS colours for a legend gradient. */
const CSS = Array.from({ length: STOPS }, (_, i) => toHex(interpolateViridis(i / (STOPS - 1))));
const PIXELS = Uint32Array.from(CSS, (c) => rgba(c));

function toHex(color: string): string {
  if (color.startsWith('#')) return color;
  const [r, g, b] = (color.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
  return `#${[r, g, b].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
}

/** Fewest and most evaluations over the particles (the legend's two ends). */
export function nfeRange(nfe: ArrayLike<number>): { min: number; max: number; mean: number } {
  let [min, max, sum] = [Infinity, -Infinity, 0];
  for (let i = 0; i < nfe.length; i++) {
    const v = nfe[i]!;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return nfe.length > 0 ? { min, max, mean: sum / nfe.length } : { min: 0, max: 0, mean: 0 };
}

/** The pixel colour of particle i: its NFE placed linearly between min and max. */
export function nfeColorOf(
  nfe: ArrayLike<number>,
  min: number,
  max: number,
): (i: number) => number {
  const span = max > min ? max - min : 1;
  return (i) => PIXELS[Math.round(((nfe[i]! - min) / span) * (STOPS - 1))]!;
}

/** A CSS linear-gradient of the ramp, left (fewest) to right (most). */
export const NFE_GRADIENT = `linear-gradient(to right, ${CSS.filter((_, i) => i % 8 === 0 || i === STOPS - 1).join(', ')})`;

/** The ramp's pixel at v ∈ [0, 1] (clamped), for other heat maps (the density view). */
export function viridisPixel(v: number): number {
  return PIXELS[Math.round(Math.min(1, Math.max(0, v)) * (STOPS - 1))]!;
}

/**
 * A k×k grid of log-densities (row-major, top row first) into a k×k canvas, coloured from
 * `lo` (dark) to `hi` (yellow) on the log scale; the page scales the canvas up smoothly.
 */
export function paintLogDensity(
  canvas: HTMLCanvasElement,
  logp: ArrayLike<number>,
  k: number,
  lo: number,
  hi: number,
): void {
  canvas.width = canvas.height = k;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(k, k);
  const px = new Uint32Array(image.data.buffer);
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < k * k; i++) {
    const v = logp[i]!;
    px[i] = Number.isFinite(v) ? viridisPixel((v - lo) / span) : viridisPixel(0);
  }
  ctx.putImageData(image, 0, 0);
}
