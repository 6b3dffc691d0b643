import { describe, expect, it } from 'vitest';
import { serializeSvg } from './svgImage';

/** A tiny element tree: enough of the DOM for serializeSvg (clone, query, attributes). */
class Fake {
  attrs = new Map<string, string>();
  constructor(
    public tag: string,
    public kids: Fake[] = [],
    attrs: Record<string, string> = {},
  ) {
    for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
  }
  cloneNode(): Fake {
    const c = new Fake(
      this.tag,
      this.kids.map((k) => k.cloneNode()),
    );
    c.attrs = new Map(this.attrs);
    return c;
  }
  querySelectorAll(): Fake[] {
    return this.kids.flatMap((k) => [k, ...k.querySelectorAll()]);
  }
  getAttribute(k: string) {
    return this.attrs.get(k) ?? null;
  }
  setAttribute(k: string, v: string) {
    this.attrs.set(k, v);
  }
  toString(): string {
    const a = [...this.attrs].map(([k, v]) => ` ${k}="${v}"`).join('');
    return `<${this.tag}${a}>${this.kids.map(String).join('')}</${this.tag}>`;
  }
}

/** Computed styles by tag, as a page stylesheet would give them. */
const STYLES: Record<string, Record<string, string>> = {
  svg: { 'font-family': 'system-ui' },
  path: { stroke: 'rgb(0, 114, 178)', 'stroke-width': '2px', fill: 'none' },
  text: { fill: 'rgb(51, 51, 51)', 'font-size': '10px', 'text-anchor': 'middle' },
};
const style = (el: Element) => ({
  getPropertyValue: (p: string) => STYLES[(el as unknown as Fake).tag]?.[p] ?? '',
});

function chart() {
  return new Fake('svg', [
    new Fake('g', [new Fake('text', [], { style: 'opacity: 0.5' })]),
    new Fake('path', [], { d: 'M0,0L10,10' }),
  ]);
}

describe('serializeSvg', () => {
  it('inlines computed styles into every element, keeping its own style after them', () => {
    const out = serializeSvg(chart() as unknown as SVGSVGElement, 300, 150, 1, style, String);
    expect(out).toContain(
      '<path d="M0,0L10,10" style="fill:none;stroke:rgb(0, 114, 178);stroke-width:2px">',
    );
    expect(out).toContain(
      '<text style="fill:rgb(51, 51, 51);font-size:10px;text-anchor:middle;opacity: 0.5">',
    );
    expect(out).toMatch(/^<svg style="font-family:system-ui"/);
    // An element with no computed value gets no empty style attribute.
    expect(out).toContain('<g>');
  });

  it('sets width and height to scale × the size, with the viewBox at the size', () => {
    for (const [scale, w, h] of [
      [1, 300, 150],
      [2, 600, 300],
    ] as const) {
      const out = serializeSvg(chart() as unknown as SVGSVGElement, 300, 150, scale, style, String);
      expect(out).toContain(`width="${w}" height="${h}" viewBox="0 0 300 150"`);
      expect(out).toContain('xmlns="http://www.w3.org/2000/svg"');
    }
    // A fractional client size rounds to whole pixels.
    const odd = serializeSvg(chart() as unknown as SVGSVGElement, 300.4, 99.6, 2, style, String);
    expect(odd).toContain('width="601" height="199" viewBox="0 0 300.4 99.6"');
  });

  it('leaves the page’s SVG untouched', () => {
    const svg = chart();
    serializeSvg(svg as unknown as SVGSVGElement, 300, 150, 2, style, String);
    expect(svg.getAttribute('width')).toBeNull();
    expect(svg.kids[1]!.getAttribute('style')).toBeNull();
  });
});
