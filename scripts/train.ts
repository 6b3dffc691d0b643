/**
 * Headless trainer: `npm run train -- --dataset moons --steps 20000 --out run.json`.
 * Exit codes: 0 done, 2 bad arguments or unwritable output, 3 training diverged.
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runTraining, type Progress } from './headless';
import { guidanceText } from './headlessGuidance';
import { reflowTable } from './headlessReflow';
import { REFLOW_DEFAULTS } from '../src/flow/reflow';
import { HELP, parseTrainArgs, UsageError } from './trainArgs';

/** Throws UsageError unless `file` can be written (checked before training starts). */
function checkWritable(file: string): void {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir)) throw new UsageError(`--out: the folder ${dir} does not exist`);
  try {
    if (existsSync(path) && statSync(path).isDirectory()) {
      throw new UsageError(`--out: ${path} is a folder, not a file`);
    }
    accessSync(existsSync(path) ? path : dir, constants.W_OK);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--out: cannot write to ${path} (${(e as Error).message})`);
  }
}

function progressLine(p: Progress): string {
  const pct = ((100 * p.step) / p.steps).toFixed(0).padStart(3);
  const eta = p.stepsPerSecond > 0 ? (p.steps - p.step) / p.stepsPerSecond : 0;
  return `${pct}%  step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  ${p.stepsPerSecond.toFixed(0)} steps/s  ETA ${eta.toFixed(0)} s`;
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseTrainArgs(process.argv.slice(2));
    if (opts?.out) checkWritable(opts.out);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === null) {
    process.stdout.write(HELP);
    return 0;
  }
  const tty = process.stderr.isTTY && !opts.quiet;
  let lastLog = 0;
  const result = await runTraining(
    opts,
    (p) => {
      if (tty) process.stderr.write(`\r${progressLine(p)}   `);
      else if (!opts.quiet && (p.step === p.steps || Date.now() - lastLog > 10_000)) {
        lastLog = Date.now();
        process.stderr.write(`${progressLine(p)}\n`);
      }
    },
    (row) => {
      if (!opts.quiet)
        process.stderr.write(`${tty ? '\n' : ''}reflow round ${row.round} measured\n`);
    },
  );
  if (tty) process.stderr.write('\n');
  const o = result.options;
  const summary =
    `${o.dataset} ${o.scheduler}/${o.coupling}${o.pathSigma > 0 ? ` σ=${o.pathSigma}` : ''} ${o.depth}×${o.width} ${o.activation}, ` +
    `${o.steps} steps at ${result.timings.stepsPerSecond.toFixed(1)} steps/s on ${result.backend.name}\n` +
    `W2 (exact, ${o.samples} samples, ${o.solver} ${result.solverSteps} steps, NFE ${result.nfe})` +
    (result.lastWeights
      ? `, EMA ${o.ema} weights: ${result.w2.toFixed(4)}; last weights: ${result.lastWeights.w2.toFixed(4)}\n`
      : `: ${result.w2.toFixed(4)}\n`);
  process.stdout.write(summary);
  if (result.reflow) {
    process.stdout.write(
      `Reflow: ${o.reflowPairs} pairs per round (RK4 ${REFLOW_DEFAULTS.pairSteps} steps), ${o.reflowSteps} steps each; ` +
        `exact W2 of ${o.samples} samples, straightness on RK4 100 steps\n` +
        `${reflowTable(result.reflow)}\n`,
    );
  }
  const ll = result.likelihood;
  if (ll) {
    process.stdout.write(
      `log-likelihood (exact 2×2 trace, RK4 ${ll.steps} steps backward), mean over ${ll.points} ` +
        `held-out points: ${ll.mean.toFixed(4)} nats (KDE of 2000 training points: ` +
        `${ll.kdeMean.toFixed(4)} nats; ${ll.seconds.toFixed(1)} s)\n`,
    );
  }
  if (result.guidance) {
    process.stdout.write(
      `Classifier-free guidance, label drop ${o.labelDrop}: ${o.samples} samples split over the ` +
        `classes, ${o.solver} ${result.solverSteps} steps; exact W2 to fresh points of each class, ` +
        `accuracy = nearest target point has the sample's label\n${guidanceText(result.guidance)}\n`,
    );
  }
  if (o.out) {
    writeFileSync(o.out, JSON.stringify(result));
    process.stdout.write(`wrote ${o.out}\n`);
  }
  if (result.diverged) {
    process.stderr.write(`error: ${result.diverged}\n`);
    return 3;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
