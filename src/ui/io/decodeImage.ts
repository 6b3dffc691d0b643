/**
 * An image file's pixels for io/image.ts: decoded by the browser (PNG, JPEG, SVG, …) through an
 * <img> on a blob: URL (allowed by the CSP's img-src), drawn on a canvas whose longer side is
 * at most IMAGE_SIDE pixels, over white (so transparency reads as background).
 */
import { IMAGE_SIDE, type Pixels } from '../../io/image';

export async function decodeImage(file: Blob): Promise<Pixels> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    // An SVG without width/height has no natural size: draw it at the full side.
    const [w0, h0] = [img.naturalWidth || IMAGE_SIDE, img.naturalHeight || IMAGE_SIDE];
    const k = Math.min(1, IMAGE_SIDE / Math.max(w0, h0));
    const [w, h] = [Math.max(1, Math.round(w0 * k)), Math.max(1, Math.round(h0 * k))];
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    return { data: ctx.getImageData(0, 0, w, h).data, width: w, height: h };
  } finally {
    URL.revokeObjectURL(url);
  }
}
