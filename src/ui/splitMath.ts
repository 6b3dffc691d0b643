/** Splits catalogue text into plain text and KaTeX math: `$…$` inline, `$$…$$` display. */

export interface Part {
  text: string;
  math: 'inline' | 'display' | null;
}

/** Splits "a $x$ b $$y$$" into text and math parts. */
export function splitMath(source: string): Part[] {
  const parts: Part[] = [];
  const re = /\$\$([\s\S]+?)\$\$|\$([^$]+?)\$/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m.index > last) parts.push({ text: source.slice(last, m.index), math: null });
    parts.push(
      m[1] !== undefined ? { text: m[1], math: 'display' } : { text: m[2] ?? '', math: 'inline' },
    );
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push({ text: source.slice(last), math: null });
  return parts;
}
