import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createRng, sampleNormal } from '../flow/rng';
import { gaussianLogDensity, logLikelihood } from '../flow/likelihood';
import { makeScheduler } from '../flow/schedulers';
import type { FieldWithDivergence } from '../flow/types';
import { velocityDivergence } from '../model/likelihood';
import { createMlp } from '../model/mlp';
import { useNodeBackend } from '../model/testing';
import { parseModelFile } from '../model/weights';
import { Trainer } from '../model/trainer';
import { TrainerCore } from '../model/trainerCore';
import type { TrainerSetup } from './protocol';
import { hostHarness, smallSetup } from './testing';

const setup: TrainerSetup = smallSetup();

const harness = () => hostHarness({ qualityEveryMs: 50 });

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('training host', () => {
  beforeAll(() => useNodeBackend());

  it('configures, steps and reports finite stats', async () => {
    const { ok } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    const stats: { step: number; loss: number; status: string } = await ok({
      type: 'step',
      id: 'main',
      n: 20,
    });
    expect(stats.step).toBe(20);
    expect(Number.isFinite(stats.loss)).toBe(true);
    expect(stats.status).not.toBe('diverged');
  });

  it('trains several ids round-robin at fair rates, pushes quality, and pauses', async () => {
    // A virtual clock: a step of 'ot' costs 0.25 ms, one of 'vp' 0.5 ms, and nothing else
    // takes time. Fair = one chunk each per round, each chunk sized to the same chunkMs (10):
    // after the first turn (5 steps, the starting chunk) 'ot' runs 40 steps a turn, 'vp' 20.
    const cost: Record<string, number> = { ot: 0.25, vp: 0.5 };
    let now = 0;
    const real = TrainerCore.prototype.trainSteps;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    vi.spyOn(TrainerCore.prototype, 'trainSteps').mockImplementation(function (
      this: TrainerCore<never>,
      k = 1,
    ) {
      now += k * cost[this.settings.scheduler]!;
      real.call(this, k);
    });
    const { ok, events, host, until } = harness();
    await ok({ type: 'init', backend: 'fused' });
    await ok({ type: 'configure', id: 'ot', setup });
    await ok({ type: 'configure', id: 'vp', setup: { ...setup, scheduler: 'vp' } });
    const from = events.length;
    await ok({ type: 'start', ids: ['ot', 'vp'] });
    const turns = () =>
      events
        .slice(from)
        .map((e) => e.msg)
        .filter((m) => m.type === 'stats' && m.status === 'training') as {
        id: string;
        step: number;
      }[];
    await until(() => turns().length >= 24);
    await ok({ type: 'pause' });
    await host.idle();
    vi.restoreAllMocks();

    const seen = turns();
    // setRunning's two announcements (step 0), then the loop's turns: ot, vp, ot, vp, …
    expect(seen.slice(0, 2)).toEqual([
      expect.objectContaining({ id: 'ot', step: 0 }),
      expect.objectContaining({ id: 'vp', step: 0 }),
    ]);
    const loop = seen.slice(2);
    expect(loop.map((m) => m.id)).toEqual(loop.map((_, i) => (i % 2 === 0 ? 'ot' : 'vp')));
    const perTurn = (id: string) =>
      loop.filter((m) => m.id === id).map((m, i, all) => m.step - (i > 0 ? all[i - 1]!.step : 0));
    const expected = (n: number, first: number, then: number) =>
      Array.from({ length: n }, (_, i) => (i === 0 ? first : then));
    expect(perTurn('ot')).toEqual(expected(perTurn('ot').length, 5, 40));
    expect(perTurn('vp')).toEqual(expected(perTurn('vp').length, 5, 20));

    const last = (id: string) =>
      events
        .map((e) => e.msg)
        .filter((m) => m.type === 'stats' && m.id === id)
        .pop() as { status: string };
    expect([last('ot').status, last('vp').status]).toEqual(['paused', 'paused']);
    expect(events.some((e) => e.msg.type === 'quality' && Number.isFinite(e.msg.slicedW2))).toBe(
      true,
    );
    const after = events.length;
    await wait(200);
    expect(events.slice(after).filter((e) => e.msg.type === 'stats')).toHaveLength(0);
  });

  it('takes a slow-motion step on either trainer: one counted step, stats event, arrays handed over', async () => {
    for (const backend of ['fused', 'wasm'] as const) {
      const { ok, call, events } = harness();
      await ok({ type: 'init', backend });
      await ok({ type: 'configure', id: 'main', setup });
      await ok({ type: 'step', id: 'main', n: 2 });
      const r = await call({ type: 'slowStep', id: 'main' });
      if (r.msg.type !== 'reply' || !r.msg.ok) throw new Error('slowStep failed');
      const { trace, stats } = r.msg.result as {
        trace: { step: number; loss: number; x0: Float32Array; err: Float32Array };
        stats: { step: number; loss: number; status: string };
      };
      expect([trace.step, stats.step, stats.status]).toEqual([3, 3, 'paused']);
      expect(trace.loss).toBe(stats.loss);
      expect(trace.x0.length).toBe(2 * setup.batch);
      expect(r.transfer).toContain(trace.x0.buffer);
      const last = events
        .map((e) => e.msg)
        .filter((m) => m.type === 'stats')
        .pop();
      expect(last).toMatchObject({ step: 3, loss: trace.loss });
      const next: { step: number } = await ok({ type: 'step', id: 'main', n: 1 });
      expect(next.step).toBe(4);
    }
  });

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

  it('refuses a bad setup with one clear error and keeps the previous trainer', async () => {
    const { ok, call } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'step', id: 'main', n: 5 });
    for (const bad of [
      { ...setup, target: new Float32Array(0) },
      { ...setup, model: { ...setup.model, width: 0 } },
      { ...setup, lr: NaN },
    ]) {
      const r = await call({ type: 'configure', id: 'main', setup: bad });
      expect(r.msg.type === 'reply' && !r.msg.ok && r.msg.error).toMatch(
        /points|width|learning rate/,
      );
    }
    const stats: { step: number } = await ok({ type: 'step', id: 'main', n: 1 });
    expect(stats.step).toBe(6);
    const missing = await call({ type: 'step', id: 'nope', n: 1 });
    expect(missing.msg.type === 'reply' && !missing.msg.ok && missing.msg.error).toMatch(
      /no trainer "nope"/,
    );
  });

  it('keeps the tensor count flat across chunks, and a diverging run still samples', async () => {
    const { ok } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'step', id: 'main', n: 2 });
    const start = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await ok({ type: 'step', id: 'main', n: 10 });
    expect(tf.memory().numTensors).toBe(start);
    await ok({ type: 'setLearningRate', id: 'main', lr: 1e12 });
    const stats: { status: string; message: string; step: number } = await ok({
      type: 'step',
      id: 'main',
      n: 30,
    });
    expect(stats.status).toBe('diverged');
    expect(stats.message).toMatch(/learning rate/);
    expect(stats.step).toBe(102);
    const r: { trajectory: Float32Array } = await ok({
      type: 'sample',
      id: 'main',
      x0: sampleNormal(10, createRng(3)),
      solver: 'euler',
      steps: 4,
      record: false,
    });
    expect(r.trajectory.every(Number.isFinite)).toBe(true);
  });

  it('turns the weight average on and off live; the export holds the sampled weights', async () => {
    const { ok, call } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'step', id: 'main', n: 10 });
    await ok({ type: 'setEma', id: 'main', ema: 0.9 });
    await ok({ type: 'step', id: 'main', n: 10 });
    type Ckpt = { weights: number[][]; emaWeights?: number[][] };
    type File = { weights: { data: number[] }[] };
    const ckpt: Ckpt = await ok({ type: 'checkpoint', id: 'main' });
    const averaged: File = await ok({ type: 'exportModel', id: 'main', dataset: 'moons' });
    expect(ckpt.emaWeights).toBeDefined();
    expect(averaged.weights.map((w) => w.data)).toEqual(ckpt.emaWeights);
    expect(ckpt.emaWeights![0]).not.toEqual(ckpt.weights[0]);
    await ok({ type: 'setEma', id: 'main', ema: 0 });
    const last: File = await ok({ type: 'exportModel', id: 'main', dataset: 'moons' });
    expect(last.weights.map((w) => w.data)).toEqual(ckpt.weights);
    const bad = await call({ type: 'setEma', id: 'main', ema: 1 });
    expect(bad.msg.type === 'reply' && !bad.msg.ok && bad.msg.error).toMatch(/EMA\) decay/);
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

  it('recovers from a lost GPU device by itself: one message, training and requests go on', async () => {
    const { ok, events, host, until } = harness();
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'start', ids: ['main'] });
    const trained = () => events.some((e) => e.msg.type === 'stats' && e.msg.step > 0);
    await until(trained);
    // What Chromium throws at tfjs-webgpu's next readback after device.destroy().
    const readStats = Trainer.prototype.readStats;
    let thrown = 0;
    Trainer.prototype.readStats = function (this: Trainer) {
      Trainer.prototype.readStats = readStats;
      thrown++;
      return Promise.reject(
        new Error("Failed to execute 'mapAsync' on 'GPUBuffer': Buffer was unmapped"),
      );
    };
    const sample = ok({
      type: 'sample',
      id: 'main',
      x0: new Float32Array(20),
      solver: 'euler',
      steps: 4,
      record: false,
    });
    // Until three chunks have trained after the switch (however long the machine takes).
    const statsAfterSwitch = () => {
      const all = events.map((e) => e.msg);
      const at = all.findIndex((m) => m.type === 'backend');
      return at < 0 ? [] : all.slice(at).filter((m) => m.type === 'stats');
    };
    await until(() => statsAfterSwitch().length > 2);
    await expect(sample).resolves.toMatchObject({ n: 10 });
    const msgs = events.map((e) => e.msg);
    const cut = msgs.findIndex((m) => m.type === 'backend');
    expect(thrown).toBe(1);
    expect(cut).toBeGreaterThan(0);
    const errors = msgs.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(/GPU device was lost.*resumed/),
    });
    const after = msgs.slice(cut).filter((m) => m.type === 'stats');
    expect(after.length).toBeGreaterThan(2);
    expect(after.every((m) => m.type === 'stats' && m.status === 'training')).toBe(true);
    await ok({ type: 'pause' });
    await host.idle();
  });
});
