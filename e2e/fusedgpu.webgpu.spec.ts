import type { Page } from '@playwright/test';

import { loseDeviceWhileTraining } from './deviceLoss';
import { expect, fm, open, test, waitFm, type Fm } from './fixtures';

// The 'webgpu' project (--enable-unsafe-webgpu, SwiftShader): the fused WebGPU kernels in the
// browser, on tfjs's own device. SwiftShader is slow and compiles shaders for seconds, so the
// network is tiny and the runs are a few steps.
const LINK = 'w=8&d=1&b=64&p=500&n=4&seed=3';

/** Three single steps (the Step button): the loss of each, then the view's samples. */
async function threeSteps(page: Page, backend: string) {
  await page.goto('about:blank'); // a full load each time (a hash-only change would not be)
  await open(page, `backend=${backend}&${LINK}`);
  expect((await fm(page)).backend).toBe(backend);
  const losses: number[] = [];
  for (let k = 1; k <= 3; k++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const f: Fm = await waitFm(page, (x) => x.step === k, 90_000);
    losses.push(f.loss);
  }
  await waitFm(page, (x) => x.shownStep === 3, 90_000);
  const samples = await page.evaluate(() =>
    (window as unknown as { __fmSamples: (n: number) => number[] | null }).__fmSamples(200),
  );
  return { losses, samples: samples!, reason: (await fm(page)).backendReason };
}

test('the fused WebGPU step agrees with the fused WASM step in Chromium (SwiftShader)', async ({
  page,
}) => {
  test.setTimeout(170_000);
  const gpu = await threeSteps(page, 'fused-webgpu');
  expect(gpu.reason).toMatch(/fused WebGPU kernels requested.*swiftshader/i);
  const wasm = await threeSteps(page, 'fused');
  // Same seed, same batches, same float32 maths: each step's loss to 1e-5 relative.
  gpu.losses.forEach((l, i) =>
    expect(Math.abs(l - wasm.losses[i]!) / wasm.losses[i]!).toBeLessThan(1e-5),
  );
  // The learned view's samples: the GPU's forward kernel against the WASM kernel's (same x0).
  expect(gpu.samples).toHaveLength(400);
  const diff = Math.max(...gpu.samples.map((x, i) => Math.abs(x - wasm.samples[i]!)));
  expect(diff).toBeLessThan(1e-4);
});

test('a lost device under the fused WebGPU trainer: WASM takes over from the checkpoint', async ({
  page,
}) => {
  test.setTimeout(170_000);
  await loseDeviceWhileTraining(page, `backend=fused-webgpu&${LINK}`, 'fused-webgpu');
});
