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
import { spawn } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import { DATASETS } from '../../src/flow/datasets';
import { w2Exact } from '../../src/flow/metrics';
import { createRng } from '../../src/flow/rng';

const PORT = Number(process.env.BENCH_PORT ?? 4181);
// `--backend NAME` opens every page with that backend preference (default: auto).
const backendAt = process.argv.indexOf('--backend');
const BACKEND = backendAt >= 0 ? `&backend=${process.argv[backendAt + 1]}` : '';
const BASE = `http://127.0.0.1:${PORT}/`;

type Fm = { backend: string | null; step: number; status: string } | undefined;
// Evaluated as strings: tsx rewrites named functions inside page.evaluate callbacks (__name).
const fm = (page: Page): Promise<Fm> => page.evaluate('window.__fm');

async function waitFor(page: Page, ok: (s: Fm) => boolean, timeoutMs: number): Promise<Fm> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await fm(page);
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`timed out; last state ${JSON.stringify(s)}`);
    await page.waitForTimeout(100);
  }
}

async function pressTrain(page: Page): Promise<void> {
  await waitFor(page, (s) => s?.backend != null, 60_000);
  await page.getByRole('button', { name: /^(Train|训练)$/ }).click();
}

/** What one fresh start went through, in ms since navigation (the page's time origin). */
export interface StartRun {
  ms: number;
  bytes: number;
  requests: number;
  /** Each response that finished before the first flow: [ms, file name]. */
  timeline: [number, string][];
  /** When the page first reported these (−1: not before the first flow). */
  marks: { backend: number; pretrained: number; shown: number; firstFrame: number };
}

/**
 * Milliseconds from navigation (performance.now() = 0) until the learned view has drawn two
 * frames of the pretrained flow, in a fresh context; and the bytes of every response that
 * finished before then (headers and body as sent: vite preview gzips them).
 */
async function firstFlow(browser: Browser, base = BASE): Promise<StartRun> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const sizes: Promise<number>[] = [];
  const finished: [number, string][] = [];
  let done = false;
  // The context's events include the training worker's requests (its chunks, the .wasm).
  context.on('requestfinished', (r) => {
    if (done) return;
    const name = new URL(r.url()).pathname.split('/').pop() || '/';
    finished.push([Date.now(), name]);
    sizes.push(
      r.sizes().then(
        (s) => s.responseHeadersSize + s.responseBodySize,
        () => 0,
      ),
    );
  });
  await page.goto(`${base}#${BACKEND.slice(1)}`, { waitUntil: 'commit' });
  const r = (await page.evaluate(`new Promise((resolve) => {
    let seen = -1;
    const marks = { backend: -1, pretrained: -1, shown: -1, firstFrame: -1 };
    const mark = (k, ok) => { if (ok && marks[k] < 0) marks[k] = performance.now(); };
    const check = () => {
      const f = window.__fm;
      mark('backend', f && f.backend);
      mark('pretrained', f && f.pretrained);
      mark('shown', f && f.shownStep >= 0);
      if (f && f.pretrained && f.shownStep > 0) {
        if (seen < 0) seen = f.frames.learned;
        else if (f.frames.learned >= seen + 1) mark('firstFrame', true);
        if (f.frames.learned >= seen + 2) {
          return resolve({ ms: performance.now(), origin: performance.timeOrigin, marks });
        }
      }
      requestAnimationFrame(check);
    };
    check();
  })`)) as { ms: number; origin: number; marks: StartRun['marks'] };
  done = true;
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  const timeline = finished.map(([at, name]): [number, string] => [at - r.origin, name]);
  return { ms: r.ms, bytes, requests: sizes.length, timeline, marks: r.marks };
}

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

async function rafIntervals(page: Page, seconds: number) {
  const deltas = (await page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + ${seconds * 1000};
    const tick = (now) => {
      out.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else resolve(out);
    };
    requestAnimationFrame(tick);
  })`)) as number[];
  const sorted = deltas.slice(1).sort((a, b) => a - b);
  const q = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    frames: sorted.length,
    p50: q(0.5),
    p95: q(0.95),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

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
const COMPARE_IDS = ['ot', 'vp', 've', 'ot-pairs'];

/** Steps per second of the playground's one model over `seconds` (default settings, moons). */
async function singleRate(page: Page, seconds: number): Promise<number> {
  await page.goto(`${BASE}#ds=moons${BACKEND}`, { waitUntil: 'commit' });
  await pressTrain(page);
  const a = await waitFor(page, (s) => (s?.step ?? 0) > 50, 60_000);
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const b = await fm(page);
  return ((b?.step ?? 0) - (a?.step ?? 0)) / ((Date.now() - t0) / 1000);
}

/** The comparison's trainers together: steps per second each, and frame times. */
async function compareRun(page: Page, seconds: number, withPairs: boolean) {
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

/** `vite preview` of dist/ on PORT, in its own process group (the caller kills it). */
async function preview() {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore', detached: true },
  );
  // Up to a minute for the server to answer (slow on a loaded machine).
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 250));
    if (
      await fetch(BASE).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
  }
  return server;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Only the instant start, `runs` times for each build: dist/ itself and each of `others`
 * (sub-paths of dist/ holding another build, e.g. a copy of the previous one), interleaved so
 * that a change in the machine's load touches all alike. Prints each run's timeline.
 */
export async function startBench(runs: number, others: string[]): Promise<string> {
  const server = await preview();
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const builds = ['', ...others];
    const results = new Map<string, StartRun[]>(builds.map((b) => [b, []]));
    for (let i = 0; i < runs; i++) {
      for (const b of builds) {
        const r = await firstFlow(browser, BASE + b);
        results.get(b)!.push(r);
        const m = r.marks;
        const at = (x: number) => (x < 0 ? '–' : x.toFixed(0));
        console.error(
          `[${b || 'dist'}] ${r.ms.toFixed(0)} ms; backend ${at(m.backend)}, pretrained ` +
            `${at(m.pretrained)}, shown ${at(m.shown)}, frame ${at(m.firstFrame)}; ` +
            r.timeline.map(([t, n]) => `${n}@${t.toFixed(0)}`).join(' '),
        );
      }
    }
    await browser.close();
    const rows = builds.map((b) => {
      const rs = results.get(b)!;
      const ms = rs.map((r) => r.ms / 1000);
      const mb = rs.map((r) => `${(r.bytes / 1e6).toFixed(2)} MB (${r.requests})`);
      return `| ${b || 'dist/'} | ${ms.map((x) => x.toFixed(2)).join(' / ')} s (median ${median(ms).toFixed(2)}) | ${mb[0]} |`;
    });
    return [
      '| build | navigation → first animated pretrained flow | bytes before it (requests) |',
      '|---|---|---|',
      ...rows,
    ].join('\n');
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
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
