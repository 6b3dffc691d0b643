import { expect, fm, open, test } from './fixtures';

test('without WebGPU the app falls back to WASM and says why', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page);
  const f = await fm(page);
  expect(
    await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) ?? null),
  ).toBeNull();
  expect(f.backend).toBe('wasm');
  expect(f.backendReason).toMatch(/no (WebGPU )?adapter/i);
  expect(f.backendReason).toMatch(/WASM/);
  await expect(page.getByTestId('backend')).toContainText('WASM');
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
