import { canvasHash, expect, fm, open, test, waitFm } from './fixtures';

// A small network so that the 2-core CI machine trains it in seconds.
const SMALL = 'w=32&d=2&b=256&p=2000&n=24';

test('trains live in a worker until the sample quality improves; views animate and sync', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, SMALL);
  const start = await fm(page);
  expect(start.backend).toBe('fused');
  expect(start.step).toBe(0);
  expect(start.playing).toBe(true);

  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.status === 'training' && f.step > 0, 30_000);
  // Quality: the first report (near-untrained) against a later one.
  const first = await waitFm(page, (f) => f.qualityHistory.length >= 1, 30_000);
  const q0 = first.qualityHistory[0]![1];
  const later = await waitFm(
    page,
    (f) => f.qualityHistory.length >= 3 && f.quality < 0.7 * q0,
    60_000,
  );
  expect(later.step).toBeGreaterThan(first.qualityHistory[0]![0]);
  expect(later.lossCount).toBeGreaterThan(2);
  await expect(page.getByTestId('quality-now')).toBeVisible();
  await expect(page.getByTestId('step')).not.toHaveText('0');
  await waitFm(page, (f) => f.shownStep > 0);
  const samples = await page.evaluate(() =>
    (window as unknown as { __fmSamples: (n: number) => number[] | null }).__fmSamples(100),
  );
  expect(samples?.length).toBe(200);
  expect(samples!.every(Number.isFinite)).toBe(true);

  // Both views animate: pixels change over time while playing.
  const c1 = await canvasHash(page, 'view-conditional');
  const l1 = await canvasHash(page, 'view-learned');
  await page.waitForTimeout(700);
  expect(await canvasHash(page, 'view-conditional')).not.toBe(c1);
  expect(await canvasHash(page, 'view-learned')).not.toBe(l1);
  const frames = (await fm(page)).frames;
  expect(frames.learned).toBeGreaterThan(10);

  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused');
  const paused = (await fm(page)).step;
  await page.waitForTimeout(600);
  expect((await fm(page)).step).toBe(paused);

  // Step runs exactly one more step.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitFm(page, (f) => f.step === paused + 1);

  // Scrubbing the shared slider pauses playback and moves both views to that t.
  const slider = page.getByTestId('time-slider');
  await slider.focus();
  await page.keyboard.press('Home');
  await waitFm(page, (f) => f.t === 0 && !f.playing);
  const c0 = await canvasHash(page, 'view-conditional');
  const l0 = await canvasHash(page, 'view-learned');
  await page.keyboard.press('End');
  await waitFm(page, (f) => f.t === 1);
  await expect(page.getByTestId('t-readout')).toHaveText('t = 1.00');
  expect(await canvasHash(page, 'view-conditional')).not.toBe(c0);
  expect(await canvasHash(page, 'view-learned')).not.toBe(l0);
  await slider.fill('500');
  await waitFm(page, (f) => Math.abs(f.t - 0.5) < 1e-9);

  // Space toggles play (focus outside text fields).
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await waitFm(page, (f) => f.playing);
  await page.keyboard.press('Space');
  await waitFm(page, (f) => !f.playing);

  // Click-to-launch one particle in the learned view.
  await page.getByTestId('view-learned').click({ position: { x: 200, y: 200 } });
  await waitFm(page, (f) => f.launched);

  // Reset: a fresh network at step 0.
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitFm(page, (f) => f.step === 0 && f.lossCount === 0);
});
