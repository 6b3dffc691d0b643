import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainerCheckpoint } from '../model/trainer';
import { useNodeBackend } from '../model/testing';
import { TrainingClient } from './client';
import { createTrainingHost } from './host';
import type { Request, TrainerSetup, TrainingStats } from './protocol';
import { smallSetup } from './testing';

const setup: TrainerSetup = smallSetup({ ema: 0.99 });

/** A Worker stand-in running the real host in this thread; `kill()` makes it go silent. */
class FakeWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  dead = false;
  /** Requests of this type take this long in silence, then get a stand-in reply (a long job). */
  stall: Partial<Record<Request['type'], number>> = {};
  readonly host = createTrainingHost(
    (msg) => {
      if (!this.dead) setTimeout(() => !this.dead && this.onmessage?.({ data: msg }), 0);
    },
    { chunkMs: 5, qualityEveryMs: 1e9, checkpointEveryMs: 1e9 },
  );
  postMessage(msg: Request): void {
    const stall = this.stall[msg.type];
    if (stall !== undefined) {
      const result = { n: 'x0' in msg ? msg.x0.length / 2 : 0 };
      const reply = { type: 'reply', requestId: msg.requestId, ok: true, result };
      setTimeout(() => !this.dead && this.onmessage?.({ data: reply }), stall);
    } else if (!this.dead) {
      setTimeout(() => !this.dead && void this.host.handle(structuredClone(msg)), 0);
    }
  }
  /** As `self.close()` mid-training: no event, nothing answered ever again. */
  kill(): void {
    this.dead = true;
    void this.host.handle({ type: 'pause', requestId: -1 });
  }
  raise(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined });
  }
  terminate(): void {
    this.kill();
  }
}

function supervised(options: { silenceMs?: number; checkpointEveryMs?: number } = {}) {
  const workers: FakeWorker[] = [];
  const spawn = () => {
    workers.push(new FakeWorker());
    return workers.at(-1) as unknown as Worker;
  };
  const client = new TrainingClient(undefined, {
    spawn,
    silenceMs: options.silenceMs ?? 300,
    checkpointEveryMs: options.checkpointEveryMs ?? 1e9,
  });
  const errors: string[] = [];
  const stats: TrainingStats[] = [];
  client.onError((e) => errors.push(e.message));
  client.onStats((s) => stats.push(s));
  return { client, workers, errors, stats };
}

const until = async (what: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Everything a checkpoint holds except the loss history, which may be re-binned. */
const essence = (c: TrainerCheckpoint) => ({
  ...c,
  lossHistory: undefined,
  rngState: c.rngState.map((v) => v >>> 0),
});

describe('TrainingClient supervision', () => {
  beforeAll(() => useNodeBackend());

  it('replaces a silent worker, fails pending requests once, restores weights, Adam, average, RNG and step', async () => {
    // The bound must exceed the slowest legitimate reply on a loaded 2-core machine.
    const { client, workers, errors } = supervised({ silenceMs: 8000 });
    await client.configure('main', setup);
    await client.step('main', 30);
    const saved = await client.checkpoint('main');
    await client.setLearningRate('main', 1e-3); // a live change after the checkpoint
    workers[0]!.kill();
    const lost = client.step('main', 5);
    await expect(lost).rejects.toThrow(/stopped responding.*step 30/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/resumed from the last checkpoint \(step 30\)/);
    expect(workers).toHaveLength(2);
    const resumed = await client.checkpoint('main');
    expect(essence(resumed)).toEqual(essence({ ...saved, config: { ...saved.config, lr: 1e-3 } }));
    expect(resumed.emaWeights).toEqual(saved.emaWeights);
    expect(resumed.step).toBe(30);
    client.dispose();
  });

  it('resumes training by itself after the worker dies mid-training', async () => {
    const { client, workers, errors, stats } = supervised({
      silenceMs: 3000,
      checkpointEveryMs: 50,
    });
    await client.configure('main', setup);
    await client.start(['main']);
    await until(() => stats.some((s) => s.step > 50));
    await new Promise((r) => setTimeout(r, 120)); // a periodic checkpoint is taken
    workers[0]!.kill();
    await until(() => workers.length === 2, 30_000);
    const atRestart = stats.length;
    await until(() => stats.slice(atRestart).filter((s) => s.status === 'training').length > 3);
    const after = stats.slice(atRestart).map((s) => s.step);
    expect(after[0]).toBeGreaterThan(0); // from the checkpoint, not from scratch
    expect(after.at(-1)).toBeGreaterThan(after[0]!);
    expect(errors).toHaveLength(1);
    await client.pause();
    client.dispose();
  });

  it('a trainer that diverged and stopped is not mistaken for a dead worker', async () => {
    const { client, workers, errors, stats } = supervised({ silenceMs: 1500 });
    await client.configure('main', { ...setup, lr: 1e9 });
    await client.start(['main']);
    await until(() => stats.some((s) => s.status === 'diverged'));
    await new Promise((r) => setTimeout(r, 3000)); // twice the silence bound, nothing due
    expect(workers).toHaveLength(1);
    expect(errors).toEqual([]);
    client.dispose();
  });

  it('allows a large sampling job a longer silence than a small request', async () => {
    const { client, workers, errors } = supervised({ silenceMs: 400 });
    await client.configure('main', setup);
    workers[0]!.stall.sample = 1500; // ~4 small bounds; the large job is allowed 6.8 s
    const big = { x0: new Float32Array(2 * 20_000), solver: 'rk4' as const, steps: 200 };
    await expect(client.sample('main', { ...big, record: false })).resolves.toMatchObject({
      n: 20_000,
    });
    expect(workers).toHaveLength(1);
    const small = client.sample('main', { ...big, x0: new Float32Array(20), record: false });
    await expect(small).rejects.toThrow(/stopped responding/);
    expect(workers).toHaveLength(2);
    expect(errors).toHaveLength(1);
    client.dispose();
  });

  it('reports an error the worker survives once and keeps unrelated requests', async () => {
    const { client, workers, errors } = supervised({ silenceMs: 60_000 });
    await client.configure('main', setup);
    const pending = client.step('main', 10);
    workers[0]!.raise('boom in a timer');
    workers[0]!.raise('boom in a timer');
    await expect(pending).resolves.toMatchObject({ step: 10 });
    expect(errors).toEqual(['The training worker reported an error: boom in a timer']);
    expect(workers).toHaveLength(1);
    client.dispose();
  });

  it('a worker that never started fails its requests instead of restarting forever', async () => {
    const { client, workers, errors } = supervised();
    workers[0]!.dead = true;
    const pending = client.pause();
    workers[0]!.raise('script failed to load');
    await expect(pending).rejects.toThrow(/failed to start: script failed to load/);
    expect(errors).toHaveLength(1);
    expect(workers).toHaveLength(1);
    client.dispose();
  });
});
