/**
 * Layouts for every screen (../shared/TESTING.md, "Screens"): at projector, laptop and phone
 * sizes the playground's two views and the comparison's three columns lie entirely inside
 * the viewport (on a phone: inside its width, stacked), nothing scrolls sideways, touch
 * targets are at least 44 px on a phone, and no text (formulas' subscripts aside) is smaller
 * than 11 px. 1280×720 at
 * deviceScaleFactor 1.5 is what a 1920×1080 screen shows at 150 % zoom.
 */
import type { Page } from '@playwright/test';

import { expect, open, test, waitFm } from './fixtures';

interface Screen {
  width: number;
  height: number;
  scale: number;
  phone?: boolean;
}

const SCREENS: Screen[] = [
  { width: 1024, height: 768, scale: 1 },
  { width: 1280, height: 720, scale: 1 },
  { width: 1366, height: 768, scale: 1 },
  { width: 1920, height: 1080, scale: 1 },
  { width: 1280, height: 720, scale: 1.5 },
  { width: 1920, height: 1080, scale: 1.5 },
  { width: 390, height: 844, scale: 3, phone: true },
];

type Box = { top: number; left: number; bottom: number; right: number };

/** Sideways overflow of the page and the boxes of the elements matching `selector`. */
function measure(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const de = document.documentElement;
    const boxes = Array.from(document.querySelectorAll(sel)).map((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
    });
    return { overflow: de.scrollWidth - de.clientWidth, boxes, vw: de.clientWidth };
  }, selector);
}

function expectInside(boxes: Box[], count: number, s: Screen, vw: number): void {
  expect(boxes).toHaveLength(count);
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(vw + 0.5);
    expect(b.bottom - b.top).toBeGreaterThan(s.phone ? 200 : 250);
    // On a phone the views are stacked and scroll vertically; each still fits the screen.
    if (s.phone) expect(b.bottom - b.top).toBeLessThanOrEqual(s.height);
    else {
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.bottom).toBeLessThanOrEqual(s.height + 0.5);
    }
  }
}

for (const s of SCREENS) {
  const name = `${s.width}×${s.height}${s.scale === 1.5 ? ' at 150 %' : ''}${s.phone ? ' phone' : ''}`;
  test.describe(name, () => {
    test.use({
      viewport: { width: s.width, height: s.height },
      deviceScaleFactor: s.scale,
      hasTouch: Boolean(s.phone),
      isMobile: Boolean(s.phone),
    });

    test('both views and the three comparison columns fit without sideways scrolling', async ({
      page,
    }) => {
      test.setTimeout(60_000);
      for (const lang of ['en', 'zh']) {
        // A full load per language: a hash-only change could race the page's own link
        // updates (it rewrites the hash as settings change) and leave the comparison open.
        await page.goto('about:blank');
        await open(page, `lang=${lang}`);
        await expect(page.locator('[data-testid^="view-"]')).toHaveCount(2);
        const play = await measure(page, '[data-testid^="view-"]');
        expect(play.overflow, `${lang} playground sideways`).toBe(0);
        expectInside(play.boxes, 2, s, play.vw);
        await page.getByTestId('nav-compare').click();
        await expect(page.locator('.cmp-column canvas').first()).toBeVisible();
        const cmp = await measure(page, '.cmp-column canvas');
        expect(cmp.overflow, `${lang} comparison sideways`).toBe(0);
        expectInside(cmp.boxes.slice(0, 3), 3, s, cmp.vw);
      }
    });
  });
}

test.describe('phone', () => {
  test.use({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    hasTouch: true,
    isMobile: true,
  });

  test('touch targets are at least 44 px; the drawing comes before the charts', async ({
    page,
  }) => {
    await open(page);
    const small = await page.evaluate(() => {
      const controls = Array.from(
        document.querySelectorAll<HTMLElement>('button, select, input, [role="tab"]'),
      );
      return controls
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => {
          // A checkbox or radio is tapped through its label too: measure the label.
          const input = el as HTMLInputElement;
          const target =
            input.type === 'checkbox' || input.type === 'radio'
              ? (input.closest('label') ??
                document.querySelector(`label[for="${input.id}"]`) ??
                input)
              : el;
          const r = target.getBoundingClientRect();
          return { what: el.outerHTML.slice(0, 60), height: r.height };
        })
        .filter((c) => c.height < 44);
    });
    expect(small).toEqual([]);
    const draw = await page.getByTestId('draw-canvas').boundingBox();
    const charts = await page.locator('.charts').boundingBox();
    const learned = await page.getByTestId('view-learned').boundingBox();
    expect(draw!.y).toBeGreaterThan(learned!.y);
    expect(draw!.y).toBeLessThan(charts!.y);
    expect(draw!.y).toBeLessThan(1.6 * 844);
  });
});

test('no text under 11 px, charts included', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  await open(page, 'w=32&d=2&b=256&p=1000');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.lossCount >= 2 && f.qualityHistory.length >= 1, 60_000);
  await expect(page.locator('.chart svg .tick text').first()).toBeVisible();
  const tiny = await page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      // Formulas keep TeX's script sizes (a subscript is 70 % of its base).
      .filter((el) => el.getClientRects().length > 0 && !el.closest('.katex'))
      .filter((el) =>
        Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent?.trim()),
      )
      .map((el) => ({
        text: el.textContent!.slice(0, 30),
        px: parseFloat(getComputedStyle(el).fontSize),
      }))
      .filter((e) => e.px < 11),
  );
  expect(tiny).toEqual([]);
});
