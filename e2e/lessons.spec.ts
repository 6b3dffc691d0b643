/**
 * Lessons: PageDown walks a lesson and every scene applies its settings and shows its views; a
 * scene link opens at its scene and the link follows the scene; no console errors (the
 * fixture). Presenter mode: presenter.spec.ts.
 */
import type { Page } from '@playwright/test';
import { LESSONS } from '../src/lessons';
import { scenePatch } from '../src/lessons/scenePatch';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../src/state/settings';
import { decodeSettings } from '../src/state/url';
import { expect, fm, open, test } from './fixtures';

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
