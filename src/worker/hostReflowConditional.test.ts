/** The worker's Reflow request on a class-conditional trainer: labelled pairs, overall figures. */
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import type { TrainerCheckpoint } from '../model/trainerConfig';
import type { ReflowReply } from './protocol';
import { hostHarness, smallSetup } from './testing';

describe('training host: reflow of a conditional network', () => {
  it('reflows with the labels, straightens the class fields and leaves the trainer as it was', async () => {
    const { ok } = hostHarness();
    const labels = new Uint8Array(1000);
    const target = DATASETS.moons.sample(1000, createRng(0), labels);
    const model = { ...smallSetup().model, classes: 2 };
    await ok({ type: 'init', backend: 'fused' });
    await ok({
      type: 'configure',
      id: 'main',
      setup: smallSetup({ model, target, labels, labelDrop: 0.2 }),
    });
    await ok({ type: 'step', id: 'main', n: 300 });
    const before = await ok<TrainerCheckpoint>({ type: 'checkpoint', id: 'main' });
    const req = { pairs: 1000, pairSteps: 8, trainSteps: 200, samples: 300 };
    const report = await ok<ReflowReply>({ type: 'reflow', id: 'main', rounds: 1, ...req });
    expect(report.rows.map((r) => r.round)).toEqual([0, 1]);
    const [original, reflowed] = report.rows as [ReflowReply['rows'][0], ReflowReply['rows'][0]];
    expect(reflowed.straightness).toBeGreaterThan(original.straightness);
    expect(reflowed.w2Euler1).toBeLessThan(original.w2Euler1);
    expect(reflowed.oneStep).toHaveLength(600);
    const after = await ok<TrainerCheckpoint>({ type: 'checkpoint', id: 'main' });
    expect(after.step).toBe(300);
    expect(after.weights).toEqual(before.weights);
  }, 90_000);
});
