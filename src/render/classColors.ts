/**
 * Class colours as the views draw them: each particle's class (or the null label ∅) → an
 * index into CLASS_SWATCHES, and those colours packed for the pixel raster, full strength for
 * particles and faint (mixed 65 % toward white) for the target points behind them.
 */
import { CLASS_COLORS, NULL_CLASS_COLOR } from './palette';
import { rgba } from './raster';

/** The class colours, then ∅'s grey. */
export const CLASS_SWATCHES: readonly string[] = [...CLASS_COLORS, NULL_CLASS_COLOR];
/** Index of ∅'s grey in CLASS_SWATCHES. */
export const NULL_SWATCH = CLASS_COLORS.length;

/** '#rrggbb' mixed toward white: c' = c + k (255 − c) per channel. */
export function lighten(hex: string, k: number): string {
  const v = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + k * (255 - c));
  const out = (mix(v >> 16) << 16) | (mix((v >> 8) & 0xff) << 8) | mix(v & 0xff);
  return `#${out.toString(16).padStart(6, '0')}`;
}

export const CLASS_RGBA = CLASS_SWATCHES.map((h) => rgba(h));
export const CLASS_RGBA_FAINT = CLASS_SWATCHES.map((h) => rgba(lighten(h, 0.65)));

/**
 * Swatch index per label: a class c → c (classes beyond the palette wrap around), anything
 * that is not a class (the null label 255) → NULL_SWATCH.
 */
export function swatchIndex(labels: Uint8Array, classes: number): Uint8Array {
  return labels.map((c) => (c < classes ? c % CLASS_COLORS.length : NULL_SWATCH));
}
