/**
 * Presenter mode: at 1920×1080 no caption text under 24 px and chart ticks of at least 18 px;
 * the keys dialog; keys on the playground; in a frame that may not go full screen it still
 * switches. Lessons themselves: lessons.spec.ts.
 */
import { LESSONS } from '../src/lessons';
import { expect, fm, HOST_PORT, open, pollUntil, test } from './fixtures';

const PORT = Number(process.env.E2E_PORT ?? 4173);

const intro = LESSONS.find((l) => l.id === 'intro')!;
/** The number of intro's scene `id` (1-based, as in links), and its scene count. */
const at = (id: string) => intro.scenes.findIndex((s) => s.id === id) + 1;
const N_INTRO = intro.scenes.length;

test('presenter mode at 1920×1080: caption text ≥ 24 px, chart ticks ≥ 18 px; keys dialog; Esc leaves', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, `lesson=intro&scene=${at('loss')}`);
  await page.keyboard.press('f');
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(page.getByTestId('present')).toHaveAttribute('aria-pressed', 'true');
  const sizes = await page.getByTestId('caption').evaluate((root) => {
    const out: { text: string; px: number }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement!;
      if (!node.textContent?.trim() || el.closest('.katex')) continue;
      if (el.getClientRects().length === 0) continue; // not shown
      out.push({
        text: node.textContent.slice(0, 30),
        px: parseFloat(getComputedStyle(el).fontSize),
      });
    }
    // Formulas: the base size of each (its scripts are smaller by design, as in print).
    for (const k of Array.from(root.querySelectorAll('.katex'))) {
      out.push({ text: 'katex', px: parseFloat(getComputedStyle(k).fontSize) });
    }
    return out;
  });
  expect(sizes.length).toBeGreaterThan(5);
  for (const s of sizes) expect(s.px, s.text).toBeGreaterThanOrEqual(24);
  const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(body).toBeGreaterThanOrEqual(24);
  // The scene trains: its loss chart gets axes once the first losses arrive.
  const tickText = page.getByTestId('loss-chart').locator('.axis text');
  await expect(tickText.first()).toBeVisible({ timeout: 45_000 });
  const ticks = await tickText.evaluateAll((els) =>
    els.map((e) => parseFloat(getComputedStyle(e).fontSize)),
  );
  for (const px of ticks) expect(px).toBeGreaterThanOrEqual(18);
  // Nothing scrolls sideways.
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    ),
  ).toBe(true);

  // ? opens the keys dialog with the focus on its button; Esc closes it and stays presenting.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('PageDown');
  await expect(page.getByTestId('keys-close')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('html')).toHaveClass(/presenting/);
  // B blanks the screen, any key brings it back (and does nothing else).
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank')).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('blank')).toHaveCount(0);
  await expect(page.getByTestId('scene-progress')).toHaveText(`${at('loss')} / ${N_INTRO}`);
  // PageDown (a clicker) moves on; Esc leaves presenter mode.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene-progress')).toHaveText(`${at('loss') + 1} / ${N_INTRO}`);
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
});

test('keys work on the playground: T trains and pauses, arrows scrub, typing in a field does not', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page, 'w=16&d=2&b=64&p=300');
  await page.keyboard.press('t');
  await expect.poll(() => fm(page).then((f) => f.status), { timeout: 30_000 }).toBe('training');
  await page.keyboard.press('t');
  await expect.poll(() => fm(page).then((f) => f.status), { timeout: 15_000 }).toBe('paused');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => fm(page).then((f) => f.playing)).toBe(false);
  const t1 = (await fm(page)).t;
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => fm(page).then((f) => f.t)).toBeCloseTo(Math.min(1, t1 + 0.05), 5);
  // In the Train panel's number field, T is a character, not a shortcut.
  await page.getByRole('tab', { name: 'Train' }).click();
  const field = page.locator('.panel input[type="number"]').first();
  await field.focus();
  await page.keyboard.press('t');
  await expect.poll(() => fm(page).then((f) => f.status)).toBe('paused');
});

test('in a frame that may not go full screen, presenter mode still switches, without a word', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && !m.text().startsWith('Canvas2D:')) warnings.push(m.text());
  });
  // A plain iframe on another origin, without allow="fullscreen".
  const src = encodeURIComponent(`http://127.0.0.1:${PORT}/#lesson=intro&scene=2`);
  await page.goto(`http://localhost:${HOST_PORT}/?width=1024&height=700&src=${src}`);
  const frame = await pollUntil(
    async () => page.frames().find((f) => f.parentFrame() !== null),
    Boolean,
  );
  await expect(frame.getByTestId('scene-progress')).toHaveText(`2 / ${N_INTRO}`, {
    timeout: 45_000,
  });
  expect(await frame.evaluate(() => document.fullscreenEnabled)).toBe(false);
  await frame.getByTestId('present').click();
  await expect(frame.locator('html')).toHaveClass(/presenting/);
  expect(await frame.evaluate(() => document.fullscreenElement)).toBeNull();
  await frame.getByTestId('scene-next').focus();
  await frame.locator('body').press('PageDown');
  await expect(frame.getByTestId('scene-progress')).toHaveText(`3 / ${N_INTRO}`);
  await frame.locator('body').press('Escape');
  await expect(frame.locator('html')).not.toHaveClass(/presenting/);
  expect(warnings).toEqual([]);
});
