import type { Page } from '@playwright/test';
import { expect, fm, open, test, waitFm } from './fixtures';

/** Pixels of the conditional view in the light pink of the ±2σ bands (none without σ). */
function bandPixels(page: Page): Promise<number> {
  return page.getByTestId('view-conditional').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      // The band's tint over white: (248, 238, 244), deeper where bands overlap.
      if (r >= 225 && r - g >= 6 && b - g >= 3 && r - b >= 2) n++;
    }
    return n;
  });
}

test('σ around the path: the torchcfm value is offered, goes in the link, and draws bands', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page);
  await waitFm(page, (f) => f.frames.conditional > 0);
  expect(await bandPixels(page)).toBeLessThan(50);
  await page.getByRole('tab', { name: 'Train' }).click();
  const field = page.getByLabel('σ around the path');
  await expect(field).toHaveValue('0');
  await page.getByTestId('sigma-torchcfm').click();
  await expect(field).toHaveValue('0.1');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('sig=0.1');
  await expect.poll(() => bandPixels(page)).toBeGreaterThan(2000);
  await expect(page.getByTestId('sigma-note')).toContainText('±2σ');
  // The shipped networks learned the exact path: this setup needs training.
  await expect(page.getByTestId('learned-note')).toContainText(/Train/);
  // A link with σ opens with it; a bad one is refused with a message and falls back to 0.
  await open(page, 'sig=0.25');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByLabel('σ around the path')).toHaveValue('0.25');
  await open(page, 'sig=7');
  await expect(page.getByTestId('link-notice')).toContainText('σ around the path');
});

async function reflowTable(page: Page, names: string[]): Promise<void> {
  const table = page.getByTestId('reflow-table');
  await expect(table).toBeVisible({ timeout: 150_000 });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await expect(rows.nth(i).locator('th')).toHaveText(names[i]!);
    const cells = await rows.nth(i).locator('td').allTextContents();
    expect(cells).toHaveLength(3);
    for (const c of cells) expect(c).toMatch(/^\d+\.\d{3}$/);
  }
}

test('Reflow: a table of the original and two reflowed flows, in English and Chinese', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await open(page);
  // The pretrained network is the one to reflow.
  await waitFm(page, (f) => f.shownStep >= 0, 60_000);
  await page.getByRole('tab', { name: 'Sample' }).click();
  const button = page.getByTestId('reflow-button');
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByTestId('reflow-status')).toContainText('Reflowing');
  await reflowTable(page, ['Original', 'Reflow 1', 'Reflow 2']);
  await expect(page.getByTestId('reflow-status')).toContainText('Measured from the network');
  // One-step W2 of the reflowed flows is below the original's (moons, pretrained network).
  const w2 = await page
    .getByTestId('reflow-table')
    .locator('tbody tr td:nth-child(3)')
    .allTextContents();
  expect(Number(w2[1])).toBeLessThan(Number(w2[0]));
  await expect(page.locator('.reflow-mini canvas')).toHaveCount(3);
  expect((await fm(page)).error).toBeNull();
  await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
  await waitFm(page, (f) => f.language === 'zh');
  await expect(page.getByTestId('reflow-table').locator('thead')).toContainText('直线度');
  await reflowTable(page, ['原始', '重流 1', '重流 2']);
  await expect(page.getByTestId('reflow-button')).toHaveText('重流');
});
