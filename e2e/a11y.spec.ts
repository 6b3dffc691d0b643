/**
 * axe-core (through @axe-core/playwright) in the built app: no serious or critical violations
 * in the playground, the comparison, a lesson, the lessons list, presenter mode and the keys
 * dialog. Each result lists the rule, its impact and the first offending elements.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, open, test } from './fixtures';

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

test('the playground, in English and Chinese', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  expect(await seriousViolations(page)).toEqual([]);
  await open(page, 'lang=zh');
  await page.getByRole('tab', { name: '训练' }).click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the scheduler comparison', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page, 'view=compare');
  await expect(page.getByTestId('compare-page')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('a lesson, the lessons list, presenter mode and the keys dialog', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, 'view=lesson');
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('open-intro').click();
  await expect(page.getByTestId('lesson')).toBeVisible();
  await expect(page.getByTestId('caption').locator('.katex').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('present').click();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene-progress')).toHaveText('4 / 10');
  expect(await seriousViolations(page)).toEqual([]);
  // The next scene shows a training step in slow motion: its panel too.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('slowmo-caption')).toBeVisible({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('./#lesson=noise&scene=1', { waitUntil: 'commit' });
  await expect(page.getByTestId('cmp-view-ot')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the playground and comparison in presenter mode', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page);
  await page.getByTestId('present').click();
  await expect(page.getByTestId('present-playground')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-compare').click();
  await page.keyboard.press('f');
  await expect(page.getByTestId('present-compare')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
