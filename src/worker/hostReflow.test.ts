/** The worker's Reflow request: a table of three flows, the trainer itself untouched. */
import { describe, expect, it } from 'vitest';
import type { TrainerCheckpoint } from '../model/trainerConfig';
import type { ReflowReply } from './protocol';
import { hostHarness, smallSetup } from './testing';

describe('training host: reflow', () => {
  it('reports original, reflow 1 and reflow 2 and leaves the trainer as it was', async () => {
    const { ok } = hostHarness();
    await ok({ type: 'init', backend: 'fused' });
    await ok({ type: 'configure', id: 'main', setup: smallSetup({ pathSigma: 0.1 }) });
    await ok({ type: 'step', id: 'main', n: 300 });
    const before = await ok<TrainerCheckpoint>({ type: 'checkpoint', id: 'main' });
    const report = await ok<ReflowReply>({
      type: 'reflow',
      id: 'main',
      rounds: 2,
      pairs: 500,
      pairSteps: 8,
      trainSteps: 100,
      samples: 200,
    });
    expect(report.step).toBe(300);
    expect(report.samples).toBe(200);
    expect(report.rows.map((r) => r.round)).toEqual([0, 1, 2]);
    for (const r of report.rows) {
      expect(r.straightness).toBeGreaterThan(0);
      expect(r.straightness).toBeLessThanOrEqual(1);
      expect(Number.isFinite(r.w2Euler1) && Number.isFinite(r.w2Euler2)).toBe(true);
      expect(r.oneStep).toHaveLength(400);
    }
    // The same request again gives the same figures (seeded x0, reference and pairs).
    const again = await ok<ReflowReply>({
      type: 'reflow',
      id: 'main',
      rounds: 1,
      pairs: 500,
      pairSteps: 8,
      trainSteps: 100,
      samples: 200,
    });
    expect(again.rows[1]!.w2Euler1).toBe(report.rows[1]!.w2Euler1);
    const after = await ok<TrainerCheckpoint>({ type: 'checkpoint', id: 'main' });
    expect(after.step).toBe(300);
    expect(after.weights).toEqual(before.weights);
    expect(after.config.pathSigma).toBe(0.1);
  }, 60_000);
});
