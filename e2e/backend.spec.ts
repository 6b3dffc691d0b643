import { expect, fm, open, test, waitFm, type Fm } from './fixtures';

test('without WebGPU the app measures its CPU engines, trains on the faster, says why', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('./', { waitUntil: 'commit' });
  // The first flow shows on the fused kernel at once (the first engine reported, read in the
  // page the moment it is there); the measurement follows its first frames.
  const first = await page.waitForFunction(
    () => (window as unknown as { __fm?: Fm }).__fm?.backend ?? null,
    null,
    { timeout: 45_000 },
  );
  expect(await first.jsonValue()).toBe('fused');
  const f = await waitFm(page, (s) => /measured \d+/.test(s.backendReason ?? ''), 90_000);
  expect(
    await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) ?? null),
  ).toBeNull();
  expect(f.backendReason).toMatch(/no (WebGPU )?adapter/i);
  // Which engine wins is a measurement (a loaded machine can slow either): the choice must be
  // the faster of the two figures the reason gives.
  const figures =
    /measured (\d+) steps\/s on the fused WASM SIMD kernel vs (\d+) on tfjs wasm/.exec(
      f.backendReason ?? '',
    );
  expect(figures, f.backendReason ?? '').not.toBeNull();
  const [fused, tfjs] = [Number(figures![1]), Number(figures![2])];
  // The figures are rounded: equal ones may hide either order.
  if (fused !== tfjs) expect(f.backend).toBe(fused > tfjs ? 'fused' : 'wasm');
  expect(f.backendReason!.endsWith('training on the fused kernel.')).toBe(f.backend === 'fused');
  await expect(page.getByTestId('backend')).toContainText(f.backend!.toUpperCase());
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
