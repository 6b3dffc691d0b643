/**
 * The 'webgpu' project's device-loss check (SwiftShader): training on a WebGPU engine, the
 * device destroyed mid-run as a driver reset would, must end in one message, a switch to WASM
 * from the last checkpoint and training that goes on by itself.
 */
import type { Page } from '@playwright/test';

import { expect, fm, open, waitFm } from './fixtures';

/** Opens `hash` (its `backend=` a WebGPU engine, named `backend`), trains, loses the device. */
export async function loseDeviceWhileTraining(page: Page, hash: string, backend: string) {
  await open(page, hash);
  expect((await fm(page)).backend).toBe(backend);
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.step >= 3, 120_000);
  const worker = page.workers()[0]!;
  const lost = await worker.evaluate(() =>
    (self as unknown as { __fmLoseDevice: () => boolean }).__fmLoseDevice(),
  );
  expect(lost).toBe(true);
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('GPU device was lost', { timeout: 30_000 });
  await expect(error).toContainText('Switched to WASM');
  const switched = await waitFm(page, (f) => f.backend === 'wasm', 30_000);
  await waitFm(page, (f) => f.step > switched.step + 20 && f.status === 'training', 30_000);
  await expect(page.getByTestId('run-error')).toHaveCount(1);
  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused');
}
