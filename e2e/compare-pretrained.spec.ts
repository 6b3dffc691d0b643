/**
 * Instant start on the comparison page: with the pretrained setup (default target, network and
 * seed) its columns move the shipped networks (OT, VP, VE and OT pairs) before any click, are
 * measured as they are, and Train all continues from their step; Fresh networks starts anew.
 */
import type { Page } from '@playwright/test';
import type { FmCompareSnapshot as Cmp } from '../src/ui/compare/testHook';
import { canvasHash, expect, pollUntil, test } from './fixtures';

const IDS = ['ot', 'vp', 've', 'ot-pairs'] as const;
const COLUMNS = ['ot', 'vp', 've'] as const;
const FILES = {
  ot: 'moons-ot.json',
  vp: 'moons-vp.json',
  ve: 'moons-ve.json',
  'ot-pairs': 'moons-ot-otpairs.json',
};

async function cmp(page: Page): Promise<Cmp | null> {
  return page.evaluate(() => (window as unknown as { __fmCompare?: Cmp }).__fmCompare ?? null);
}

function waitCmp(page: Page, ok: (c: Cmp) => boolean, timeout = 30_000): Promise<Cmp> {
  return pollUntil(
    () => cmp(page),
    (c) => c !== null && ok(c),
    timeout,
  ) as Promise<Cmp>;
}

test('the comparison animates its pretrained networks before any click; Train all continues', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto('./#view=compare', { waitUntil: 'commit' });
  const shown = await waitCmp(
    page,
    (c) => IDS.every((id) => c.pretrained[id] === FILES[id] && c.shownStep[id] > 0),
    60_000,
  );
  expect(shown.status).toBe('idle');
  for (const id of IDS) {
    expect(shown.shownStep[id], id).toBe(shown.steps[id]);
    // Measured as they are: quality and path figures of the pretrained networks.
    expect(Number.isFinite(shown.slicedW2[id]), id).toBe(true);
    expect(shown.straightness[id], id).toBeGreaterThan(0);
  }
  for (const id of COLUMNS) {
    await expect(page.getByTestId(`cmp-note-${id}`)).toHaveText(
      `pretrained (${shown.steps[id]} steps)`,
    );
  }
  const before = await Promise.all(COLUMNS.map((id) => canvasHash(page, `cmp-view-${id}`)));
  await pollUntil(
    () => Promise.all(COLUMNS.map((id) => canvasHash(page, `cmp-view-${id}`))),
    (after) => after.every((h, i) => h !== before[i]),
    10_000,
  );
  // The NFE sweep ran on them too.
  await waitCmp(page, (c) => IDS.every((id) => c.sweepPoints[id] > 0), 60_000);

  // Train all continues from the pretrained step.
  await page.getByTestId('cmp-train').click();
  const training = await waitCmp(
    page,
    (c) => c.status === 'training' && COLUMNS.every((id) => c.steps[id] > shown.steps[id]),
    60_000,
  );
  for (const id of IDS) expect(training.pretrained[id], id).toBeNull();
  await expect(page.getByTestId('cmp-note-ot')).toContainText('training, step');
  await page.getByTestId('cmp-pause').click();
  await waitCmp(page, (c) => c.status === 'paused');

  // Fresh networks starts from scratch.
  await page.getByTestId('cmp-reset').click();
  const reset = await waitCmp(page, (c) => COLUMNS.every((id) => c.steps[id] === 0));
  for (const id of IDS) expect(reset.pretrained[id], id).toBeNull();
});
