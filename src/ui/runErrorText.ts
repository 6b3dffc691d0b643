/**
 * The worker's fault reports (worker/client.ts, worker/host.ts) are English; this matches
 * the ones a user meets while nothing is wrong with their settings (a crashed worker, a lost
 * GPU) and says them in the page's language, with the same figures. Other messages pass as
 * they are.
 */
import type { Translate } from '../i18n';

/** The journal's "step 1200" / "steps ot 120, vp 98" (worker/journal.ts) in the page's language. */
function stepsText(steps: string, t: Translate): string {
  const one = /^step (\d+)$/.exec(steps);
  if (one) return t('checkpointStep', { n: one[1]! });
  const many = /^steps (.+)$/.exec(steps);
  return many ? t('checkpointSteps', { list: many[1]! }) : steps;
}

const PATTERNS: [RegExp, (m: RegExpExecArray, t: Translate) => string][] = [
  [
    /^The training worker (stopped responding \(nothing for ([\d.]+) s\)|.+?)\. A new one was started and resumed from the last checkpoint \((.+)\); the drawing and settings are unchanged\.$/,
    (m, t) =>
      t('workerRestarted', {
        why: m[2] !== undefined ? t('workerSilent', { s: m[2] }) : m[1]!,
        steps: stepsText(m[3]!, t),
      }),
  ],
  [
    /^The GPU device was lost \((.*)\)\. Switched to WASM and resumed from the last checkpoint\.$/,
    (m, t) => t('deviceLost', { reason: m[1]! }),
  ],
  [/^The training worker reported an error: (.*)$/, (m, t) => t('workerError', { detail: m[1]! })],
];

/** `message` in the page's language when it is one of the fault reports above. */
export function runErrorText(message: string, t: Translate): string {
  for (const [pattern, say] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return say(m, t);
  }
  return message;
}
