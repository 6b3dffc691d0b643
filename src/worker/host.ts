/**
 * The training host: all of the worker's logic, free of `self`, so Node tests can drive it.
 * It owns one Trainer per id, trains the running ones round-robin in chunks of ~40 ms (one
 * readback per chunk), pushes stats and a live quality metric, answers sampling requests in
 * between, and checkpoints every few seconds so a lost GPU device costs little.
 *
 * On 'auto' it starts on the fused kernel alone (no tfjs, no WASM module to fetch), so a
 * pretrained network shows at once; the measured engine choice (model/engine.ts) follows when
 * the page asks (`chooseEngine`, after its first frame) or before anything trains, whichever
 * comes first, and the trainers move onto that engine from their checkpoints.
 *
 * This file puts the parts together: the state (hostState.ts), the engine choice and device
 * recovery (hostEngine.ts), the training loop (trainingLoop.ts) and the answers (dispatch.ts).
 */
import type { Post, Request } from './protocol';
import { dispatch } from './dispatch';
import { isDeviceLost, recoverOnce } from './hostEngine';
import { createHostState, errorText, type HostOptions } from './hostState';

export type { HostOptions } from './hostState';

/** A training host that posts its replies and events with `post`. */
export function createTrainingHost(post: Post, options: HostOptions = {}) {
  const host = createHostState(post, options);
  return {
    /** Handles one request and posts exactly one reply for it. */
    async handle(msg: Request): Promise<void> {
      const reply = async () => {
        const { result, transfer } = await dispatch(host, msg);
        post({ type: 'reply', requestId: msg.requestId, ok: true, result }, transfer);
      };
      try {
        await reply();
      } catch (e) {
        if (!isDeviceLost(host, e) || msg.type === 'init') {
          post({ type: 'reply', requestId: msg.requestId, ok: false, error: errorText(e) });
          return;
        }
        // Caught by the device loss: answered again on the recovered backend.
        try {
          await recoverOnce(host, e);
          await reply();
        } catch (again) {
          post({ type: 'reply', requestId: msg.requestId, ok: false, error: errorText(again) });
        }
      }
    },
    /** Resolves when the training loop has stopped (tests). */
    idle: () => host.loop ?? Promise.resolve(),
    get backend() {
      return host.backend;
    },
  };
}
