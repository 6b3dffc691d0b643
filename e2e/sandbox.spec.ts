/**
 * The app inside iframes on another origin (../shared/TESTING.md, "Sandboxed iframe"): the
 * host page comes from `localhost:HOST_PORT` (e2e/hostServer.mjs), the app from
 * `127.0.0.1:PORT`. With `sandbox="allow-scripts"` the frame's origin is opaque ("null"):
 * storage throws, service workers are unavailable and a worker from the server's URL is
 * refused. `vite preview` sends `Access-Control-Allow-Origin: *`, which is what lets the
 * opaque-origin frame fetch its modules, fonts and .wasm files at all.
 */
import type { Frame, Page } from '@playwright/test';

import { canvasHash, expect, fm, HOST_PORT, pollUntil, test, waitFm } from './fixtures';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const SMALL = 'w=32&d=2&b=256&p=1000&n=24';

/** Opens a host page whose only content is a 320×240 iframe of the app. */
async function openHost(page: Page, sandbox: string | null): Promise<Frame> {
  const src = encodeURIComponent(`http://127.0.0.1:${PORT}/#${SMALL}`);
  const flags = sandbox === null ? '' : `&sandbox=${encodeURIComponent(sandbox)}`;
  await page.goto(`http://localhost:${HOST_PORT}/?width=320&height=240&src=${src}${flags}`);
  return pollUntil(async () => page.frames().find((f) => f.parentFrame() !== null), Boolean);
}

/** Starts the backend, trains, and checks that the learned view animates. */
async function trainsAndAnimates(frame: Frame): Promise<void> {
  const ready = await waitFm(frame, (f) => Boolean(f.backend), 45_000);
  // The fused WASM trainer (auto on a CPU): its kernel too loads in an opaque origin.
  expect(ready.backend).toBe('fused');
  expect(ready.error).toBeNull();
  await frame.getByTestId('train').click();
  await waitFm(frame, (f) => f.status === 'training' && f.step > 20 && f.shownStep > 0);
  const before = await canvasHash(frame, 'view-learned');
  await pollUntil(
    () => canvasHash(frame, 'view-learned'),
    (h) => h !== before,
    10_000,
  );
  const now = await fm(frame);
  expect(now.frames.learned).toBeGreaterThan(5);
  expect(now.error).toBeNull();
}

test('trains and animates in <iframe sandbox="allow-scripts"> on another origin', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Nothing may even warn there (no service worker, no storage: both are skipped quietly).
  const warnings: string[] = [];
  page.on('console', (m) => {
    // (Chromium's hint about this test's own pixel readback is not the app's.)
    if (m.type() === 'warning' && !m.text().startsWith('Canvas2D:')) warnings.push(m.text());
  });
  const frame = await openHost(page, 'allow-scripts');
  const probe = await pollUntil(
    () =>
      frame
        .evaluate(() => {
          let storage = 'works';
          try {
            localStorage.getItem('x');
          } catch {
            storage = 'throws';
          }
          return { origin: self.origin, storage };
        })
        .catch(() => undefined),
    Boolean,
  );
  // The frame really is opaque and storage really throws there; the app must not.
  expect(probe).toEqual({ origin: 'null', storage: 'throws' });
  await trainsAndAnimates(frame);
  // Switching the language writes the choice to storage: guarded, so nothing throws.
  await frame.locator('button.lang').click();
  await waitFm(frame, (f) => f.language === 'zh');
  expect(warnings).toEqual([]);
});

test('trains and animates in a plain iframe on another origin', async ({ page }) => {
  test.setTimeout(120_000);
  const frame = await openHost(page, null);
  await trainsAndAnimates(frame);
});
