/**
 * The host's instant start: on 'auto' it shows and samples a pretrained network on the fused
 * kernel before any engine is measured, then measures before the first training step (or when
 * asked) and moves its trainers onto the chosen engine from their checkpoints.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, sampleNormal } from '../flow/rng';
import { initBackend, type BackendInfo } from '../model/backend';
import { trainerFromModelFile } from '../model/engine';
import { sampleFlow } from '../model/sampler';
import type { HostOptions } from './host';
import type { SampleReply } from './protocol';
import { hostHarness, smallSetup, type RequestBody } from './testing';

const FILE = JSON.parse(readFileSync('public/pretrained/moons-ot.json', 'utf8')) as {
  step: number;
};
const setup = smallSetup();
const x0 = sampleNormal(64, createRng(5));

function harness(options: HostOptions = {}) {
  const h = hostHarness(options);
  const backendEvents = () => h.messages().filter((e) => e.type === 'backend');
  return { ...h, backendEvents };
}

/** The file's flow sampled directly on a fused trainer (what the host must reproduce). */
async function expected(): Promise<Float32Array> {
  const { trainer } = await trainerFromModelFile({ name: 'fused' }, FILE, setup);
  const r = await sampleFlow(trainer.sampleMlp, x0, {
    solver: 'euler',
    steps: 8,
    scheduler: trainer.scheduler,
    record: true,
  });
  trainer.dispose();
  return r.trajectory!;
}

const sampleBody: RequestBody = {
  type: 'sample',
  id: 'main',
  x0,
  solver: 'euler',
  steps: 8,
  record: true,
};

describe('training host: instant start on auto', () => {
  it('samples a pretrained network before measuring, measures before the first step', async () => {
    let measured = 0;
    const { ok, messages, backendEvents } = harness({
      engine: async (pref, opts) => {
        measured++;
        const { initEngine } = await import('../model/engine');
        return initEngine(pref, opts);
      },
    });
    const info = await ok<BackendInfo & { pending?: boolean }>({ type: 'init', backend: 'auto' });
    expect(info).toMatchObject({ name: 'fused', pending: true });
    expect(info.reason).toMatch(/measured before training/);
    await ok({ type: 'configure', id: 'main', setup });
    expect(await ok({ type: 'importModel', id: 'main', file: FILE })).toEqual({ step: FILE.step });
    const first = await ok<SampleReply>(sampleBody);
    expect(first.step).toBe(FILE.step);
    expect(Array.from(first.trajectory)).toEqual(Array.from(await expected()));
    expect(measured).toBe(0);
    expect(backendEvents()).toHaveLength(0);

    const stats = await ok<{ step: number }>({ type: 'step', id: 'main', n: 5 });
    expect(stats.step).toBe(FILE.step + 5);
    expect(measured).toBe(1);
    const [chosen] = backendEvents();
    expect(chosen?.type === 'backend' && chosen.info.reason).toMatch(
      /measured \d+ steps\/s on the fused WASM SIMD kernel vs \d+ on tfjs/,
    );
    // The choice came before the step's own events.
    const at = messages().indexOf(chosen!);
    expect(messages().findIndex((e) => e.type === 'stats')).toBeGreaterThan(at);
    // Asking again changes nothing: one measurement per worker.
    const again = await ok<BackendInfo>({ type: 'chooseEngine' });
    expect(again.reason).toBe(chosen?.type === 'backend' ? chosen.info.reason : '');
    expect(measured).toBe(1);
    expect(backendEvents()).toHaveLength(1);
  });

  it('moves its trainers onto a tfjs engine chosen by measurement, weights and step kept', async () => {
    const { ok, backendEvents } = harness({
      engine: async () => ({ ...(await initBackend('cpu')), reason: 'tfjs CPU measured faster' }),
    });
    await ok({ type: 'init', backend: 'auto' });
    await ok({ type: 'configure', id: 'main', setup });
    await ok({ type: 'importModel', id: 'main', file: FILE });
    const before = await ok<SampleReply>(sampleBody);
    const chosen = await ok<BackendInfo>({ type: 'chooseEngine' });
    expect(chosen.name).toBe('cpu');
    // The trainer is now tfjs's: its weights and Adam slots are tensors.
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(8);
    expect(backendEvents()).toHaveLength(1);
    const after = await ok<SampleReply>(sampleBody);
    expect(after.step).toBe(FILE.step);
    // Same weights, now evaluated by tfjs: equal up to float32 rounding over 8 Euler steps.
    const gap = after.trajectory.reduce(
      (m, v, i) => Math.max(m, Math.abs(v - before.trajectory[i]!)),
      0,
    );
    expect(gap).toBeLessThan(1e-4);
    const stats = await ok<{ step: number; loss: number }>({ type: 'step', id: 'main', n: 3 });
    expect(stats.step).toBe(FILE.step + 3);
    expect(Number.isFinite(stats.loss)).toBe(true);
  });

  it('an explicit preference starts that engine at once, nothing pending', async () => {
    const { ok, backendEvents } = harness();
    const info = await ok<BackendInfo & { pending?: boolean }>({ type: 'init', backend: 'fused' });
    expect(info.pending).toBeUndefined();
    expect(info.reason).toMatch(/fused WASM SIMD kernel requested/);
    await ok({ type: 'chooseEngine' });
    expect(backendEvents()).toHaveLength(0);
  });
});
