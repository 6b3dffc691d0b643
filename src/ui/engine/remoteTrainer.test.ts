import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainerSetup, TrainingStats } from '../../worker/protocol';
import { RemoteTrainer, thin, type StatsBatch } from './remoteTrainer';
import { Repeater } from './repeater';

const setup = { seed: 1 } as TrainerSetup;
const stats = (step: number, loss: number, status: TrainingStats['status']): TrainingStats => ({
  id: 'a',
  step,
  loss,
  lossAvg: loss,
  stepsPerSec: 10,
  status,
});

function client() {
  const calls: string[] = [];
  return {
    calls,
    configure: async (id: string) => (calls.push(`configure ${id}`), { step: 0 }),
    reset: async (id: string) => (calls.push(`reset ${id}`), { step: 0 }),
  };
}

describe('remote-trainer handle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('configures only when the setup key changes', async () => {
    const c = client();
    const t = new RemoteTrainer('a', { flushMs: 100, flush: () => {} });
    expect(t.configured).toBe(false);
    expect(await t.configure(c, setup, 'k1')).toBe(true);
    expect(await t.configure(c, setup, 'k1')).toBe(false);
    expect(await t.configure(c, setup, 'k2')).toBe(true);
    expect(c.calls).toEqual(['configure a', 'configure a']);
    t.unconfigure();
    expect(t.configured).toBe(false);
    expect(await t.configure(c, setup, 'k2')).toBe(true);
  });

  it('drops a reply about a network that was replaced while it was on its way', async () => {
    const c = client();
    const t = new RemoteTrainer('a', { flushMs: 100, flush: () => {} });
    await t.configure(c, setup, 'k1');
    let answer!: (v: string) => void;
    const pending = t.current(() => new Promise<string>((r) => (answer = r)));
    await t.reset(c);
    answer('old');
    expect(await pending).toBeNull();
    expect(await t.current(async () => 'new')).toBe('new');
  });

  it('batches stats while training and hands each loss over exactly once', async () => {
    const batches: StatsBatch[] = [];
    const t = new RemoteTrainer('a', { flushMs: 100, flush: (b) => batches.push(b) });
    t.stats(stats(1, 0.5, 'paused'));
    expect(batches).toHaveLength(0); // not configured: nothing of an unknown network
    await t.configure(client(), setup, 'k');
    t.stats(stats(5, 0.9, 'training'));
    t.stats(stats(10, 0.8, 'training'));
    t.stats({ ...stats(10, 0.7, 'training'), id: 'other' });
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([
      {
        losses: [
          [5, 0.9],
          [10, 0.8],
        ],
        latest: stats(10, 0.8, 'training'),
      },
    ]);
    t.stats(stats(11, 0.6, 'paused')); // a paused trainer's stats go at once
    expect(batches[1]!.losses).toEqual([[11, 0.6]]);
    t.flush();
    expect(batches).toHaveLength(2);
  });

  it('flushes the first loss at once when asked, and forgets pending stats of an old network', async () => {
    const batches: StatsBatch[] = [];
    const t = new RemoteTrainer('a', {
      flushMs: 100,
      flush: (b) => batches.push(b),
      flushFirst: true,
    });
    const c = client();
    await t.configure(c, setup, 'k');
    t.stats(stats(5, 0.9, 'training'));
    expect(batches).toHaveLength(1);
    t.stats(stats(10, 0.8, 'training'));
    await t.reset(c);
    vi.advanceTimersByTime(500);
    expect(batches).toHaveLength(1);
  });

  it('thins a long history to half, keeping the last point', () => {
    const long = Array.from({ length: 2001 }, (_, i) => i);
    const thinned = thin(long);
    expect(thinned.length).toBeLessThan(1100);
    expect(thinned.at(-1)).toBe(2000);
    expect(thin([1, 2, 3])).toEqual([1, 2, 3]);
  });
});

describe('repeater', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('repeats while asked, spaced by the delay, coalesces calls, and stops', async () => {
    let runs = 0;
    let going = true;
    const r = new Repeater(
      async () => void runs++,
      () => 50,
      () => going,
    );
    r.run();
    r.run(); // coalesced into the run in progress
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toBe(2);
    going = false;
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toBe(3);
    going = true;
    r.schedule(10);
    r.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(3);
  });
});
