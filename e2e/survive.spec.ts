import { createRng } from '../src/flow/rng';
import { fuzzLink } from '../src/state/linkFuzz';
import { encodePoints } from '../src/state/url';
import { expect, fm, open, test, waitFm } from './fixtures';

// A small network so that the 2-core CI machine trains it in seconds.
const SMALL = 'w=16&d=2&b=128&p=1000&n=16';
/** 40 hand-drawn points on a ring. */
const RING = Array.from({ length: 40 }, (_, i) => [
  2 * Math.cos((i / 40) * 2 * Math.PI),
  2 * Math.sin((i / 40) * 2 * Math.PI),
]).flat();
const DRAWN = `ds=drawn&pts=${encodePoints(RING)}`;

test.describe('surviving faults', () => {
  test.beforeEach(async ({ page }) => {
    // Test-only: declare the worker dead after 4 s of silence instead of 45 s.
    await page.addInitScript(() => {
      (window as unknown as { __fmWorkerSilenceMs: number }).__fmWorkerSilenceMs = 4000;
    });
  });

  test('the worker dies mid-training: one message, a new worker resumes from the checkpoint, drawing kept', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await open(page, `${SMALL}&${DRAWN}`);
    await page.getByTestId('train').click();
    await waitFm(page, (f) => f.status === 'training' && f.step > 30, 60_000);
    await page.waitForTimeout(6000); // the page holds a checkpoint (every 5 s)
    const before = (await fm(page)).step;
    const old = page.workers()[0]!;
    await old.evaluate(() => self.close());
    const error = page.getByTestId('run-error');
    await expect(error).toContainText('stopped responding', { timeout: 30_000 });
    const text = (await error.textContent()) ?? '';
    const resumedAt = Number(/checkpoint \(step (\d+)\)/.exec(text)?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(before);
    // Training goes on by itself, past where the old worker stopped.
    const after = await waitFm(page, (f) => f.step > before + 20, 60_000);
    expect(after.status).toBe('training');
    expect(after.points).toBe(40);
    await expect(page.getByTestId('run-error')).toHaveCount(1);
    expect(page.workers()).toHaveLength(1);
    await page.getByTestId('pause').click();
    await waitFm(page, (f) => f.status === 'paused');
  });

  test('an uncaught exception the worker survives: said once, training goes on', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await open(page, SMALL);
    await page.getByTestId('train').click();
    await waitFm(page, (f) => f.status === 'training' && f.step > 10, 60_000);
    const worker = page.workers()[0]!;
    for (let i = 0; i < 2; i++) {
      await worker.evaluate(() => {
        setTimeout(() => {
          throw new Error('boom from a test');
        }, 0);
      });
    }
    await expect(page.getByTestId('run-error')).toContainText('boom from a test');
    const step = (await fm(page)).step;
    const later = await waitFm(page, (f) => f.step > step + 20, 30_000);
    expect(later.status).toBe('training');
    expect(page.workers()).toEqual([worker]);
    await page.getByTestId('pause').click();
    await waitFm(page, (f) => f.status === 'paused');
  });
});

test.describe('links', () => {
  test('notices are bounded and replaced (not appended) by the next link', async ({ page }) => {
    test.setTimeout(60_000);
    const spoof = 'Your session expired: call 555-0100 now. '.repeat(2000);
    await open(page, `ds=${encodeURIComponent(spoof)}`);
    const notice = page.getByTestId('link-notice');
    await expect(notice.locator('li')).toHaveCount(1);
    expect(((await notice.textContent()) ?? '').length).toBeLessThan(300);
    const train = await page.getByTestId('train').boundingBox();
    expect(train!.y).toBeLessThan(900);

    await page.evaluate(() => (location.hash = '#w=abc&zz=1&zz=1'));
    await expect(notice.locator('li')).toHaveCount(3);
    await expect(notice).not.toContainText('555-0100');
    await expect(notice).toContainText('width');
    await expect(notice).toContainText('"zz"');

    await page.evaluate(() => (location.hash = '#w=32'));
    await expect(notice).toHaveCount(0);
    expect((await fm(page)).points).toBe(2000);
  });

  test('200 generated links through hashchange: no page error, bounded notices, a working page', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await open(page);
    const rng = createRng(99);
    for (let i = 0; i < 200; i++) {
      await page.evaluate((h) => (location.hash = h), fuzzLink(rng));
      const lines = await page
        .getByTestId('link-notice')
        .locator('li')
        .evaluateAll((lis) => lis.map((li) => li.textContent ?? ''));
      expect(lines.length).toBeLessThanOrEqual(8);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(240);
    }
    await page.evaluate(() => (location.hash = '#w=16&d=2&b=128&p=1000'));
    await expect(page.getByTestId('link-notice')).toHaveCount(0);
    const f = await fm(page);
    expect(f.points).toBeGreaterThan(0);
    await expect(page.getByTestId('train')).toBeVisible();
  });

  test('the drawing survives picking a preset and a reload; "Draw your own" brings it back', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await open(page, DRAWN);
    expect((await fm(page)).points).toBe(40);
    await page.getByTestId('preset-moons').click();
    expect((await fm(page)).points).toBe(2000);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('pts=');
    await page.reload({ waitUntil: 'commit' });
    await waitFm(page, (f) => f.backend !== null);
    await page.getByTestId('preset-drawn').click();
    expect((await fm(page)).points).toBe(40);
    await expect(page.getByTestId('point-count')).toContainText('40');
  });
});
