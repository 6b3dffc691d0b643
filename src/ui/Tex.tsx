/**
 * Text with KaTeX math: `$…$` inline, `$$…$$` display. Only our own catalogue strings pass
 * through here; KaTeX escapes the text it renders, and `throwOnError: false` shows a bad
 * formula in red instead of breaking the page. KaTeX (about 70 KB gzipped, a third of the
 * page's script) loads as its own chunk right after the page starts, so first paint does not
 * wait for it; until it arrives a formula shows as its source.
 */
import 'katex/dist/katex.min.css';
import { memo, useMemo, useSyncExternalStore } from 'react';
import { splitMath } from './splitMath';

type Katex = typeof import('katex').default;

let katex: Katex | null = null;
const waiting = new Set<() => void>();
void import('katex').then(
  (m) => {
    katex = m.default;
    waiting.forEach((notify) => notify());
    waiting.clear();
  },
  // Without the chunk (offline before the first full visit) formulas stay as their source.
  () => undefined,
);

function subscribe(notify: () => void): () => void {
  waiting.add(notify);
  return () => waiting.delete(notify);
}

/** KaTeX once its chunk has loaded, else null (re-renders when it arrives). */
function useKatex(): Katex | null {
  return useSyncExternalStore(
    subscribe,
    () => katex,
    () => katex,
  );
}

function render(k: Katex | null, tex: string, displayMode: boolean): string {
  if (!k) return `<span class="tex-pending">${escapeHtml(tex)}</span>`;
  return k.renderToString(tex, { displayMode, throwOnError: false, output: 'html' });
}

/** Renders a catalogue string with its formulas. */
export const Tex = memo(function Tex({
  source,
  as = 'span',
}: {
  source: string;
  as?: 'span' | 'p';
}) {
  const k = useKatex();
  const html = useMemo(
    () =>
      splitMath(source)
        .map((p) => (p.math ? render(k, p.text, p.math === 'display') : escapeHtml(p.text)))
        .join(''),
    [source, k],
  );
  const Tag = as;
  return <Tag className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
