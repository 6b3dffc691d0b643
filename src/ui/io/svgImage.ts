/**
 * An SVG chart as a PNG: the SVG is cloned with every element's computed style written into
 * its `style` attribute (a standalone SVG image sees no page stylesheet), sized to `scale` × its
 * on-screen size with a viewBox of the on-screen size, drawn onto a canvas over a background,
 * and encoded. Text keeps the page's computed font-family; an SVG loaded as an image fetches
 * nothing, so it is drawn with the system font of that family (no request to any host).
 */

/** The style properties copied from the page; enough for d3 axes, lines, areas and text. */
export const INLINED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The markup of `svg` at `scale` × (`width` × `height`): computed styles inlined, `width` and
 * `height` set to the scaled size, `viewBox` to the unscaled one.
 */
export function serializeSvg(
  svg: SVGSVGElement,
  width: number,
  height: number,
  scale: number,
  style: (el: Element) => Pick<CSSStyleDeclaration, 'getPropertyValue'> = (el) =>
    getComputedStyle(el),
  serialize: (el: Element) => string = (el) => new XMLSerializer().serializeToString(el),
): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const to = [clone, ...Array.from(clone.querySelectorAll('*'))];
  from.forEach((el, i) => {
    const cs = style(el);
    const decl = INLINED.map((p) => [p, cs.getPropertyValue(p)] as const)
      .filter(([, v]) => v !== '')
      .map(([p, v]) => `${p}:${v}`)
      .join(';');
    const own = to[i]!.getAttribute('style');
    if (decl) to[i]!.setAttribute('style', own ? `${decl};${own}` : decl);
  });
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(Math.round(width * scale)));
  clone.setAttribute('height', String(Math.round(height * scale)));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return serialize(clone);
}

/** Loads SVG markup as an image. */
function loadSvg(markup: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the SVG could not be drawn'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  });
}

/** The SVG drawn at `scale` × its client size over `background`, as a canvas. */
export async function svgToCanvas(
  svg: SVGSVGElement,
  scale: number,
  background: string,
): Promise<HTMLCanvasElement> {
  const w = Math.max(1, svg.clientWidth);
  const h = Math.max(1, svg.clientHeight);
  const img = await loadSvg(serializeSvg(svg, w, h, scale));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/**
 * A canvas view copied at `scale` × its client size: its backing store (client size × device
 * pixel ratio) is resampled, so a 2× copy on a 1× screen is an enlargement, not a redraw.
 */
export function copyCanvas(
  source: HTMLCanvasElement,
  scale: number,
  background: string,
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(Math.max(1, source.clientWidth) * scale);
  canvas.height = Math.round(Math.max(1, source.clientHeight) * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/** A canvas as a PNG blob. */
export function pngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
