/**
 * The worker's Reflow request: measures the trainer's network, reflows it round after round
 * (model/reflow.ts) on its own temporary trainers, and reports each flow's straightness and
 * 1- and 2-step Euler exact W2, from the same x0 against the same subsample of the target,
 * as the comparison measures exact W2. The trainer itself is only read, never changed. A
 * conditional network is reflowed on labelled pairs; its figures are overall: the particles'
 * labels are drawn in the target's class proportions (seed + 29) and each follows its class
 * field (w = 0), against the same subsample of the (mixed) target.
 */
import { labelsInProportion } from '../flow/guidance';
import { subsample } from '../flow/metrics';
import { createRng, sampleNormal } from '../flow/rng';
import type { AnyTrainer } from '../model/engine';
import { flowFigures, reflowRound, type TrainerFactory } from '../model/reflow';
import type { TrainerSetup } from '../model/trainerConfig';
import type { ReflowReply, ReflowRequest } from './protocol';
import type { Answer } from './queries';

/** Original, then `req.rounds` reflowed networks; the temporary trainers are freed. */
export async function reflowReport(
  trainer: AnyTrainer,
  { target, labels }: Pick<TrainerSetup, 'target' | 'labels'>,
  req: ReflowRequest,
  create: TrainerFactory,
  pause: () => Promise<void>,
): Promise<Answer<ReflowReply>> {
  const seed = trainer.settings.seed;
  const n = Math.min(req.samples, target.length / 2);
  const x0 = sampleNormal(n, createRng(seed + 23));
  const reference = subsample(target, n, createRng(seed + 17));
  const classes = trainer.mlp.config.classes ?? 0;
  const x0Labels =
    classes > 0 && labels
      ? labelsInProportion(labels, classes, n, createRng(seed + 29))
      : undefined;
  const rows: ReflowReply['rows'] = [];
  const measure = async (t: AnyTrainer, round: number, seconds: number) => {
    const f = await flowFigures(t.sampleMlp, t.scheduler, x0, reference, x0Labels);
    rows.push({ round, seconds, ...f });
    await pause();
  };
  await measure(trainer, 0, 0);
  const step = trainer.step;
  let teacher = trainer;
  try {
    for (let round = 1; round <= req.rounds; round++) {
      const started = performance.now();
      const student = await reflowRound(teacher, create, req, round, { pause }, labels);
      if (teacher !== trainer) teacher.dispose();
      teacher = student;
      await measure(student, round, (performance.now() - started) / 1000);
    }
  } finally {
    if (teacher !== trainer) teacher.dispose();
  }
  const result: ReflowReply = { step, samples: n, rows };
  return { result, transfer: rows.map((r) => r.oneStep.buffer as ArrayBuffer) };
}
