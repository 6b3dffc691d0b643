/**
 * What the browser benchmarks share: the build served by `vite preview` on BENCH_PORT, the
 * `--backend NAME` preference every page opens with, the app's `window.__fm` hook read and
 * waited on, Train pressed, and requestAnimationFrame intervals measured in the page.
 */
import { spawn } from 'node:child_process';
import type { Page } from '@playwright/test';

export const PORT = Number(process.env.BENCH_PORT ?? 4181);
// `--backend NAME` opens every page with that backend preference (default: auto).
const backendAt = process.argv.indexOf('--backend');
export const BACKEND = backendAt >= 0 ? `&backend=${process.argv[backendAt + 1]}` : '';
export const BASE = `http://127.0.0.1:${PORT}/`;

export type Fm = { backend: string | null; step: number; status: string } | undefined;
// Evaluated as strings: tsx rewrites named functions inside page.evaluate callbacks (__name).
export const fm = (page: Page): Promise<Fm> => page.evaluate('window.__fm');

/** Polls `window.__fm` every 100 ms until `ok` holds; throws after `timeoutMs`. */
export async function waitFor(page: Page, ok: (s: Fm) => boolean, timeoutMs: number): Promise<Fm> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await fm(page);
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`timed out; last state ${JSON.stringify(s)}`);
    await page.waitForTimeout(100);
  }
}

/** Presses Train (in either language) once the backend is up. */
export async function pressTrain(page: Page): Promise<void> {
  await waitFor(page, (s) => s?.backend != null, 60_000);
  await page.getByRole('button', { name: /^(Train|训练)$/ }).click();
}

/** p50/p95/max of requestAnimationFrame intervals over `seconds` (the first left out). */
export async function rafIntervals(page: Page, seconds: number) {
  const deltas = (await page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + ${seconds * 1000};
    const tick = (now) => {
      out.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else resolve(out);
    };
    requestAnimationFrame(tick);
  })`)) as number[];
  const sorted = deltas.slice(1).sort((a, b) => a - b);
  const q = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    frames: sorted.length,
    p50: q(0.5),
    p95: q(0.95),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** `vite preview` of dist/ on PORT, in its own process group (the caller kills it). */
export async function preview() {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore', detached: true },
  );
  // Up to a minute for the server to answer (slow on a loaded machine).
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 250));
    if (
      await fetch(BASE).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
  }
  return server;
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
