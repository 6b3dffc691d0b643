import { expect, fm, open, test } from './fixtures';

test.describe('target editor', () => {
  test('picks a preset from the registry', async ({ page }) => {
    test.setTimeout(60_000);
    await open(page);
    const preset = page.getByTestId('preset-8gaussians');
    await preset.click();
    await expect(preset).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('preset-moons')).toHaveAttribute('aria-pressed', 'false');
    expect((await fm(page)).points).toBe(2000);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('ds=8gaussians');
  });

  test('draws points with the mouse; they survive tab switches and undo works', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await open(page);
    await page.getByTestId('preset-drawn').click();
    await expect(page.getByTestId('too-few')).toBeVisible();
    await expect(page.getByTestId('train')).toBeDisabled();
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.7, { steps: 25 });
    await page.mouse.up();
    const drawn = (await fm(page)).points;
    expect(drawn).toBeGreaterThanOrEqual(16);
    await expect(page.getByTestId('point-count')).toContainText(String(drawn));
    await expect(page.getByTestId('too-few')).toHaveCount(0);
    await expect(page.getByTestId('train')).toBeEnabled();

    await page.getByRole('tab', { name: 'Sample' }).click();
    await page.getByRole('tab', { name: 'Target' }).click();
    expect((await fm(page)).points).toBe(drawn);
    await expect(page.getByTestId('point-count')).toContainText(String(drawn));

    // A second stroke, then undo restores the first.
    await page.mouse.move(box.x + 20, box.y + box.height - 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + box.height - 60, { steps: 8 });
    await page.mouse.up();
    expect((await fm(page)).points).toBeGreaterThan(drawn);
    await page.getByRole('button', { name: 'Undo' }).click();
    expect((await fm(page)).points).toBe(drawn);
  });

  test('too few points: a clear inline message and training does not start', async ({ page }) => {
    test.setTimeout(60_000);
    await open(page, 'ds=drawn&bd=5');
    const box = (await page.getByTestId('draw-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const n = (await fm(page)).points;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(16);
    const message = page.getByTestId('too-few');
    await expect(message).toBeVisible();
    await expect(message).toContainText(`at least 16 points`);
    await expect(message).toContainText(`now ${n}`);
    await expect(page.getByTestId('train')).toBeDisabled();
    await page.getByRole('button', { name: 'Step' }).click({ force: true });
    await page.waitForTimeout(500);
    expect((await fm(page)).step).toBe(0);
    expect((await fm(page)).status).toBe('idle');
  });
});
