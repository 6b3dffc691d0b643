/**
 * Lessons and presenter mode: PageDown walks a lesson and every scene applies its settings and
 * shows its views; a scene link opens at its scene and the link follows the scene; presenter
 * mode at 1920×1080 has no caption text under 24 px and chart ticks of at least 18 px; the keys
 * dialog; no console errors (the fixture).
 */
import type { Page } from '@playwright/test';
import { LESSONS } from '../src/lessons';
import { scenePatch } from '../src/lessons/scenePatch';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../src/state/settings';
import { decodeSettings } from '../src/state/url';
import { expect, fm, HOST_PORT, open, pollUntil, test } from './fixtures';

const PORT = Number(process.env.E2E_PORT ?? 4173);

const intro = LESSONS.find((l) => l.id === 'intro')!;
/** The number of intro's scene `id` (1-based, as in links), and its scene count. */
const at = (id: string) => intro.scenes.findIndex((s) => s.id === id) + 1;
const N_INTRO = intro.scenes.length;

/** Where each view of `VIEWS` shows up in the page. */
const VIEW_TEST_IDS: Record<string, string> = {
  conditional: 'view-conditional',
  learned: 'view-learned',
  loss: 'loss-chart',
  quality: 'quality-chart',
  ot: 'cmp-view-ot',
  vp: 'cmp-view-vp',
  ve: 'cmp-view-ve',
  schedules: 'schedule-chart',
  nfe: 'nfe-chart',
  metrics: 'cmp-metrics',
  reflow: 'reflow',
  density: 'density-view',
};
const ALL_VIEWS = Object.keys(VIEW_TEST_IDS);

/** The settings fields a scene decides. */
const DECIDED: (keyof Settings)[] = [
  'target',
  'scheduler',
  'coupling',
  'solver',
  'steps',
  'particles',
  'overlays',
  'pathSigma',
  'tol',
  'conditional',
  'labelDrop',
  'sampleClass',
];

const pick = (s: Settings) => Object.fromEntries(DECIDED.map((k) => [k, s[k]]));

async function linkSettings(page: Page): Promise<Settings> {
  return decodeSettings(await page.evaluate(() => location.hash)).settings;
}

test('PageDown walks each lesson: every scene applies its settings and shows exactly its views', async ({
  page,
}) => {
  test.setTimeout(240_000);
  for (const lesson of LESSONS) {
    await open(page, `lesson=${lesson.id}`);
    const n = lesson.scenes.length;
    for (const [i, scene] of lesson.scenes.entries()) {
      const root = page.getByTestId('lesson');
      await expect(root).toHaveAttribute('data-scene', scene.id);
      await expect(page.getByTestId('scene-progress')).toHaveText(`${i + 1} / ${n}`);
      await expect(page.getByTestId('caption').locator('h3')).toHaveText(scene.title.en);
      await expect(page.getByTestId('caption').locator('.katex').first()).toBeVisible();
      for (const id of ALL_VIEWS) {
        const shown = scene.views.includes(id as never);
        await expect(page.getByTestId(VIEW_TEST_IDS[id]!), `${scene.id}: ${id}`).toHaveCount(
          shown ? 1 : 0,
        );
      }
      const want = applySettingsPatch(DEFAULT_SETTINGS, scenePatch(lesson, i)).settings;
      // The link follows within its debounce: the scene's number and its settings.
      const where = (x: Settings) => ({ ...pick(x), at: [x.layout, x.lesson, x.scene] });
      await expect
        .poll(async () => where(await linkSettings(page)), { timeout: 5_000 })
        .toEqual({ ...pick(want), at: ['lesson', lesson.id, i + 1] });
      if (i === n - 1) continue;
      if (scene.actions?.some((a) => a.kind === 'slowStep')) {
        // A slow-motion step takes PageDown for its stages first, then the scene moves on.
        await expect(page.getByTestId('slowmo-panel')).toHaveAttribute(
          'data-stage',
          /points|pairing/,
          {
            timeout: 30_000,
          },
        );
        for (let k = 0; k < 12 && (await root.getAttribute('data-scene')) === scene.id; k++) {
          await page.keyboard.press('PageDown');
          await page.waitForTimeout(300);
        }
        await expect(root).toHaveAttribute('data-scene', lesson.scenes[i + 1]!.id);
        await expect(page.getByTestId('slowmo-panel')).toHaveCount(0);
      } else await page.keyboard.press('PageDown');
    }
    // At the last scene PageDown stays; PageUp goes back one.
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('scene-progress')).toHaveText(`${n} / ${n}`);
    await page.keyboard.press('PageUp');
    await expect(page.getByTestId('scene-progress')).toHaveText(`${n - 1} / ${n}`);
  }
});

test('a scene link opens at its scene, runs its actions, and survives a reload', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, `lesson=intro&scene=${at('bend')}&lang=zh`);
  const root = page.getByTestId('lesson');
  await expect(root).toHaveAttribute('data-scene', 'bend');
  await expect(page.getByTestId('scene-progress')).toHaveText(`${at('bend')} / ${N_INTRO}`);
  await expect(page.getByTestId('caption').locator('h3')).toHaveText('学到的轨迹会弯曲');
  // Its actions: a particle launched from (−2.5, −2.5), then t played from 0 to 1.
  await expect.poll(() => fm(page).then((f) => f.launched), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => fm(page).then((f) => f.t), { timeout: 15_000 }).toBe(1);
  await page.reload({ waitUntil: 'commit' });
  await expect(root).toHaveAttribute('data-scene', 'bend');
  // The buttons move the link too.
  await page.getByTestId('scene-next').click();
  await expect(root).toHaveAttribute('data-scene', 'field');
  await expect
    .poll(async () => (await linkSettings(page)).scene, { timeout: 5_000 })
    .toBe(at('field'));
  // A bad scene number gets a message and scene 1.
  await page.evaluate(() => (location.hash = '#lesson=noise&scene=99'));
  await expect(root).toHaveAttribute('data-scene', 'paths');
  await expect(page.getByRole('alert').or(page.locator('.notice'))).toContainText('scene');
});

test('a training scene trains fresh weights for its steps, then pauses and says so', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, `lesson=intro&scene=${at('loss')}`);
  // The pretrained network first, then Reset (step 0) and training.
  await expect.poll(() => fm(page).then((f) => f.status), { timeout: 45_000 }).toBe('training');
  const started = await fm(page);
  expect(started.pretrained).toBeNull();
  expect(started.step).toBeLessThan(1500);
  await expect.poll(() => fm(page).then((f) => f.status), { timeout: 90_000 }).toBe('paused');
  const done = await fm(page);
  // It pauses at its budget (1 500 steps), give or take the steps of one poll.
  expect(done.step).toBeGreaterThanOrEqual(1500);
  expect(done.lossCount).toBeGreaterThan(0);
  await expect(page.getByTestId('lesson-progress')).toContainText('1500');
});

test('the slow-motion scene takes one real step and shows its stages; PageDown/PageUp walk them', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, `lesson=intro&scene=${at('slowstep')}`);
  const root = page.getByTestId('lesson');
  await expect(root).toHaveAttribute('data-scene', 'slowstep');
  const panel = page.getByTestId('slowmo-panel');
  // The step is taken (the pretrained network first) and its stages play by themselves.
  await expect(panel).toHaveAttribute('data-stage', 'points', { timeout: 45_000 });
  const shown = await fm(page);
  expect(shown.slowmo?.status).toBe('showing');
  const n = shown.slowmo!.numbers!;
  // A real step of the run: it is the run's latest step, and its errors average to its loss.
  expect(shown.step).toBe(n.step);
  expect(n.loss).toBeGreaterThan(0);
  expect(Math.abs(n.meanError - n.loss) / n.loss).toBeLessThan(1e-4);
  await expect(panel).toHaveAttribute('data-stage', 'pairing', { timeout: 10_000 });
  // A clicker: PageDown shows the next stage at once, PageUp the one before.
  await page.keyboard.press('PageDown');
  await expect(panel).toHaveAttribute('data-stage', /times|xt/);
  await page.keyboard.press('PageUp');
  await expect(panel).toHaveAttribute('data-stage', /pairing|times/);
  // It gets to the weights' update and stays there, with the step's loss on screen.
  await expect(panel).toHaveAttribute('data-stage', 'update', { timeout: 40_000 });
  await expect(page.getByTestId('slowmo-loss')).toBeVisible();
  await expect(root).toHaveAttribute('data-scene', 'slowstep');
  expect((await fm(page)).slowmo?.numbers?.step).toBe(n.step);
  // PageDown on the last stage moves on, and the slow step goes with its scene.
  await page.keyboard.press('PageDown');
  await expect(root).toHaveAttribute('data-scene', intro.scenes[at('slowstep')]!.id);
  await expect(panel).toHaveCount(0);
  expect((await fm(page)).slowmo).toBeNull();
});

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
