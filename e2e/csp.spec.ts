import { expect, open, test, waitFm } from './fixtures';

// The built page carries a strict Content Security Policy (scripts/csp.ts): training, the
// formulas (KaTeX fonts), both pages and the worker must run with no violation.
test('the app runs under its Content Security Policy with no violation', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const response = await page.goto('./', { waitUntil: 'commit' });
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await waitFm(page, (f) => f.backend !== null, 45_000);
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toContain("default-src 'self'");
  expect(meta).toContain("worker-src 'self' blob:");
  await open(page, 'w=16&d=2&b=128&p=1000&n=16');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.step > 20 && f.shownStep > 0, 60_000);
  await page.getByRole('tab', { name: 'Explain' }).click();
  await expect(page.locator('.katex').first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  await page
    .getByRole('button', { name: /Compare/ })
    .first()
    .click();
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
});
