import type { Page } from '@playwright/test';
import { formatLoss } from '../src/ui/format';
import { canvasHash, expect, fm, open, test, waitFm } from './fixtures';

// A small network so that the 2-core CI machine trains it in seconds.
const SMALL = 'w=32&d=2&b=256&p=2000&n=24';
const STAGES = ['points', 'pairing', 'times', 'xt', 'target', 'network', 'error', 'update'];
/** The numbers each stage reveals (test ids), from that stage on. */
const REVEALS: [string, number][] = [
  ['slowmo-batch', 0],
  ['slowmo-t-range', 2],
  ['slowmo-mean-u', 4],
  ['slowmo-mean-v', 5],
  ['slowmo-mean-error', 6],
  ['slowmo-loss', 7],
  ['slowmo-update-norm', 7],
];

const views = async (page: Page) =>
  `${await canvasHash(page, 'view-conditional')}:${await canvasHash(page, 'view-learned')}`;

/**
 * Opens `hash`, lets it train a few steps first when `training`, then starts the slow step from
 * the Train tab (`tab`: its name in the page's language); the snapshot once the step shows.
 */
async function slowStep(page: Page, hash: string, { training = false, tab = 'Train' } = {}) {
  await open(page, hash);
  if (training) {
    await page.getByTestId('train').click();
    await waitFm(page, (f) => f.status === 'training' && f.step > 5, 30_000);
  }
  await page.getByRole('tab', { name: tab }).click();
  await page.getByTestId('slowmo-start').click();
  return waitFm(page, (f) => f.slowmo?.status === 'showing', 45_000);
}

test('a training step in slow motion: stages in order with the worker’s numbers, then training resumes', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const shown = await slowStep(page, SMALL, { training: true });
  const n = shown.slowmo!.numbers!;
  // Training paused; the slow step is the run's latest step, and the loss the worker reported
  // for it in its stats is the loss the step's reply carries.
  expect(shown.status).toBe('paused');
  expect(shown.step).toBe(n.step);
  expect(shown.loss).toBe(n.loss);
  expect([n.batch, n.shown]).toEqual([256, 64]);
  expect(Math.abs(n.meanError - n.loss) / n.loss).toBeLessThan(1e-4);
  expect(n.tMin).toBeGreaterThanOrEqual(0);
  expect(n.tMax).toBeLessThanOrEqual(1);
  expect(n.updateNorm).toBeGreaterThan(0);

  const panel = page.getByTestId('slowmo-panel');
  await expect(page.getByTestId('slowmo-next')).toBeFocused();
  let before = '';
  for (let k = 0; k < STAGES.length; k++) {
    await expect(panel).toHaveAttribute('data-stage', STAGES[k]!);
    await expect(page.getByTestId('slowmo-caption')).toContainText(`Stage ${k + 1} of 8`);
    await waitFm(page, (f) => f.slowmo?.index === k);
    for (const [id, from] of REVEALS) {
      await expect(page.getByTestId(id)).toHaveCount(k >= from ? 1 : 0);
    }
    // Every stage up to the errors adds marks to the views (the last one adds the update):
    // they differ from the stage before once redrawn, however long the machine takes to draw.
    if (k > 0 && k < 7) {
      const message = `views change at stage ${STAGES[k]}`;
      await expect.poll(() => views(page), { message }).not.toBe(before);
    }
    before = await views(page);
    if (k < STAGES.length - 1) await page.keyboard.press('ArrowRight');
  }
  await expect(page.getByTestId('slowmo-t-range')).toHaveText(
    `${n.tMin.toFixed(3)} – ${n.tMax.toFixed(3)}`,
  );
  await expect(page.getByTestId('slowmo-loss')).toHaveText(formatLoss(n.loss));
  await expect(page.getByTestId('slowmo-mean-error')).toHaveText(formatLoss(n.meanError));
  await expect(page.getByTestId('slowmo-update-norm')).toHaveText(n.updateNorm.toPrecision(3));
  await expect(panel.getByRole('table')).toContainText('W1');
  // Still paused all along: the slow step was one step.
  expect((await fm(page)).step).toBe(n.step);

  await page.keyboard.press('ArrowLeft');
  await expect(panel).toHaveAttribute('data-stage', 'error');
  await page.keyboard.press('ArrowRight');
  // Done: back to the live views, and training resumes from the slow step.
  await page.getByTestId('slowmo-next').click();
  await expect(panel).toHaveCount(0);
  await waitFm(page, (f) => f.slowmo === null && f.status === 'training' && f.step > n.step + 5);
});

test('the slow step on the tfjs trainer: one step, its loss as the worker reported it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const shown = await slowStep(page, `backend=wasm&${SMALL}&cp=ot`);
  const n = shown.slowmo!.numbers!;
  expect(shown.backend).toBe('wasm');
  expect(shown.step).toBe(n.step);
  expect(shown.loss).toBe(n.loss);
  await expect(page.getByTestId('slowmo-caption')).toContainText('Stage 1 of 8');
  await page.getByTestId('slowmo-next').press('ArrowRight');
  await expect(page.getByTestId('slowmo-caption')).toContainText('Minibatch OT pairs');
  // Escape closes; it was not training before, so it stays paused; Step goes on from there.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('slowmo-panel')).toHaveCount(0);
  await expect(page.getByTestId('slowmo-start')).toBeFocused();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitFm(page, (f) => f.step === n.step + 1 && f.status !== 'training');
});

test.describe('on a phone, in Chinese', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the caption fits, its controls are 44 px tall, no sideways scrolling', async ({ page }) => {
    test.setTimeout(90_000);
    await slowStep(page, `${SMALL}&lang=zh`, { tab: '训练' });
    await expect(page.getByTestId('slowmo-caption')).toContainText(
      '第 1 阶段（共 8 个）：噪声与数据',
    );
    const panel = page.getByTestId('slowmo-panel');
    const heights = await panel
      .locator('button')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights.length).toBe(12);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(sideways).toBe(false);
  });
});

test('in presenter mode the slow step shows and a clicker walks it: PageDown/PageUp a stage, Done at the end', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await slowStep(page, SMALL, { training: true });
  await page.keyboard.press('f');
  await expect(page.getByTestId('present-playground')).toBeVisible();
  const panel = page.getByTestId('slowmo-panel');
  await expect(panel).toHaveAttribute('data-stage', 'points');
  await page.keyboard.press('PageDown');
  await expect(panel).toHaveAttribute('data-stage', 'pairing');
  await page.keyboard.press('PageUp');
  await expect(panel).toHaveAttribute('data-stage', 'points');
  for (let k = 1; k < STAGES.length; k++) {
    await page.keyboard.press('PageDown');
    await expect(panel).toHaveAttribute('data-stage', STAGES[k]!);
  }
  // Outside a lesson, PageDown on the last stage is Done: the panel goes, training resumes.
  await page.keyboard.press('PageDown');
  await expect(panel).toHaveCount(0);
  await waitFm(page, (f) => f.status === 'training', 30_000);
});
