/**
 * Text with KaTeX math: `$…$` inline, `$$…$$` display. Only our own catalogue strings pass
 * through here; KaTeX escapes the text it renders, and `throwOnError: false` shows a bad
 * formula in red instead of breaking the page.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { memo, useMemo } from 'react';
import { splitMath } from './splitMath';

function render(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'html' });
}

/** Renders a catalogue string with its formulas. */
export const Tex = memo(function Tex({
  source,
  as = 'span',
}: {
  source: string;
  as?: 'span' | 'p';
}) {
  const html = useMemo(
    () =>
      splitMath(source)
        .map((p) => (p.math ? render(p.text, p.math === 'display') : escapeHtml(p.text)))
        .join(''),
    [source],
  );
  const Tag = as;
  return <Tag className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
