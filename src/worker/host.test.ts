/**
 * The training host's training: configure and step, the round-robin loop (fair chunks,
 * quality, pause), a step in slow motion, refused setups, divergence, the weight average.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createRng, sampleNormal } from '../flow/rng';
import { useNodeBackend } from '../model/testing';
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
});
