/**
 * Offline once loaded: the service worker (vite-plugin-pwa, registered by src/offline.ts)
 * precaches the app, the .wasm files and the pretrained networks; with the network cut,
 * a reload still starts the backend and plays the pretrained flow. The fixture's guard
 * fails the test on any console error, such as a request that found no cached copy.
 */
import { canvasHash, expect, pollUntil, test, waitFm } from './fixtures';

test('reloads and runs offline after one visit', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto('./', { waitUntil: 'commit' });
  await waitFm(page, (f) => f.pretrained !== null && f.shownStep > 0, 45_000);
  // `ready` resolves once the worker is active, i.e. after it precached everything.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  await context.setOffline(true);
  await page.reload({ waitUntil: 'commit' });
  const f = await waitFm(page, (s) => s.pretrained !== null && s.shownStep > 0, 45_000);
  expect(f.backend).toBe('fused');
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  const before = await canvasHash(page, 'view-learned');
  await pollUntil(
    () => canvasHash(page, 'view-learned'),
    (h) => h !== before,
    10_000,
  );
  await context.setOffline(false);
});
