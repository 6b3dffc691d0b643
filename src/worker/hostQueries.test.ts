/**
 * The training host's queries: trajectories as transferables, Dormand–Prince's NFE, the
 * quality-versus-NFE sweep, log p₁ against the flow core, model export and import.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, sampleNormal } from '../flow/rng';
import { gaussianLogDensity, logLikelihood } from '../flow/likelihood';
import { makeScheduler } from '../flow/schedulers';
import type { FieldWithDivergence } from '../flow/types';
import { velocityDivergence } from '../model/likelihood';
import { createMlp } from '../model/mlp';
import { useNodeBackend } from '../model/testing';
import { parseModelFile } from '../model/weights';
import type { TrainerSetup } from './protocol';
import { hostHarness, smallSetup } from './testing';

const setup: TrainerSetup = smallSetup();

const harness = () => hostHarness({ qualityEveryMs: 50 });

describe('training host queries', () => {
  beforeAll(() => useNodeBackend());

  it('samples trajectories as transferables', async () => {
    const { ok, call } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    const x0 = sampleNormal(30, createRng(2));
    const r = await call({
      type: 'sample',
      id: 'main',
      x0,
      solver: 'heun',
      steps: 8,
      record: true,
    });
    if (r.msg.type !== 'reply' || !r.msg.ok) throw new Error('sample failed');
    const result = r.msg.result as {
      trajectory: Float32Array;
      frames: number;
      n: number;
      nfe: number;
    };
    expect(result.trajectory.length).toBe(9 * 30 * 2);
    expect([result.frames, result.n, result.nfe]).toEqual([9, 30, 16]);
    expect(r.transfer).toEqual([result.trajectory.buffer]);
    const field: Float32Array = await ok({ type: 'field', id: 'main', points: x0, t: 0.5 });
    expect(field.length).toBe(60);
    const sweep: { solver: string; nfe: number; steps: number; slicedW2: number }[] = await ok({
      type: 'nfeSweep',
      id: 'main',
      x0,
      solvers: ['euler', 'midpoint', 'rk4'],
      nfes: [1, 2, 4, 8],
      reference: setup.target,
    });
    // NFE = steps × stages; budgets that are not a whole number of steps are skipped
    expect(sweep.map((p) => `${p.solver}:${p.nfe}:${p.steps}`)).toEqual([
      'euler:1:1',
      'euler:2:2',
      'euler:4:4',
      'euler:8:8',
      'midpoint:2:1',
      'midpoint:4:2',
      'midpoint:8:4',
      'rk4:4:1',
      'rk4:8:2',
    ]);
    expect(sweep.every((p) => Number.isFinite(p.slicedW2))).toBe(true);
  });

  it('samples with Dormand–Prince: NFE per particle, its mean, and a point in the sweep', async () => {
    const { ok, call } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'step', id: 'main', n: 30 });
    const x0 = sampleNormal(25, createRng(4));
    const r = await call({
      type: 'sample',
      id: 'main',
      x0,
      solver: 'dopri5',
      steps: 1,
      tol: 1e-3,
      record: true,
    });
    if (r.msg.type !== 'reply' || !r.msg.ok) throw new Error('sample failed');
    const res = r.msg.result as {
      trajectory: Float32Array;
      frames: number;
      nfe: number;
      nfePer: Uint16Array;
    };
    expect(res.frames).toBe(61);
    expect(res.trajectory.length).toBe(61 * 25 * 2);
    expect(res.nfePer).toHaveLength(25);
    // 2 start-up evaluations, then 6 per attempted step.
    for (const k of res.nfePer) expect((k - 2) % 6).toBe(0);
    const mean = Array.from(res.nfePer).reduce((a, b) => a + b, 0) / 25;
    expect(res.nfe).toBeCloseTo(mean, 10);
    expect(r.transfer).toEqual([res.trajectory.buffer, res.nfePer.buffer]);
    const sweep: { solver: string; nfe: number; steps: number }[] = await ok({
      type: 'nfeSweep',
      id: 'main',
      x0,
      solvers: ['euler'],
      nfes: [4],
      reference: setup.target,
      adaptiveTol: 1e-3,
    });
    expect(sweep.map((p) => p.solver)).toEqual(['euler', 'dopri5']);
    // The same particles, tolerance and weights: the same mean as the sample above.
    expect(sweep[1]!.nfe).toBeCloseTo(res.nfe, 10);
    const bad = await call({
      type: 'sample',
      id: 'main',
      x0,
      solver: 'dopri5',
      steps: 1,
      record: false,
    });
    expect(bad.msg.type === 'reply' && !bad.msg.ok && bad.msg.error).toMatch(/tolerance/);
  });

  it('log p₁ of the fused network (the density view) equals the flow core on the same weights', async () => {
    const { ok } = harness();
    await ok({ type: 'init', backend: 'fused' });
    await ok({ type: 'configure', id: 'main', setup: { ...setup, scheduler: 'vp' } });
    await ok({ type: 'step', id: 'main', n: 40 });
    const pts = sampleNormal(6, createRng(11));
    const got: Float32Array = await ok({
      type: 'logLikelihood',
      id: 'main',
      points: pts,
      steps: 8,
    });
    // The same weights in a tfjs network, integrated point by point in float64 by flow/.
    const { file, weights } = parseModelFile(
      await ok({ type: 'exportModel', id: 'main', dataset: 'moons' }),
    );
    const mlp = createMlp(file.architecture, 1);
    mlp.setWeights(weights);
    const s = makeScheduler('vp');
    const clamp = (t: number) => Math.min(Math.max(t, s.tMin), s.tMax);
    const field: FieldWithDivergence = (x, y, t, out) => {
      const [v, div] = tf.tidy(() => {
        const r = velocityDivergence(mlp, tf.tensor2d([[x, y]]), tf.tensor2d([[clamp(t)]]));
        return [r.v.dataSync(), r.div.dataSync()];
      });
      out[0] = v![0]!;
      out[1] = v![1]!;
      return div![0]!;
    };
    const { logp } = logLikelihood(field, pts, gaussianLogDensity(1), { solver: 'rk4', steps: 8 });
    for (let p = 0; p < 6; p++) expect(Math.abs(got[p]! - logp[p]!)).toBeLessThan(1e-3);
    mlp.dispose();
  });
  it('exports and re-imports a model; rejects a malformed file', async () => {
    const { ok, call } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'step', id: 'main', n: 7 });
    const file = await ok({ type: 'exportModel', id: 'main', dataset: 'moons' });
    const imported: { step: number } = await ok({
      type: 'importModel',
      id: 'main',
      file: JSON.parse(JSON.stringify(file)),
    });
    expect(imported.step).toBe(7);
    const bad = await call({ type: 'importModel', id: 'main', file: { format: 'other' } });
    expect(bad.msg.type === 'reply' && !bad.msg.ok && bad.msg.error).toMatch(
      /not a Flow Matching Playground model file/,
    );
  });

  it('imports a model with its own setup in one step; a refused file leaves the trainer as it was', async () => {
    const { ok, call } = harness();
    // No trainer yet: the setup travels with the file.
    await ok({ type: 'configure', id: 'src', setup });
    await ok({ type: 'step', id: 'src', n: 5 });
    const file = JSON.parse(
      JSON.stringify(await ok({ type: 'exportModel', id: 'src', dataset: 'moons' })),
    );
    const other = { ...setup, batch: 64, lr: 0.02 };
    const r: { step: number } = await ok({ type: 'importModel', id: 'main', file, setup: other });
    expect(r.step).toBe(5);
    const x0 = sampleNormal(8, createRng(1));
    const sample = (id: string) =>
      ok({
        type: 'sample',
        id,
        x0: x0.slice(),
        solver: 'euler',
        steps: 4,
        record: false,
      }) as Promise<{
        trajectory: Float32Array;
      }>;
    // Same weights, same flow.
    expect(Array.from((await sample('main')).trajectory)).toEqual(
      Array.from((await sample('src')).trajectory),
    );
    await ok({ type: 'step', id: 'main', n: 2 });
    const before = Array.from((await sample('main')).trajectory);
    const broken = { ...file, weights: file.weights.slice(1) };
    const bad = await call({ type: 'importModel', id: 'main', file: broken, setup: other });
    expect(bad.msg.type === 'reply' && !bad.msg.ok && bad.msg.error).toMatch(/weight arrays/);
    expect(Array.from((await sample('main')).trajectory)).toEqual(before);
    const stats: { step: number } = await ok({ type: 'step', id: 'main', n: 1 });
    expect(stats.step).toBe(8);
  });
});
