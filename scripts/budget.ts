/**
 * CI budgets on the production build (`npm run budget`, after `npm run build`), deterministic:
 * - the initial JavaScript (the entry script and what it preloads), gzipped at level 9, stays
 *   under INITIAL_JS_GZIP_BUDGET;
 * - the built files reference no other host: no absolute http(s) URL in an HTML `src`/`href`,
 *   a CSS `url()`/`@import`, or a JS `import`, `fetch`, `importScripts`, `new Worker`,
 *   `new URL` or `sourceMappingURL` (other absolute URLs in JS are strings such as React's
 *   error-page links and XML namespaces, never loaded);
 * - the page carries the Content Security Policy (scripts/csp.ts) and inlines no font.
 * Exits 1 with one line per failure.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CSP } from './csp';

/** Initial JS, gzipped: 209 KB measured on 2026-12-02; the budget leaves room to grow, not to double. */
export const INITIAL_JS_GZIP_BUDGET = 250 * 1024;

const dist = process.argv[2] ?? 'dist';
const failures: string[] = [];
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
  (m) => m[1]!,
);
let initial = 0;
for (const src of [...entry, ...preloads]) {
  initial += gzipSync(readFileSync(join(dist, src)), { level: 9 }).length;
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
if (entry.length === 0) failures.push('index.html has no module script');
if (initial > INITIAL_JS_GZIP_BUDGET) {
  failures.push(
    `initial JS is ${kb(initial)} gzipped, over the ${kb(INITIAL_JS_GZIP_BUDGET)} budget`,
  );
}

const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
const policy = meta?.[1]?.replace(/&#39;/g, "'");
if (policy !== CSP) failures.push('index.html lacks the Content Security Policy <meta>');

const ABSOLUTE = String.raw`(?:https?:)?//[^/'"\s)]+`;
const RULES: [RegExp, RegExp][] = [
  [/\.html$/, new RegExp(String.raw`\s(?:src|href)\s*=\s*["']?${ABSOLUTE}`, 'gi')],
  [/\.css$/, new RegExp(String.raw`(?:url\(\s*["']?|@import\s+["'])${ABSOLUTE}`, 'gi')],
  [
    /\.m?js$/,
    new RegExp(
      String.raw`(?:\bimport\s*\(\s*|\bfrom\s*|\bfetch\s*\(\s*|importScripts\s*\(\s*|new\s+Worker\s*\(\s*|new\s+URL\s*\(\s*|sourceMappingURL=)["'\x60]?${ABSOLUTE}`,
      'gi',
    ),
  ],
];
for (const file of files(dist)) {
  for (const [kind, rule] of RULES) {
    if (!kind.test(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(rule)) {
      failures.push(`${relative(dist, file)} references another host: ${m[0].slice(0, 120)}`);
    }
  }
  if (
    /\.css$/.test(file) &&
    /url\(\s*["']?data:(?:font|application\/(?:x-)?font)/.test(readFileSync(file, 'utf8'))
  ) {
    failures.push(`${relative(dist, file)} inlines a font (font-src 'self' refuses data: URLs)`);
  }
}

if (failures.length > 0) {
  for (const f of failures) console.error(`budget: ${f}`);
  process.exit(1);
}
console.log(
  `budget: initial JS ${kb(initial)} gzipped (budget ${kb(INITIAL_JS_GZIP_BUDGET)}); ` +
    `no other host referenced; CSP present.`,
);
