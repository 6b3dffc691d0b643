/**
 * The training host's engine: the measured choice that follows a first engine (trainers move
 * onto it from their checkpoints), and recovery from a lost GPU device (WASM, every trainer
 * rebuilt from its last checkpoint, one message to the page). Works on the host's state
 * (hostState.ts).
 */
import { onDeviceLost, type BackendInfo } from '../model/backend';
import { initEngine } from '../model/engine';
import { build, errorText, install, type HostState, type Slot } from './hostState';

/** The forms a lost WebGPU device takes when it surfaces as an error from tfjs or the browser. */
const DEVICE_LOST =
  /device (was |is )?lost|lost device|GPUDevice|mapAsync|unmapped|destroyed device|device.*destroyed|Instance dropped/i;

/** Whether `e` is the doing of a lost GPU device. */
export const isDeviceLost = (host: HostState, e: unknown) =>
  host.deviceLost !== null || DEVICE_LOST.test(errorText(e));

/**
 * The measured engine (`initEngine`), started once: trainers built on the first engine move
 * onto it from their checkpoints, and the page hears of it as a 'backend' event.
 */
export function choose(host: HostState): Promise<BackendInfo | null> {
  const pref = host.choiceDue;
  if (pref === null) return Promise.resolve(host.backend);
  host.choosing ??= (async () => {
    const info = await startBackend(host, pref);
    host.backend = info;
    await moveTrainers(host, (slot) => slot.engine !== info.name);
    host.choiceDue = null;
    host.post({ type: 'backend', info });
    return info;
  })().finally(() => (host.choosing = null));
  return host.choosing;
}

/** Rebuilds the trainers `which` picks on the current backend, each from its checkpoint. */
async function moveTrainers(host: HostState, which: (slot: Slot) => boolean): Promise<void> {
  for (const [id, slot] of host.slots) {
    if (!which(slot)) continue;
    const checkpoint = await slot.trainer.checkpoint();
    const trainer = build(host, slot.setup);
    await trainer.restore(checkpoint);
    const moved = install(host, id, slot.setup, trainer);
    moved.checkpoint = slot.checkpoint;
    moved.status = slot.status;
  }
}

/** Starts a backend and listens for the loss of its device. */
export async function startBackend(
  host: HostState,
  pref: Parameters<typeof initEngine>[0],
): Promise<BackendInfo> {
  const info = await (host.options.engine ?? initEngine)(pref, host.options);
  host.deviceLost = null;
  onDeviceLost((reason) => {
    host.deviceLost = reason;
    void recoverOnce(host, new Error(reason));
  });
  return info;
}

/** One recovery per loss, however many errors and requests report it. */
export function recoverOnce(host: HostState, cause: unknown): Promise<void> {
  host.recovering ??= recover(host, cause).finally(() => (host.recovering = null));
  return host.recovering;
}

/** After a lost GPU device: fall back to WASM and rebuild every trainer from its checkpoint. */
async function recover(host: HostState, cause: unknown): Promise<void> {
  const reason = host.deviceLost ?? errorText(cause);
  const info = await startBackend(host, 'wasm');
  host.backend = info;
  host.post({ type: 'backend', info });
  for (const [id, slot] of host.slots) {
    const trainer = build(host, slot.setup);
    if (slot.checkpoint) await trainer.restore(slot.checkpoint);
    const fresh = install(host, id, slot.setup, trainer);
    fresh.checkpoint = slot.checkpoint;
  }
  host.post({
    type: 'error',
    message: `The GPU device was lost (${reason}). Switched to WASM and resumed from the last checkpoint.`,
  });
}
