import { open, test, waitFm } from './fixtures';

// Pictures for a person to look at (layout at laptop, projector-ish and phone sizes), saved
// under test-results/screens/.
test('screenshots of the main page', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, 'w=32&d=2&b=256&ov=tl');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.shownStep >= 200, 60_000);
  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused' && f.shownStep === f.step);
  await page.getByTestId('time-slider').fill('650');
  await page.screenshot({ path: 'test-results/screens/main-1440x900.png' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/screens/main-1366x768.png' });
  await page.getByRole('tab', { name: 'Explain' }).click();
  await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
  await waitFm(page, (f) => f.language === 'zh');
  await page.screenshot({ path: 'test-results/screens/main-zh-1366x768.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/screens/main-390x844.png', fullPage: true });
});
