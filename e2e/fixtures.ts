/**
 * Shared fixtures: every test fails on a console error or an uncaught exception, and on any
 * request to a host other than the local preview server (the page must work offline and
 * must not leak an embedding reader's data). Helpers read the app's `window.__fm` hook.
 */
import { expect, test as base, type Frame, type Page } from '@playwright/test';

import type { FmSnapshot as Fm } from '../src/ui/scene/testHook';

export type { Fm };

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The iframe tests' host page (e2e/hostServer.mjs), on another origin than the app. */
export const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? PORT + 1);
const LOCAL = new RegExp(
  `^(http://(127\\.0\\.0\\.1|localhost):(${PORT}|${HOST_PORT})/|data:|blob:|about:)`,
);

export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page, context }, use) => {
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      context.on('request', (r) => {
        if (!LOCAL.test(r.url())) foreign.push(r.url());
      });
      await context.route(/^https?:\/\//, (route) => {
        if (LOCAL.test(route.request().url())) return route.continue();
        foreign.push(route.request().url());
        return route.abort();
      });
      await use();
      expect(errors, 'console errors').toEqual([]);
      expect(foreign, 'requests to other hosts').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The app's `window.__fm` in a page or in a frame (an embedded app). */
export async function fm(page: Page | Frame): Promise<Fm> {
  const f = await page.evaluate(() => (window as unknown as { __fm?: Fm }).__fm);
  if (!f) throw new Error('window.__fm is not there (yet)');
  return f;
}

/** Opens the app (optionally with a settings hash) and waits for the backend to start. */
export async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash ? `#${hash}` : ''}`, { waitUntil: 'commit' });
  await page.waitForFunction(
    () => Boolean((window as unknown as { __fm?: Fm }).__fm?.backend),
    null,
    { timeout: 45_000 },
  );
}

/** A cheap checksum of a canvas's pixels (to see that a view changed). */
export function canvasHash(page: Page | Frame, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx) return -1;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 28) h = (Math.imul(h, 31) + d[i]! + 7 * d[i + 1]!) >>> 0;
    return h;
  });
}

/** Polls `read()` until `predicate` holds for what it returns; returns that value. */
export async function pollUntil<T>(
  read: () => Promise<T | undefined>,
  predicate: (value: T) => boolean,
  timeout = 30_000,
): Promise<T> {
  let last: T | undefined;
  await expect
    .poll(
      async () => {
        last = await read().catch(() => undefined);
        return last !== undefined ? predicate(last) : false;
      },
      { timeout, intervals: [250] },
    )
    .toBe(true);
  return last!;
}

/** Waits until `predicate(__fm)` holds, polling. */
export function waitFm(
  page: Page | Frame,
  predicate: (f: Fm) => boolean,
  timeout = 30_000,
): Promise<Fm> {
  return pollUntil(() => fm(page), predicate, timeout);
}
