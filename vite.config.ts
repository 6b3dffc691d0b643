import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `base: './'` keeps every asset URL relative, so the built app works from any
// sub-path, from file-like static hosts and inside sandboxed iframes.
// A sandboxed iframe has an opaque origin ("null"): every module, worker chunk, font and
// .wasm file is then a cross-origin fetch, allowed only with this header (README: Hosting).
const CORS = { 'Access-Control-Allow-Origin': '*' };

export default defineConfig({
  base: './',
  preview: { headers: CORS },
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
