/** The issue-16 controls: the adaptive solver with its NFE heat map (and, below, the rest). */
import { expect, fm, open, test, waitFm } from './fixtures';

test('Dormand–Prince: NFE per particle shown, the heat map and its legend, kept in the link', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page);
  // The pretrained network shows first; its sample with the adaptive solver carries NFE counts.
  await waitFm(page, (f) => f.shownStep >= 0, 60_000);
  await page.getByRole('tab', { name: 'Sample' }).click();
  await page.getByLabel('ODE solver').selectOption('dopri5');
  await expect(page.getByRole('slider', { name: /Solver steps/ })).toHaveCount(0);
  const tol = page.getByRole('slider', { name: /Tolerance/ });
  await tol.fill('-4');
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
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('sol=dopri5');
  expect(await page.evaluate(() => location.hash)).toContain('tol=0.0001');
  // A tighter tolerance costs more evaluations.
  const before = (await fm(page)).nfe;
  await tol.fill('-6');
  await waitFm(page, (s) => s.nfe > before * 1.3, 60_000);
});
