/**
 * The instant-start benchmark: from navigation to the first animated frames of the pretrained
 * flow in a fresh browser context, the bytes before it and each run's timeline; `startBench`
 * interleaves builds so that the machine's load touches all alike.
 */
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import { BACKEND, BASE, median, preview } from './page';

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
export async function firstFlow(browser: Browser, base = BASE): Promise<StartRun> {
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
