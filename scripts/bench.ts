/**
 * Benchmarks (figures go in the README; nothing here is a test):
 *   npm run bench                 speed: fused WASM, tfjs WASM and PyTorch side by side, in
 *                                 interleaved rounds (--rounds 4), and the sampler's rate
 *   npm run bench -- --browser    the built app in headless Chromium (run `npm run build` first;
 *                                 --start N: only the instant start, N runs, with timelines)
 *   npm run bench -- --quality    W2 at 10 000 samples of the published protocol (MATH.md §5),
 *                                 4 tasks × 20 000 steps per seed, runs in parallel child
 *                                 processes (--seeds 0,1,2 --ema 0.999 --jobs 2; --reuse keeps
 *                                 result files of earlier runs with the same options)
 * Results are printed as Markdown and written to bench-results/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DATASETS } from '../src/flow/datasets';
import { w2Exact } from '../src/flow/metrics';
import { createRng } from '../src/flow/rng';
import type { TrainResult } from './headless';

const PUBLISHED: Record<string, number> = {
  'moons/independent': 0.178,
  'moons/ot': 0.13,
  'scurve/independent': 0.242,
  'scurve/ot': 0.144,
};

const machine = () =>
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;

async function speed(): Promise<void> {
  const { speedBench } = await import('./bench/speed');
  const table = await speedBench(Number(flagValue('--rounds', '4')));
  console.log(table);
  writeFileSync('bench-results/speed.md', table + '\n');
}

const SAMPLES = 10_000;

/** `--name value` from argv, or the fallback. */
function flagValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

interface ProtocolRun {
  dataset: 'moons' | 'scurve';
  coupling: 'independent' | 'ot';
  seed: number;
  file: string;
}

/**
 * One protocol run as a child `npm run train` process (so runs use every core), unless
 * `--reuse` finds its file from an earlier run with the same options.
 */
function trainRun(run: ProtocolRun, ema: number, steps: number): Promise<TrainResult> {
  const reuse = process.argv.includes('--reuse') && existsSync(run.file);
  if (reuse) {
    const saved = JSON.parse(readFileSync(run.file, 'utf8')) as TrainResult;
    const o = saved.options;
    if (o.steps === steps && o.samples === SAMPLES && o.ema === ema) return Promise.resolve(saved);
  }
  const args = ['--dataset', run.dataset, '--coupling', run.coupling, '--seed', String(run.seed)];
  args.push('--steps', String(steps), '--samples', String(SAMPLES), '--ema', String(ema));
  args.push('--quiet', '--out', run.file);
  const node = ['--import', 'tsx', '--import', './scripts/node/register.mjs', 'scripts/train.ts'];
  return new Promise((done, fail) => {
    execFile(process.execPath, [...node, ...args], { maxBuffer: 1 << 24 }, (err, stdout) => {
      if (err) return fail(new Error(`${run.file}: ${err.message}`));
      process.stdout.write(stdout);
      done(JSON.parse(readFileSync(run.file, 'utf8')) as TrainResult);
    });
  });
}

/** Runs `tasks` with at most `jobs` at a time, results in task order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const cell = (xs: number[]) =>
  xs.length === 1
    ? xs[0]!.toFixed(3)
    : `**${mean(xs).toFixed(3)}** ± ${sd(xs).toFixed(3)} (${xs.map((x) => x.toFixed(3)).join(', ')})`;

/**
 * The published protocol (MATH.md §5) over several seeds: `--seeds 0,1,2,3,4` (default 0),
 * `--ema 0.999` (default; 0 turns it off), `--jobs N` parallel runs (default: one per core).
 * Each run reports the W2 of its last weights (the protocol as published) and of the weight
 * average, on the same x0 and 10 000 fresh target points.
 */
async function quality(): Promise<void> {
  const seeds = flagValue('--seeds', '0').split(',').map(Number);
  const ema = Number(flagValue('--ema', '0.999'));
  const jobs = Number(flagValue('--jobs', String(os.cpus().length)));
  // Shorter runs only smoke-test the bench: the table is the protocol at 20 000 steps.
  const steps = Number(flagValue('--steps', '20000'));
  if (
    !seeds.every((s) => Number.isInteger(s) && s >= 0) ||
    !(ema >= 0 && ema < 1) ||
    !(jobs >= 1) ||
    !(Number.isInteger(steps) && steps > 0)
  ) {
    throw new Error(
      'usage: --quality [--seeds 0,1,2] [--ema 0.999] [--jobs 2] [--steps 20000] [--reuse]',
    );
  }
  const runs: ProtocolRun[] = [];
  for (const dataset of ['moons', 'scurve'] as const) {
    for (const coupling of ['independent', 'ot'] as const) {
      for (const seed of seeds) {
        const method = coupling === 'ot' ? 'otcfm' : 'icfm';
        runs.push({
          dataset,
          coupling,
          seed,
          file: `bench-results/${dataset}-${method}-s${seed}${steps === 20_000 ? '' : `-${steps}`}.json`,
        });
      }
    }
  }
  // The longest runs (minibatch OT: an assignment per step) first, so the pool ends evenly.
  const longestFirst = [...runs].sort(
    (a, b) => Number(b.coupling === 'ot') - Number(a.coupling === 'ot'),
  );
  const results = await pool(
    longestFirst.map((r) => () => trainRun(r, ema, steps)),
    jobs,
  );
  const resultOf = new Map(longestFirst.map((r, k) => [r, results[k]!]));

  const rows = [];
  for (const dataset of ['moons', 'scurve'] as const) {
    const floor = w2Exact(
      DATASETS[dataset].sample(SAMPLES, createRng(101)),
      DATASETS[dataset].sample(SAMPLES, createRng(202)),
    );
    for (const coupling of ['independent', 'ot'] as const) {
      const res = runs
        .filter((r) => r.dataset === dataset && r.coupling === coupling)
        .map((r) => resultOf.get(r)!);
      const last = res.map((r) => r.lastWeights?.w2 ?? r.w2);
      const averaged = ema > 0 ? cell(res.map((r) => r.w2)) : '';
      const method = coupling === 'ot' ? 'OT-CFM' : 'I-CFM';
      rows.push(
        `| N→${dataset} | ${method} | ${cell(last)} | ${averaged} | ${PUBLISHED[`${dataset}/${coupling}`]} | ${floor.toFixed(3)} |`,
      );
    }
  }
  const table = [
    `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}; seeds ${seeds.join(', ')}; ${steps} steps`,
    '',
    `| task | method | W2, last weights | W2, EMA ${ema} of the weights | published | floor (two target samples) |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(table);
  writeFileSync('bench-results/quality.md', table + '\n');
}

mkdirSync('bench-results', { recursive: true });
if (process.argv.includes('--browser')) {
  const { browserBench, startBench } = await import('./bench/browser');
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const runs = arg('--start');
  const against = arg('--against');
  const table = runs
    ? await startBench(Number(runs), against ? against.split(',') : [])
    : await browserBench();
  console.log(table);
  writeFileSync(`bench-results/${runs ? 'start' : 'browser'}.md`, table + '\n');
} else {
  await (process.argv.includes('--quality') ? quality() : speed());
}
process.exit(0);
