/**
 * Test-only: the small trainer setup the worker's unit tests configure (moons, 2×16 SiLU), and
 * a training host that keeps what it posts.
 */
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import { createTrainingHost, type HostOptions } from './host';
import type { Request, TrainerSetup, WorkerEvent } from './protocol';

/** A fast setup on 500 moons points; `overrides` changes single fields (e.g. `ema`). */
export function smallSetup(overrides: Partial<TrainerSetup> = {}): TrainerSetup {
  return {
    model: { width: 16, depth: 2, activation: 'silu', timeEncoding: 'linear' },
    scheduler: 'ot',
    schedulerParams: {},
    coupling: 'independent',
    batch: 64,
    lr: 3e-3,
    weightDecay: 0,
    seed: 1,
    target: DATASETS.moons.sample(500, createRng(0)),
    ...overrides,
  };
}

/** A request without its id (the harness numbers them). */
export type RequestBody = Request extends infer R
  ? R extends Request
    ? Omit<R, 'requestId'>
    : never
  : never;

/**
 * A training host (10 ms chunks unless `options` says otherwise) whose posts are kept in order
 * with their transfer lists. `call` sends a request and returns its one reply; `ok` returns the
 * reply's result and throws with the reply when it is a refusal; `until(done)` resolves once
 * `done()` holds, checked after each post (no clock: a slow machine only takes longer).
 */
export function hostHarness(options: HostOptions = {}) {
  const events: { msg: WorkerEvent; transfer?: Transferable[] }[] = [];
  let waiting: (() => boolean)[] = [];
  const host = createTrainingHost(
    (msg, transfer) => {
      events.push({ msg, transfer });
      waiting = waiting.filter((check) => !check());
    },
    { chunkMs: 10, ...options },
  );
  let id = 1;
  const call = async (body: RequestBody) => {
    const requestId = id++;
    await host.handle({ ...body, requestId } as Request);
    const replies = events.filter((e) => e.msg.type === 'reply' && e.msg.requestId === requestId);
    if (replies.length !== 1) throw new Error(`${replies.length} replies to request ${requestId}`);
    return replies[0]!;
  };
  const ok = async <T = never>(body: RequestBody): Promise<T> => {
    const { msg } = await call(body);
    if (msg.type !== 'reply' || !msg.ok) throw new Error(JSON.stringify(msg));
    return msg.result as T;
  };
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => done() && (resolve(), true);
      if (!check()) waiting.push(check);
    });
  /** The posts alone, in order. */
  const messages = () => events.map((e) => e.msg);
  return { host, events, messages, call, ok, until };
}
