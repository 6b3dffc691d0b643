/**
 * Instant start: the shipped pretrained network of the chosen preset (public/pretrained/,
 * `npm run pretrained`) moves in the learned view before any click; Train continues from its
 * weights, Reset starts from scratch, and a drawn target or another network says it needs
 * training.
 */
import { canvasHash, expect, fm, pollUntil, test, waitFm } from './fixtures';

test('the learned view animates a pretrained flow before any click', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('./', { waitUntil: 'commit' });
  const shown = await waitFm(
    page,
    (f) => f.pretrained === 'moons-ot.json' && f.shownStep > 0,
    45_000,
  );
  expect(shown.status).toBe('idle');
  expect(shown.step).toBe(shown.shownStep);
  await expect(page.getByTestId('learned-note')).toContainText(`pretrained (${shown.step} steps)`);
  const before = await canvasHash(page, 'view-learned');
  await pollUntil(
    () => canvasHash(page, 'view-learned'),
    (h) => h !== before,
    10_000,
  );
  // The network really is trained: its samples sit on the two moons (sliced W2 is cheap).
  const samples = await page.evaluate(() =>
    (window as unknown as { __fmSamples: (n: number) => number[] | null }).__fmSamples(500),
  );
  expect(samples).not.toBeNull();
  const ys = samples!.filter((_, i) => i % 2 === 1);
  // Moons in this app's scale lie within |y| < 2.5; untrained noise spreads further.
  expect(ys.filter((y) => Math.abs(y) > 2.5).length).toBeLessThan(25);

  // Train continues from the pretrained weights.
  await page.getByTestId('train').click();
  const training = await waitFm(page, (f) => f.status === 'training' && f.shownStep > shown.step);
  expect(training.pretrained).toBeNull();
  await expect(page.getByTestId('learned-note')).toContainText('training, step');
  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused');

  // Reset starts from scratch: step 0, nothing pretrained.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  const reset = await waitFm(page, (f) => f.step === 0 && f.shownStep < 0);
  expect(reset.pretrained).toBeNull();

  // Training from scratch keeps the learned view fresh: it shows one network, then a later
  // one (the view's refresher once stopped when the first sample beat the first stats event).
  await page.getByTestId('train').click();
  const first = await waitFm(page, (f) => f.status === 'training' && f.shownStep > 0);
  await waitFm(page, (f) => f.shownStep > first.shownStep + 100);
});

test('another preset shows its own pretrained flow; a drawing says it needs training', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('./', { waitUntil: 'commit' });
  await waitFm(page, (f) => f.pretrained === 'moons-ot.json' && f.shownStep > 0, 45_000);
  await page.getByTestId('preset-rings').click();
  await waitFm(page, (f) => f.pretrained === 'rings-ot.json' && f.shownStep > 0);
  await page.getByTestId('preset-drawn').click();
  await waitFm(page, (f) => f.pretrained === null && f.shownStep < 0);
  await expect(page.getByTestId('learned-note')).toHaveText(
    'Your drawing needs training: press Train.',
  );
});

test('another architecture says it needs training', async ({ page }) => {
  await page.goto('./#w=32', { waitUntil: 'commit' });
  await waitFm(page, (f) => Boolean(f.backend), 45_000);
  await expect(page.getByTestId('learned-note')).toHaveText(
    'No pretrained network for this setup: press Train.',
  );
  expect((await fm(page)).pretrained).toBeNull();
});
