import { expect, fm, open, test, waitFm } from './fixtures';

test('without WebGPU the app measures its CPU engines, trains on the fused kernel, says why', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page);
  // The first flow shows on the fused kernel at once; the measurement follows its first frames.
  expect((await fm(page)).backend).toBe('fused');
  const f = await waitFm(page, (s) => /measured \d+/.test(s.backendReason ?? ''), 30_000);
  expect(
    await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) ?? null),
  ).toBeNull();
  expect(f.backend).toBe('fused');
  expect(f.backendReason).toMatch(/no (WebGPU )?adapter/i);
  expect(f.backendReason).toMatch(
    /measured \d+ steps\/s on the fused WASM SIMD kernel vs \d+ on tfjs wasm/,
  );
  await expect(page.getByTestId('backend')).toContainText('FUSED');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('backend-reason')).toContainText(/no (WebGPU )?adapter/i);
});

test('asking for WebGPU where there is none still trains, on WASM, with the reason', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page, 'backend=webgpu&w=8&d=1&b=64&p=500');
  const f = await fm(page);
  expect(f.backend).toBe('wasm');
  expect(f.backendReason).toMatch(/WebGPU requested/);
  expect(f.backendReason).toMatch(/WASM/);
});

test('asking for the fused WebGPU kernels where there is no WebGPU trains on the fused WASM kernel', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page, 'backend=fused-webgpu&w=8&d=1&b=64&p=500');
  const f = await fm(page);
  expect(f.backend).toBe('fused');
  expect(f.backendReason).toMatch(
    /^WebGPU requested but no adapter .*Training on the fused WASM SIMD kernel instead of the fused WebGPU kernels\.$/,
  );
  await page.getByTestId('train').click();
  await expect.poll(async () => (await fm(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);
});

test('the tfjs reference path stays selectable', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page, 'backend=wasm&w=8&d=1&b=64&p=500');
  const f = await fm(page);
  expect(f.backend).toBe('wasm');
  expect(f.backendReason).toMatch(/WASM \(single-thread\) requested/);
  await page.getByTestId('train').click();
  await expect.poll(async () => (await fm(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);
});
