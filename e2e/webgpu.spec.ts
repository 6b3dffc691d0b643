import { expect, fm, open, test, waitFm } from './fixtures';

// Runs with --enable-unsafe-webgpu (the 'webgpu' project): SwiftShader is enough to prove the
// WebGPU path trains. Shader compilation takes ~15 s here, so the network is tiny.
test('WebGPU (SwiftShader) trains a few steps when forced by the link', async ({ page }) => {
  test.setTimeout(150_000);
  await open(page, 'backend=webgpu&w=8&d=1&b=64&p=500&n=4');
  const f = await fm(page);
  expect(f.backend).toBe('webgpu');
  expect(f.backendReason).toMatch(/WebGPU requested/);
  await page.getByTestId('train').click();
  await waitFm(page, (x) => x.step >= 3, 120_000);
  await page.getByTestId('pause').click();
  const done = await waitFm(page, (x) => x.status === 'paused', 60_000);
  expect(Number.isFinite(done.loss)).toBe(true);
  expect((await fm(page)).error).toBeNull();
});
