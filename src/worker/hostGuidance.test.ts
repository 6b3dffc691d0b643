/** The worker with a class-conditional trainer: labels in, guided samples and fields out. */
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { NULL_LABEL } from '../flow/guidance';
import { createRng, sampleNormal } from '../flow/rng';
import { createTrainingHost } from './host';
import type { Request, SampleReply, WorkerEvent } from './protocol';
import { smallSetup } from './testing';

type Body = Request extends infer R ? (R extends Request ? Omit<R, 'requestId'> : never) : never;

describe('training host: class-conditional networks', () => {
  it('configures with labels, samples and draws the field with labels and guidance', async () => {
    const events: WorkerEvent[] = [];
    const host = createTrainingHost((msg) => events.push(msg), { chunkMs: 10 });
    let id = 1;
    const reply = async (body: Body) => {
      const requestId = id++;
      await host.handle({ ...body, requestId } as Request);
      const r = events.find((e) => e.type === 'reply' && e.requestId === requestId);
      if (r?.type !== 'reply') throw new Error('no reply');
      return r;
    };
    const ok = async <T>(body: Body): Promise<T> => {
      const r = await reply(body);
      if (!r.ok) throw new Error(r.error);
      return r.result as T;
    };
    const labels = new Uint8Array(500);
    const target = DATASETS.moons.sample(500, createRng(0), labels);
    const model = { ...smallSetup().model, classes: 2 };
    await ok({ type: 'init', backend: 'fused' });
    const missing = await reply({
      type: 'configure',
      id: 'main',
      setup: smallSetup({ model, target }),
    });
    expect(missing.ok || missing.error).toMatch(/needs a class label for every target point/);
    await ok({
      type: 'configure',
      id: 'main',
      setup: smallSetup({ model, target, labels, labelDrop: 0.2 }),
    });
    await ok({ type: 'step', id: 'main', n: 50 });
    const x0 = sampleNormal(40, createRng(3));
    const per = Uint8Array.from({ length: 40 }, (_, i) => (i % 3 === 2 ? NULL_LABEL : i % 3));
    const base = {
      type: 'sample',
      id: 'main',
      x0,
      solver: 'rk4',
      steps: 4,
      record: false,
    } as const;
    const plain = await ok<SampleReply>({ ...base, x0: Float32Array.from(x0), labels: per });
    const guided = await ok<SampleReply>({
      ...base,
      x0: Float32Array.from(x0),
      labels: per,
      guidance: 2,
    });
    expect(plain.nfe).toBe(16);
    expect(guided.nfe).toBe(32);
    // ∅ particles are untouched by guidance; labelled ones move.
    expect(guided.trajectory[4]).toBe(plain.trajectory[4]);
    expect(guided.trajectory[0]).not.toBe(plain.trajectory[0]);
    const pts = Float32Array.from([0.5, 0.2, -0.5, 0.3]);
    const t = 0.4;
    const field = (extra: object) =>
      ok<Float32Array>({ type: 'field', id: 'main', points: Float32Array.from(pts), t, ...extra });
    const vc = await field({ labels: Uint8Array.of(1) });
    const vn = await field({ labels: Uint8Array.of(NULL_LABEL) });
    const vg = await field({ labels: Uint8Array.of(1), guidance: 3 });
    for (let i = 0; i < 4; i++) expect(vg[i]).toBeCloseTo(4 * vc[i]! - 3 * vn[i]!, 4);
    expect(await field({})).toEqual(vn);
    const bad = await reply({ ...base, x0: Float32Array.from(x0), labels: per.subarray(0, 3) });
    expect(bad.ok || bad.error).toMatch(/expected 40 labels/);
    const logp = await ok<Float32Array>({
      type: 'logLikelihood',
      id: 'main',
      points: Float32Array.from(pts),
      steps: 4,
      label: 0,
    });
    expect(logp.every(Number.isFinite)).toBe(true);
    await ok({ type: 'setTarget', id: 'main', target, labels });
    const refused = await reply({ type: 'setTarget', id: 'main', target });
    expect(refused.ok || refused.error).toMatch(/needs a class label/);
  }, 60_000);
});
