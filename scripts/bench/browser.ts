/**
 * Browser benchmarks of the production build in headless Debian Chromium (issue: playground):
 *  - time from pressing Train on moons until the learned flow's samples are visibly moons
 *    (exact W2 of 1 000 samples to 1 000 fresh moons points ≤ 0.25);
 *  - main-thread frame time (requestAnimationFrame intervals) while training with 20 000
 *    particles animating;
 *  - the scheduler comparison (issue: comparison panel): steps per second of one model alone
 *    against OT, VP and VE (and OT with minibatch-OT pairs) trained together in the worker,
 *    and the frame time while all of them train and animate.
 *  - instant start (issue: blogs and classrooms): from navigation to the first animated frames
 *    of the pretrained flow in a fresh browser (no cache, no service worker), and the bytes
 *    transferred before it.
 * Run by `npm run bench -- --browser [--backend wasm]` after `npm run build`. Prints Markdown.
 * `--start N [--against sub/path/]` measures only the instant start, N times, with each
 * run's timeline (responses, first backend, pretrained, frames), interleaved with another
 * build copied under dist/ (e.g. the previous one, to compare on a loaded machine).
 */
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import { DATASETS } from '../../src/flow/datasets';
import { w2Exact } from '../../src/flow/metrics';
import { createRng } from '../../src/flow/rng';
import { COMPARE_IDS, compareRun, singleRate } from './compare';
import { BACKEND, BASE, fm, preview, pressTrain, rafIntervals, waitFor } from './page';
import { firstFlow } from './start';

export { startBench } from './start';

/** Seconds from Train until W2(1 000 samples, moons) ≤ 0.25, and the W2 then. */
async function timeToMoons(page: Page): Promise<{ seconds: number; w2: number; step: number }> {
  await page.goto(`${BASE}#ds=moons${BACKEND}`, { waitUntil: 'commit' });
  // From scratch, not from the pretrained network the page starts with: Reset once it shows.
  await waitFor(page, (s) => Boolean((s as { pretrained?: string | null })?.pretrained), 60_000);
  await page.getByRole('button', { name: /^(Reset|重置)$/ }).click();
  await waitFor(page, (s) => s?.step === 0, 10_000);
  await pressTrain(page);
  const started = Date.now();
  const reference = DATASETS.moons.sample(1000, createRng(12345));
  for (;;) {
    await page.waitForTimeout(250);
    const got = (await page.evaluate('window.__fmSamples?.(1000)')) as number[] | null;
    if (got && got.length === 2000) {
      const w2 = w2Exact(Float32Array.from(got), reference);
      const step = (await fm(page))?.step ?? -1;
      if (w2 <= 0.25) return { seconds: (Date.now() - started) / 1000, w2, step };
    }
    if (Date.now() - started > 120_000) throw new Error('moons not reached in 120 s');
  }
}

/** p50/p95/max of rAF intervals over `seconds` while training with 20 000 particles. */
async function frameTimes(page: Page, seconds: number) {
  await page.goto(`${BASE}#ds=moons&p=20000${BACKEND}`, { waitUntil: 'commit' });
  await pressTrain(page);
  await waitFor(page, (s) => (s?.step ?? 0) > 50, 60_000);
  return rafIntervals(page, seconds);
}

export async function browserBench(): Promise<string> {
  const server = await preview();
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const viewport = { width: 1440, height: 900 };
    const starts = [];
    for (let i = 0; i < 3; i++) starts.push(await firstFlow(browser));
    const first = await browser.newPage({ viewport });
    const moons = await timeToMoons(first);
    const backend = (await fm(first))?.backend;
    await first.close();
    // One page at a time: a page left open keeps its worker training and skews the next one.
    const alone = async <T>(measure: (page: Page) => Promise<T>): Promise<T> => {
      const page = await browser.newPage({ viewport });
      try {
        return await measure(page);
      } finally {
        await page.close();
      }
    };
    const frames = await alone((p) => frameTimes(p, 10));
    const single = await alone((p) => singleRate(p, 15));
    const three = await alone((p) => compareRun(p, 15, false));
    const together = await alone((p) => compareRun(p, 15, true));
    await browser.close();
    const r3 = three.rates;
    const r = together.rates;
    // Wall time for all three of OT, VP and VE to advance one step each, over one model's
    // time per step (3 = no overhead).
    const costRatio = single / Math.min(...['ot', 'vp', 've'].map((id) => r3[id] ?? 0));
    return [
      `| browser benchmark (headless Chromium, backend ${backend}) | measured |`,
      '|---|---|',
      `| navigation → first animated pretrained flow, fresh browser (3 runs) | ${starts.map((s) => (s.ms / 1000).toFixed(2)).join(' / ')} s |`,
      `| bytes transferred before it (requests) | ${starts.map((s) => `${(s.bytes / 1e6).toFixed(2)} MB (${s.requests})`).join(' / ')} |`,
      `| Train → samples visibly moons (W2 of 1 000 samples ≤ 0.25) | ${moons.seconds.toFixed(1)} s (step ${moons.step}, W2 ${moons.w2.toFixed(3)}) |`,
      `| frame time while training, 20 000 particles: p50 / p95 / max | ${frames.p50.toFixed(1)} / ${frames.p95.toFixed(1)} / ${frames.max.toFixed(1)} ms over ${frames.frames} frames |`,
      `| one model alone (playground defaults) | ${single.toFixed(0)} steps/s |`,
      `| comparison, OT / VP / VE training together | ${['ot', 'vp', 've'].map((id) => (r3[id] ?? 0).toFixed(0)).join(' / ')} steps/s |`,
      `| wall time for OT, VP and VE to each advance one step ÷ one model's step (goal ≤ about 3) | ${costRatio.toFixed(2)} |`,
      `| comparison frame time, three training: p50 / p95 / max | ${three.frames.p50.toFixed(1)} / ${three.frames.p95.toFixed(1)} / ${three.frames.max.toFixed(1)} ms over ${three.frames.frames} frames |`,
      `| comparison with OT pairs too, OT / VP / VE / OT+OT pairs | ${COMPARE_IDS.map((id) => (r[id] ?? 0).toFixed(0)).join(' / ')} steps/s |`,
      `| comparison frame time, four training: p50 / p95 / max | ${together.frames.p50.toFixed(1)} / ${together.frames.p95.toFixed(1)} / ${together.frames.max.toFixed(1)} ms over ${together.frames.frames} frames |`,
    ].join('\n');
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}
