import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { execFileSync } from 'node:child_process';

// The fused WASM kernel is compiled from asm/fused.ts before anything imports it (a no-op when
// it is up to date), so `vite`, `vite build` and `vitest` work on a clean clone.
execFileSync(process.execPath, ['scripts/build-wasm.mjs'], { stdio: 'inherit' });

// `base: './'` keeps every asset URL relative, so the built app works from any
// sub-path, from file-like static hosts and inside sandboxed iframes.
export default defineConfig({
  base: './',
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
