import type { Page } from '@playwright/test';
import type { FmCompareSnapshot as Cmp } from '../src/ui/compare/testHook';
import { canvasHash, expect, open, pollUntil, test } from './fixtures';

// A small network and few particles so that four trainers advance on the 2-core CI machine.
const SMALL = 'w=32&d=2&b=128&p=600&n=16';
const IDS = ['ot', 'vp', 've', 'ot-pairs'] as const;
const COLUMNS = ['ot', 'vp', 've'] as const;

async function cmp(page: Page): Promise<Cmp> {
  const c = await page.evaluate(() => (window as unknown as { __fmCompare?: Cmp }).__fmCompare);
  if (!c) throw new Error('window.__fmCompare is not there (yet)');
  return c;
}

function waitCmp(page: Page, ok: (c: Cmp) => boolean, timeout = 30_000): Promise<Cmp> {
  return pollUntil(() => cmp(page), ok, timeout);
}

async function openCompare(page: Page, hash = SMALL): Promise<void> {
  await open(page, hash);
  await page.getByTestId('nav-compare').click();
  await expect(page.getByTestId('compare-page')).toBeVisible();
  await waitCmp(page, (c) => c.view === 'compare');
}

test('one button trains OT, VP and VE side by side; columns animate; NFE chart, metrics and findings fill in', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openCompare(page);
  // The schedules are drawn before any training: α and σ for three schedulers, and log SNR.
  expect(await page.getByTestId('schedule-chart').locator('path[stroke-width="2"]').count()).toBe(
    6,
  );
  expect(await page.getByTestId('snr-chart').locator('path[stroke-width="2"]').count()).toBe(3);
  // Conditional-path findings come from the formulas: OT straight at constant speed, VP an
  // arc, VE straight but slowing down (the page's own numbers, then its sentence).
  const { conditional: cond } = await cmp(page);
  expect(cond.ot.straightness).toBeCloseTo(1, 4);
  expect(cond.ot.energyRatio).toBeCloseTo(1, 3);
  expect(cond.vp.straightness).toBeLessThan(0.99);
  expect(cond.ve.straightness).toBeCloseTo(1, 3);
  expect(cond.ve.energyRatio).toBeGreaterThan(1.2);
  await expect(
    page.getByTestId('cmp-findings').locator('li[data-key="cmpFindCond"]'),
  ).toContainText(`OT ${cond.ot.straightness.toFixed(3)}, VP ${cond.vp.straightness.toFixed(3)}`);
  await expect(
    page.getByTestId('cmp-findings').locator('li[data-key="cmpFindCondVerdict"]'),
  ).toHaveText('Straight: OT, VE. Straight at constant speed (one Euler step is exact): OT.');

  await page.getByTestId('cmp-train').click();
  const trained = await waitCmp(
    page,
    (c) => c.status === 'training' && IDS.every((id) => c.steps[id] > 10 && c.shownStep[id] >= 0),
    60_000,
  );
  // Same data and seed for all: every trainer reports quality and path figures.
  for (const id of IDS) {
    expect(Number.isFinite(trained.slicedW2[id]), id).toBe(true);
    expect(trained.straightness[id], id).toBeGreaterThan(0);
    expect(trained.straightness[id], id).toBeLessThanOrEqual(1 + 1e-6);
  }

  // The three columns animate.
  const before = await Promise.all(COLUMNS.map((id) => canvasHash(page, `cmp-view-${id}`)));
  await page.waitForTimeout(700);
  const after = await Promise.all(COLUMNS.map((id) => canvasHash(page, `cmp-view-${id}`)));
  COLUMNS.forEach((id, i) => expect(after[i], id).not.toBe(before[i]));
  const frames = (await cmp(page)).frames;
  for (const id of COLUMNS) expect(frames[id]).toBeGreaterThan(10);

  // Space toggles the comparison's playback; the slider scrubs it.
  await page.locator('body').press('Space');
  await waitCmp(page, (c) => !c.playing);
  const slider = page.getByTestId('cmp-time-slider');
  await slider.focus();
  await page.keyboard.press('End');
  await waitCmp(page, (c) => c.t === 1);
  await expect(page.getByTestId('cmp-t-readout')).toHaveText('t = 1.00');

  // Quality versus NFE with the solvers asked for: Euler, midpoint, RK4.
  await page.getByRole('checkbox', { name: /Heun/ }).uncheck();
  await page.getByRole('checkbox', { name: /Midpoint/ }).check();
  await waitCmp(page, (c) => !c.sweepRunning, 60_000);
  await page.getByTestId('sweep-now').click();
  const swept = await waitCmp(
    page,
    (c) =>
      !c.sweepRunning &&
      c.sweepSolvers.join() === 'euler,midpoint,rk4' &&
      IDS.every((id) => c.sweepPoints[id] > 0),
    60_000,
  );
  expect(swept.sweepNfes[0]).toBe(1);
  expect(swept.sweepNfes[swept.sweepNfes.length - 1]).toBe(100);
  // Euler at all 8 budgets, midpoint at the 7 even ones, RK4 at the 6 multiples of 4, and one
  // adaptive (Dormand–Prince) point at its mean NFE.
  for (const id of IDS) expect(swept.sweepPoints[id], id).toBe(8 + 7 + 6 + 1);
  await expect(page.getByTestId('nfe-chart').locator('path[data-series="ve/rk4"]')).toHaveCount(1);
  await expect(page.getByTestId('nfe-chart').locator('path[data-series^="ot/heun"]')).toHaveCount(
    0,
  );

  // The metrics table fills in; exact W2 on demand.
  const table = page.getByTestId('cmp-metrics');
  for (const id of IDS) {
    await expect(table.locator(`tr[data-trainer="${id}"] td[data-metric="sliced"]`)).not.toHaveText(
      '–',
    );
  }
  await page.getByTestId('cmp-exact').click();
  const exact = await waitCmp(page, (c) => IDS.every((id) => c.exactW2[id] !== null), 60_000);
  for (const id of IDS) expect(exact.exactW2[id]!, id).toBeGreaterThan(0);
  await expect(table.locator('tr[data-trainer="ve"] td[data-metric="exact"]')).not.toHaveText('–');

  await page.getByTestId('cmp-pause').click();
  await waitCmp(page, (c) => c.status === 'paused', 30_000);
  await expect(page.getByTestId('cmp-findings').locator('li')).not.toHaveCount(0);
  expect(await page.getByTestId('cmp-findings').locator('li').count()).toBeGreaterThanOrEqual(4);

  // The panel speaks Chinese too.
  await page
    .getByRole('button', { name: /Chinese|中文|切换/ })
    .first()
    .click();
  await expect(page.getByTestId('cmp-train')).toHaveText('全部训练');
});

test('invalid scheduler parameters are refused with a clear message; the last valid values stay', async ({
  page,
}) => {
  await openCompare(page);
  const sigmaMax = page.getByTestId('cmp-param-sigmaMax');
  await sigmaMax.fill('0.001');
  await sigmaMax.press('Enter');
  await expect(page.getByTestId('cmp-param-error-ve')).toContainText('σ_max');
  await expect(sigmaMax).toHaveValue('10');
  expect((await cmp(page)).params.sigmaMax).toBe(10);

  const betaMax = page.getByTestId('cmp-param-betaMax');
  await betaMax.fill('abc');
  await betaMax.press('Enter');
  await expect(page.getByTestId('cmp-param-error-vp')).toContainText('number');
  await expect(betaMax).toHaveValue('20');

  const betaMin = page.getByTestId('cmp-param-betaMin');
  await betaMin.fill('30');
  await betaMin.press('Enter');
  await expect(page.getByTestId('cmp-param-error-vp')).toContainText('β_max');
  expect((await cmp(page)).params).toEqual({
    betaMin: 0.1,
    betaMax: 20,
    sigmaMin: 0.01,
    sigmaMax: 10,
  });

  // A valid value is taken and the message goes away.
  await sigmaMax.fill('5');
  await sigmaMax.press('Enter');
  await waitCmp(
    page,
    (c) => c.params.sigmaMax === 5 && !c.paramErrors.includes('cmpErrSigmaOrder'),
  );
  await expect(page.getByTestId('cmp-param-error-ve')).toHaveCount(0);
});

test('a link opens the comparison directly; too few target points: a clear message and nothing trains', async ({
  page,
}) => {
  await open(page, 'ds=drawn&bd=5&view=compare');
  await expect(page.getByTestId('compare-page')).toBeVisible();
  await expect(page.getByTestId('nav-compare')).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('cmp-train').click();
  await expect(page.getByTestId('cmp-notice')).toBeVisible();
  const c = await cmp(page);
  expect(c.notice).toBe('cmpTooFew');
  expect(c.status).toBe('idle');
  expect(IDS.every((id) => c.steps[id] === 0)).toBe(true);
});

test('the “OT, σ = 0.1” toggle adds a fourth column that trains and is measured; four columns fit', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openCompare(page);
  await expect(page.getByTestId('cmp-column-ot-sigma')).toHaveCount(0);
  await page.getByTestId('cmp-with-sigma').check();
  await expect(page.getByTestId('cmp-view-ot-sigma')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('csig=1');
  await page.getByTestId('cmp-train').click();
  const trained = await waitCmp(
    page,
    (c) =>
      c.withSigma &&
      c.status === 'training' &&
      c.steps['ot-sigma'] > 10 &&
      c.shownStep['ot-sigma'] >= 0 &&
      Number.isFinite(c.slicedW2['ot-sigma']),
    90_000,
  );
  expect(trained.straightness['ot-sigma']).toBeGreaterThan(0);
  expect(trained.lossCount['ot-sigma']).toBeGreaterThan(0);
  await expect(
    page.getByTestId('cmp-metrics').locator('tr[data-trainer="ot-sigma"] td[data-metric="sliced"]'),
  ).not.toHaveText('–');
  await page.getByTestId('cmp-pause').click();
  await waitCmp(page, (c) => c.status === 'paused' && c.sweepPoints['ot-sigma'] > 0, 60_000);
  await expect(
    page.getByTestId('nfe-chart').locator('path[data-series="ot-sigma/euler"]'),
  ).toHaveCount(1);
  await expect(
    page.getByTestId('cmp-findings').locator('li[data-key="cmpFindSigma"]'),
  ).toContainText('OT with σ = 0.1 around the path');
  // Four columns at a small laptop and a phone: nothing cut off, no sideways scrolling.
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${width}×${height}`).toBeLessThanOrEqual(0);
    for (const id of ['ot', 'vp', 've', 'ot-sigma']) {
      const box = (await page.getByTestId(`cmp-view-${id}`).boundingBox())!;
      expect(box.x, `${id} at ${width}`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${id} at ${width}`).toBeLessThanOrEqual(width + 0.5);
    }
    await page.getByTestId('cmp-column-ot-sigma').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screens/compare-sigma-${width}x${height}.png` });
  }
});
