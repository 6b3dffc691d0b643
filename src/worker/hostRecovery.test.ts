/**
 * The training host after a lost GPU device (hostEngine.ts): it recovers by itself with one
 * message, training goes on and a request caught by the loss is answered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../model/testing';
import { Trainer } from '../model/trainer';
import type { TrainerSetup } from './protocol';
import { hostHarness, smallSetup } from './testing';

const setup: TrainerSetup = smallSetup();

const harness = () => hostHarness({ qualityEveryMs: 50 });

describe('training host recovery', () => {
  beforeAll(() => useNodeBackend());

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
