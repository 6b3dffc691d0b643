import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
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
// A sandboxed iframe has an opaque origin ("null"): every module, worker chunk, font and
// .wasm file is then a cross-origin fetch, allowed only with this header (README: Hosting).
const CORS = { 'Access-Control-Allow-Origin': '*' };

export default defineConfig({
  base: './',
  plugins: [
    react(),
    cspMeta(),
    // A service worker that precaches the build (src/offline.ts registers it): the app,
    // the .wasm files, the pretrained networks and the favicon, so a page loaded once reloads offline.
    // Not precached: the threaded .wasm (never loaded: threads are switched off) and the
    // KaTeX fonts' .woff/.ttf fallbacks (every browser that has service workers takes .woff2).
    VitePWA({
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,json,woff2,svg}'],
        globIgnores: ['**/*threaded*'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // Fonts stay files (font-src 'self' refuses data: URLs); other small assets may inline.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/.test(file) ? false : undefined),
  },
  preview: { headers: { ...CORS, 'Content-Security-Policy': CSP } },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
