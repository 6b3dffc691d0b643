import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { execFileSync } from 'node:child_process';

// The fused WASM kernel is compiled from asm/fused.ts before anything imports it (a no-op when
// it is up to date), so `vite`, `vite build` and `vitest` work on a clean clone.
execFileSync(process.execPath, ['scripts/build-wasm.mjs'], { stdio: 'inherit' });
import type { Plugin } from 'vite';
import { CSP } from './scripts/csp';

/** The policy as a `<meta>` in the built page only: the dev server's React refresh is inline. */
const cspMeta = (): Plugin => ({
  name: 'csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
      injectTo: 'head-prepend',
    },
  ],
});

// `base: './'` keeps every asset URL relative, so the built app works from any
// sub-path, from file-like static hosts and inside sandboxed iframes.
export default defineConfig({
  base: './',
  plugins: [react(), cspMeta()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // Fonts stay files (font-src 'self' refuses data: URLs); other small assets may inline.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/.test(file) ? false : undefined),
  },
  preview: { headers: { 'Content-Security-Policy': CSP } },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
