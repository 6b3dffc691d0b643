import { expect, fm, open, test, waitFm } from './fixtures';

// The 'webgpu' project (SwiftShader): destroying the device mid-training, as a driver reset
// would, ends in one message, a switch to WASM and training that resumes by itself.
test('a lost WebGPU device: one message, WASM takes over from the checkpoint, training goes on', async ({
  page,
}) => {
  test.setTimeout(170_000);
  await open(page, 'backend=webgpu&w=8&d=1&b=64&p=500&n=4');
  expect((await fm(page)).backend).toBe('webgpu');
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
});
