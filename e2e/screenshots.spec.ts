import type { Page } from '@playwright/test';
import { expect, open, test, waitFm } from './fixtures';

// Pictures for a person to look at (layout at laptop, projector-ish and phone sizes), saved
// under test-results/screens/; each is taken only after checking what it must show.

/** Share of a canvas's pixels that differ from its corner pixel (0: blank). */
function inked(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i]! - d[0]!) + Math.abs(d[i + 1]! - d[1]!) + Math.abs(d[i + 2]! - d[2]!) > 30)
        n++;
    }
    return n / (d.length / 4);
  });
}

/** The page fits its width (no sideways scroll), and no formula failed to typeset. */
async function fitsAndTypesets(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.locator('.katex-error')).toHaveCount(0);
}

/** A small network trained for 200+ steps, paused, shown at t = 0.65 (trails and path lines on). */
async function trainedAndPaused(page: Page): Promise<void> {
  await open(page, 'w=32&d=2&b=256&ov=tl');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.shownStep >= 200, 60_000);
  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused' && f.shownStep === f.step);
  await page.getByTestId('time-slider').fill('650');
}

test('screenshots of the main page show both views drawn, fitting each screen, in EN and ZH', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await trainedAndPaused(page);
  // Both views hold particles (not a blank canvas) and are on screen.
  for (const view of ['view-conditional', 'view-learned']) {
    await expect(page.getByTestId(view)).toBeInViewport();
    expect(await inked(page, view), view).toBeGreaterThan(0.002);
  }
  await fitsAndTypesets(page);
  await page.screenshot({ path: 'test-results/screens/main-1440x900.png' });

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForTimeout(300);
  await expect(page.getByTestId('view-learned')).toBeInViewport();
  await fitsAndTypesets(page);
  await page.screenshot({ path: 'test-results/screens/main-1366x768.png' });

  await page.getByRole('tab', { name: 'Explain' }).click();
  await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
  await waitFm(page, (f) => f.language === 'zh');
  // The explanation is in Chinese, with its formulas typeset (KaTeX markup, no errors).
  await expect(page.getByTestId('explain').locator('h2')).toHaveText('Flow Matching 是怎样工作的');
  expect(await page.getByTestId('explain').locator('.katex').count()).toBeGreaterThan(10);
  await fitsAndTypesets(page);
  await page.screenshot({ path: 'test-results/screens/main-zh-1366x768.png' });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await fitsAndTypesets(page);
  const box = await page.getByTestId('view-learned').boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(200);
  expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390 + 0.5).toBe(true);
  await page.screenshot({ path: 'test-results/screens/main-390x844.png', fullPage: true });
});

// Both pages at phone, projector and full-HD sizes, in English and Chinese, for a person to
// look at (the layout claims themselves are checked by screens.spec.ts).
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

test('screenshots of both pages at three sizes in two languages', async ({ page }) => {
  test.setTimeout(150_000);
  await trainedAndPaused(page);
  for (const lang of ['en', 'zh']) {
    if (lang === 'zh') {
      await page.locator('button.lang').click();
      await waitFm(page, (f) => f.language === 'zh');
    }
    for (const { width, height } of SIZES) {
      await page.setViewportSize({ width, height });
      for (const view of ['playground', 'compare']) {
        await page.getByTestId(`nav-${view}`).click();
        await page.waitForTimeout(400);
        await fitsAndTypesets(page);
        const path = `test-results/screens/${view}-${lang}-${width}x${height}.png`;
        await page.screenshot({ path, fullPage: width < 600 });
      }
      await page.getByTestId('nav-playground').click();
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});
