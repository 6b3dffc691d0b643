/**
 * Soak test (not in CI): the built playground trains in headless Chromium for N minutes and,
 * every minute, reports the worker's and the page's JS heap after a forced GC, the worker's
 * tensor count, training steps and frame times. At the end it fits the heap growth per hour
 * and throws generated links at the page through `hashchange`.
 *
 *   npm run build && npm run soak -- --minutes 30 [--links 2000] [--port 4399] [--out soak.json]
 *     [--dist DIR]   (a copy of dist/, so the checkout can be rebuilt while it runs)
 *
 * Exit code 1 when a heap grows by more than 5 MB per hour, the tensor count grows, the page
 * logs an error, or a link breaks the page; 2 for bad flags or a missing build.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { createRng } from '../src/flow/rng';
import { fuzzLink } from '../src/state/linkFuzz';

const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!(v >= 0) || !Number.isFinite(v)) {
    console.error(`soak: --${name} needs a number, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return v;
};
const minutes = flag('minutes', 30);
const links = flag('links', 2000);
const port = flag('port', Number(process.env.SOAK_PORT ?? 4399));
const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
const distIndex = process.argv.indexOf('--dist');
const dist = distIndex >= 0 ? process.argv[distIndex + 1]! : 'dist';
if (!existsSync(`${dist}/index.html`)) {
  console.error(`soak: no ${dist}/index.html (run npm run build first)`);
  process.exit(2);
}

interface Row {
  minute: number;
  step: number;
  stepsPerSec: number;
  mainHeapMB: number;
  workerHeapMB: number;
  tensors: number;
  frameP50: number;
  frameP95: number;
}

/** The worker's heap, after a GC there, over the DevTools protocol (non-flat sessions). */
async function workerHeap(cdp: CDPSession, sessionId: string): Promise<number> {
  let id = 0;
  const call = (method: string) =>
    new Promise<{ result?: { usedSize?: number } }>((resolve) => {
      const mine = ++id + 1000;
      const listen = (e: { sessionId: string; message: string }) => {
        const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
        if (e.sessionId === sessionId && msg.id === mine) {
          cdp.off('Target.receivedMessageFromTarget', listen);
          resolve(msg);
        }
      };
      cdp.on('Target.receivedMessageFromTarget', listen);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: mine, method }),
      });
    });
  await call('HeapProfiler.collectGarbage');
  return (await call('Runtime.getHeapUsage')).result?.usedSize ?? NaN;
}

/**
 * rAF intervals over two seconds: median and 95th percentile in ms. A string, because tsx
 * wraps named functions in a helper the page does not have.
 */
const FRAME_TIMES = `new Promise((resolve) => {
  const gaps = [];
  let last = performance.now();
  const end = last + 2000;
  function tick(now) {
    gaps.push(now - last);
    last = now;
    if (now < end) return requestAnimationFrame(tick);
    gaps.sort((a, b) => a - b);
    resolve([gaps[Math.floor(gaps.length / 2)], gaps[Math.floor(gaps.length * 0.95)]]);
  }
  requestAnimationFrame(tick);
})`;
const frameTimes = (page: Page) => page.evaluate(FRAME_TIMES) as Promise<[number, number]>;

/** Least-squares slope of y over minutes, in units per hour. */
function perHour(rows: Row[], y: (r: Row) => number): number {
  const n = rows.length;
  if (n < 2) return NaN;
  const mx = rows.reduce((a, r) => a + r.minute, 0) / n;
  const my = rows.reduce((a, r) => a + y(r), 0) / n;
  const sxy = rows.reduce((a, r) => a + (r.minute - mx) * (y(r) - my), 0);
  const sxx = rows.reduce((a, r) => a + (r.minute - mx) ** 2, 0);
  return (60 * sxy) / sxx;
}

async function main(): Promise<number> {
  const args = ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', dist];
  // Its own process group, so that stopping it stops npx's child (vite) as well.
  const server = spawn('npx', args, { stdio: 'ignore', detached: true });
  await new Promise((r) => setTimeout(r, 3000));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const cdp = await page.context().newCDPSession(page);
    const attached = new Promise<string>((resolve) =>
      cdp.on(
        'Target.attachedToTarget',
        (e) => e.targetInfo.type === 'worker' && resolve(e.sessionId),
      ),
    );
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (window as { __fm?: { backend?: string } }).__fm?.backend,
      null,
      {
        timeout: 120_000,
      },
    );
    const sessionId = await attached;
    await page.getByTestId('train').click();
    const rows: Row[] = [];
    const started = Date.now();
    console.log('min   step  steps/s  main MB  worker MB  tensors  frame p50/p95 ms');
    for (let minute = 1; minute <= minutes; minute++) {
      await page.waitForTimeout(Math.max(0, started + minute * 60_000 - Date.now()));
      // Trajectories in flight (a few MB) come and go: the least of three reads after GC is
      // what stays.
      const reads: { step: number; heap: number; worker: number }[] = [];
      for (let k = 0; k < 3; k++) {
        const main = await page.evaluate(() => {
          const w = window as unknown as { __fm: { step: number }; gc?: () => void };
          w.gc?.();
          const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
          return { step: w.__fm.step, heap: mem?.usedJSHeapSize ?? NaN };
        });
        reads.push({ ...main, worker: await workerHeap(cdp, sessionId) });
        await page.waitForTimeout(700);
      }
      const fm = { step: reads[0]!.step, heap: Math.min(...reads.map((r) => r.heap)) };
      const workerBytes = Math.min(...reads.map((r) => r.worker));
      const worker = page.workers()[0];
      const tensors = worker
        ? await worker.evaluate(
            () =>
              (self as unknown as { __fmTensors: () => { numTensors: number } }).__fmTensors()
                .numTensors,
          )
        : NaN;
      const [p50, p95] = await frameTimes(page);
      const row: Row = {
        minute,
        step: fm.step,
        stepsPerSec: Math.round((fm.step - (rows.at(-1)?.step ?? 0)) / 60),
        mainHeapMB: fm.heap / 2 ** 20,
        workerHeapMB: workerBytes / 2 ** 20,
        tensors,
        frameP50: p50,
        frameP95: p95,
      };
      rows.push(row);
      console.log(
        `${String(minute).padStart(3)} ${String(row.step).padStart(7)} ${String(row.stepsPerSec).padStart(7)}` +
          `  ${row.mainHeapMB.toFixed(2).padStart(7)}  ${row.workerHeapMB.toFixed(2).padStart(9)}` +
          `  ${String(tensors).padStart(7)}  ${p50.toFixed(1)}/${p95.toFixed(1)}`,
      );
    }
    // The first minutes warm caches (JIT, tfjs kernels, the chart's buffers): fit after them.
    const settled = rows.filter((r) => r.minute >= Math.min(3, Math.ceil(minutes / 3)));
    const mainGrowth = perHour(settled, (r) => r.mainHeapMB);
    const workerGrowth = perHour(settled, (r) => r.workerHeapMB);
    const tensorsFlat = settled.every((r) => r.tensors === settled[0]?.tensors);
    console.log(
      `growth after warm-up: main ${mainGrowth.toFixed(2)} MB/h, worker ${workerGrowth.toFixed(2)} MB/h; ` +
        `tensors ${tensorsFlat ? 'flat' : 'NOT flat'}; page errors ${errors.length}`,
    );

    let linkProblems = 0;
    const rng = createRng(7);
    for (let i = 0; i < links; i++) {
      await page.evaluate((h) => (location.hash = h), fuzzLink(rng));
      const notices = await page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-testid="link-notice"] li')).map(
          (li) => li.textContent ?? '',
        ),
      );
      if (notices.length > 8 || notices.some((n) => n.length > 240)) linkProblems++;
    }
    console.log(
      `${links} links through hashchange: ${linkProblems} with unbounded notices; page errors ${errors.length}`,
    );
    if (out)
      writeFileSync(
        out,
        JSON.stringify({ minutes, rows, mainGrowth, workerGrowth, errors }, null, 2),
      );
    const ok =
      mainGrowth < 5 &&
      workerGrowth < 5 &&
      tensorsFlat &&
      errors.length === 0 &&
      linkProblems === 0;
    return ok ? 0 : 1;
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`soak: ${e.message}`);
    process.exit(1);
  },
);
