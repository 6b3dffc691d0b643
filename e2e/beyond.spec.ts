/** The issue-16 controls: the adaptive solver with its NFE heat map (and, below, the rest). */
import { expect, fm, open, test, waitFm } from './fixtures';

test('Dormand–Prince: NFE per particle shown, the heat map and its legend, kept in the link', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // The tolerance comes from the link, so every adaptive sample below uses 10⁻⁴.
  await open(page, 'tol=0.0001');
  // The pretrained network shows first; its sample with the adaptive solver carries NFE counts.
  await waitFm(page, (f) => f.shownStep >= 0, 60_000);
  await page.getByRole('tab', { name: 'Sample' }).click();
  await expect(page.getByRole('slider', { name: /Tolerance/ })).toHaveCount(0);
  await page.getByLabel('ODE solver').selectOption('dopri5');
  await expect(page.getByRole('slider', { name: /Solver steps/ })).toHaveCount(0);
  const tol = page.getByRole('slider', { name: /Tolerance/ });
  await expect(tol).toHaveValue('-4');
  const f = await waitFm(page, (s) => s.nfeRange !== null, 60_000);
  const [lo, hi] = f.nfeRange!;
  // 2 start-up evaluations + 6 per step; particles differ in cost on the curved OT flow.
  expect((lo - 2) % 6).toBe(0);
  expect(hi).toBeGreaterThan(lo);
  expect(f.nfe).toBeGreaterThanOrEqual(lo);
  expect(f.nfe).toBeLessThanOrEqual(hi);
  await expect(page.getByTestId('nfe')).toContainText(`fewest ${lo}, most ${hi}`);
  await expect(page.getByTestId('nfe-legend')).toHaveCount(0);
  await page.getByLabel('Colour particles by NFE (adaptive solver)').check();
  await expect(page.getByTestId('nfe-legend')).toBeVisible();
  await expect(page.getByTestId('nfe-legend')).toContainText(String(hi));
  // The particles now wear the ramp: its two ends (viridis #440154 and #fde725) are on the canvas.
  const ends = () =>
    page.getByTestId('view-learned').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let [low, high] = [0, 0];
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] === 0x44 && d[i + 1] === 0x01 && d[i + 2] === 0x54) low++;
        if (d[i] === 0xfd && d[i + 1] === 0xe7 && d[i + 2] === 0x25) high++;
      }
      return low > 0 && high > 0;
    });
  await expect.poll(ends).toBe(true);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('sol=dopri5');
  expect(await page.evaluate(() => location.hash)).toContain('tol=0.0001');
  // A tighter tolerance costs more evaluations.
  const before = (await fm(page)).nfe;
  await tol.fill('-6');
  await waitFm(page, (s) => s.nfe > before * 1.3, 60_000);
});

test('the density view computes the exact density and the held-out log-likelihood on demand', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await open(page);
  await waitFm(page, (f) => f.shownStep >= 0, 60_000);
  await page.getByRole('tab', { name: 'Density' }).click();
  const view = page.getByTestId('density-view');
  await expect(view.getByTestId('density-loglik')).toHaveCount(0);
  await view.getByTestId('density-compute').click();
  await expect(view.getByTestId('density-progress')).toBeVisible();
  // The measurement outlives the panel: switch tabs while it runs and come back.
  await page.getByRole('tab', { name: 'Sample' }).click();
  await page.getByRole('tab', { name: 'Density' }).click();
  const result = view.getByTestId('density-loglik');
  await expect(result).toBeVisible({ timeout: 200_000 });
  await expect(result).toContainText('1000 held-out target points');
  const value = Number(await result.getAttribute('data-value'));
  // The pretrained moons network: a density concentrated near the moons, far above N(0, I)'s
  // mean log-density there (≈ −3.5 nats) and below +3 (moons are 0.1 wide).
  expect(value).toBeGreaterThan(-2.5);
  expect(value).toBeLessThan(3);
  await expect(result).toContainText(`${value.toFixed(3)} nats under the model`);
  // Both heat maps are drawn (not blank).
  const spread = await view.locator('canvas').evaluateAll((cs) =>
    (cs as HTMLCanvasElement[]).map((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      return seen.size;
    }),
  );
  expect(spread).toHaveLength(2);
  for (const colours of spread) expect(colours).toBeGreaterThan(10);
});

test('screens in Chinese: the adaptive solver, its heat map and the density view', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await open(page, 'lang=zh&sol=dopri5&ov=tn');
  await waitFm(page, (f) => f.nfeRange !== null, 60_000);
  await expect(page.getByTestId('nfe-legend')).toContainText('每个粒子的 NFE');
  await page.getByRole('tab', { name: '密度' }).click();
  const view = page.getByTestId('density-view');
  await view.getByTestId('density-compute').click();
  await expect(view.getByTestId('density-loglik')).toContainText('留出目标点', {
    timeout: 200_000,
  });
  await expect(page.locator('.katex-error')).toHaveCount(0);
  for (const [w, h] of [
    [1024, 768],
    [1920, 1080],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${w}×${h}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screens/beyond-zh-${w}x${h}.png`, fullPage: true });
  }
});

test('the comparison’s quality-vs-NFE chart shows Dormand–Prince as one diamond per trainer', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto('./#view=compare&tol=0.0001', { waitUntil: 'commit' });
  // The pretrained networks are swept on their own after loading; one diamond each.
  const chart = page.getByTestId('nfe-chart');
  for (const id of ['ot', 'vp', 've', 'ot-pairs']) {
    await expect(chart.locator(`path[data-series="${id}/dopri5"]`)).toHaveCount(1, {
      timeout: 120_000,
    });
  }
  await expect(page.locator('.cmp-nfe .cmp-note')).toContainText(
    'Dormand–Prince 5(4) at tolerance 1.0e-4',
  );
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/beyond-compare-nfe.png' });
});

test('an embed can show the density view beside the learned flow', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 800, height: 450 });
  await open(page, 'embed=learned+density&sol=dopri5&ov=tn');
  await waitFm(page, (f) => f.nfeRange !== null, 60_000);
  await expect(page.getByTestId('density-compute')).toBeVisible();
  await expect(page.getByTestId('nfe-legend')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/beyond-embed.png' });
});
