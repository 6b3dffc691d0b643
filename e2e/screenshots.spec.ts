import { open, test, waitFm } from './fixtures';

// Pictures for a person to look at: both pages at phone, projector and full-HD sizes, in
// English and Chinese, after some training, saved under test-results/screens/. The layout
// claims themselves are checked by screens.spec.ts.
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

test('screenshots of both pages at three sizes in two languages', async ({ page }) => {
  test.setTimeout(150_000);
  await open(page, 'w=32&d=2&b=256&ov=tl');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.shownStep >= 200, 60_000);
  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused' && f.shownStep === f.step);
  await page.getByTestId('time-slider').fill('650');
  for (const lang of ['en', 'zh']) {
    if (lang === 'zh') {
      await page.locator('button.lang').click();
      await waitFm(page, (f) => f.language === 'zh');
    }
    for (const { width, height } of SIZES) {
      await page.setViewportSize({ width, height });
      const fullPage = width < 600;
      for (const view of ['playground', 'compare']) {
        await page.getByTestId(`nav-${view}`).click();
        await page.waitForTimeout(400);
        const path = `test-results/screens/${view}-${lang}-${width}x${height}.png`;
        await page.screenshot({ path, fullPage });
      }
      await page.getByTestId('nav-playground').click();
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});
