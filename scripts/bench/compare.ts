/**
 * The comparison's rates: steps per second of the playground's one model alone, and of OT, VP
 * and VE (and OT with minibatch-OT pairs) trained together in the worker, with frame times.
 */
import type { Page } from '@playwright/test';
import { BACKEND, BASE, fm, pressTrain, rafIntervals, waitFor } from './page';

type Cmp =
  | {
      status: string;
      steps: Record<string, number>;
      sweepPoints: Record<string, number>;
      sweepSteps: Record<string, number>;
      sweepRunning: boolean;
    }
  | undefined;
const cmp = (page: Page): Promise<Cmp> => page.evaluate('window.__fmCompare');
export const COMPARE_IDS = ['ot', 'vp', 've', 'ot-pairs'];

/** Steps per second of the playground's one model over `seconds` (default settings, moons). */
export async function singleRate(page: Page, seconds: number): Promise<number> {
  await page.goto(`${BASE}#ds=moons${BACKEND}`, { waitUntil: 'commit' });
  await pressTrain(page);
  const a = await waitFor(page, (s) => (s?.step ?? 0) > 50, 60_000);
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const b = await fm(page);
  return ((b?.step ?? 0) - (a?.step ?? 0)) / ((Date.now() - t0) / 1000);
}

/** The comparison's trainers together: steps per second each, and frame times. */
export async function compareRun(page: Page, seconds: number, withPairs: boolean) {
  await page.goto(`${BASE}#ds=moons&view=compare${BACKEND}`, { waitUntil: 'commit' });
  await waitFor(page, (s) => s?.backend != null, 60_000);
  if (!withPairs) await page.getByTestId('cmp-with-pairs').uncheck();
  // The default setup loads the shipped networks and sweeps them once: let that finish first.
  for (let i = 0; i < 300; i++) {
    const c = await cmp(page);
    if (c && !c.sweepRunning && COMPARE_IDS.every((id) => (c.sweepPoints[id] ?? 0) > 0)) break;
    await page.waitForTimeout(100);
  }
  const start = (await cmp(page))?.steps;
  await page.getByTestId('cmp-train').click();
  const ids = withPairs ? COMPARE_IDS : COMPARE_IDS.slice(0, 3);
  for (let i = 0; ; i++) {
    const c = await cmp(page);
    // Past the first quality-versus-NFE sweep (10 s after Train; it pauses training while it
    // runs, and the next comes 60 s later), so the window below is steady training.
    const swept = (id: string) =>
      (c?.sweepPoints[id] ?? 0) > 0 && (c?.sweepSteps[id] ?? -1) > (start?.[id] ?? -1);
    if (c && !c.sweepRunning && ids.every(swept)) break;
    if (i > 600) throw new Error('the comparison did not start training');
    await page.waitForTimeout(100);
  }
  const a = (await cmp(page))!;
  const t0 = Date.now();
  await page.waitForTimeout(8000);
  const b = (await cmp(page))!;
  const elapsed = (Date.now() - t0) / 1000;
  const rates = Object.fromEntries(
    COMPARE_IDS.map((id) => [id, ((b.steps[id] ?? 0) - (a.steps[id] ?? 0)) / elapsed]),
  );
  const frames = await rafIntervals(page, seconds);
  return { rates, frames };
}
