/**
 * An image as a target ("draw your logo"): the dark pixels (luminance over white below a
 * threshold, or the light ones when inverted) are the target's density; `count` points are
 * drawn from them uniformly, each jittered inside its pixel, with a seeded generator, and
 * placed so the image's longer side spans ±FIT_HALF (y up). Pure: the page decodes the file
 * into RGBA pixels (ui/io/decodeImage.ts), this turns pixels into points.
 */
import { createRng } from '../flow/rng';
import { MAX_DRAWN, MIN_POINTS } from '../state/settings';
import { FIT_HALF } from './points';
import { refuse, sizeText, type Outcome } from './refusal';

/** Largest image file read. */
export const MAX_IMAGE_BYTES = 10_000_000;
/** The image is scaled so its longer side has at most this many pixels before sampling. */
export const IMAGE_SIDE = 256;
/** Above this share of dark pixels the image is one dark block, not a shape. */
export const MAX_DARK_SHARE = 0.95;
/** Default threshold (0 = black … 255 = white) and point count of the preview. */
export const DEFAULT_THRESHOLD = 128;
export const DEFAULT_IMAGE_POINTS = 2000;

export interface Pixels {
  /** RGBA, row-major, 4 bytes per pixel. */
  data: ArrayLike<number>;
  width: number;
  height: number;
}

export interface ImageOptions {
  /** A pixel is dark when its luminance over white is below this (0…255). */
  threshold: number;
  count: number;
  /** Take the light pixels instead (a light logo on a dark background). */
  invert: boolean;
  seed: number;
}

/** Luminance (Rec. 601) of an RGBA pixel composited over white: transparent reads as white. */
export function luminance(r: number, g: number, b: number, a: number): number {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  return 255 - (a / 255) * (255 - y);
}

/** Indices of the pixels that count as the shape. */
export function darkPixels(px: Pixels, threshold: number, invert: boolean): Uint32Array {
  const out: number[] = [];
  const { data } = px;
  for (let i = 0; i < px.width * px.height; i++) {
    const y = luminance(data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!, data[4 * i + 3]!);
    if (invert ? y >= threshold : y < threshold) out.push(i);
  }
  return Uint32Array.from(out);
}

/** The target points of an image, or why it cannot be one (too few or nearly all dark). */
export function imageToPoints(px: Pixels, opts: ImageOptions): Outcome<{ points: number[] }> {
  const count = Math.round(opts.count);
  if (!(count >= MIN_POINTS && count <= MAX_DRAWN)) {
    return refuse('ioImageCount', { min: MIN_POINTS, max: MAX_DRAWN });
  }
  const dark = darkPixels(px, opts.threshold, opts.invert);
  if (dark.length < MIN_POINTS) {
    return refuse('ioImageTooFew', { n: dark.length, min: MIN_POINTS });
  }
  if (dark.length > MAX_DARK_SHARE * px.width * px.height) {
    return refuse('ioImageAllDark', {
      share: Math.round((100 * dark.length) / (px.width * px.height)),
    });
  }
  const rng = createRng(opts.seed);
  const side = Math.max(px.width, px.height);
  const k = (2 * FIT_HALF) / side;
  const points: number[] = [];
  for (let j = 0; j < count; j++) {
    const i = dark[rng.int(dark.length)]!;
    const x = (i % px.width) + rng.uniform();
    const y = Math.floor(i / px.width) + rng.uniform();
    points.push(
      Math.round((x - px.width / 2) * k * 1000) / 1000 + 0,
      Math.round(-(y - px.height / 2) * k * 1000) / 1000 + 0,
    );
  }
  return { ok: true, points };
}

/** The refusal for an image file over the size limit, or null. */
export function imageFileProblem(bytes: number, type: string): Outcome<object> | null {
  if (bytes > MAX_IMAGE_BYTES) {
    return refuse('ioFileTooBig', { size: sizeText(bytes), max: sizeText(MAX_IMAGE_BYTES) });
  }
  if (bytes === 0) return refuse('ioEmpty');
  if (!/^image\/(png|jpeg|svg\+xml|gif|webp|bmp)$/.test(type)) return refuse('ioImageType');
  return null;
}
