/**
 * The training host's shared state (host.ts): one slot per trainer id, which ids train, the
 * engine in use and the engine choice or device recovery in progress, and the slots' basic
 * operations (look up, build on the current engine, install, report). The other parts of
 * the host (hostEngine.ts, trainingLoop.ts, dispatch.ts) read and change this one object.
 */
import type { BackendInfo, BackendOptions, BackendPreference } from '../model/backend';
import { createTrainer, type AnyTrainer, type initEngine } from '../model/engine';
import type { TrainerCheckpoint } from '../model/trainer';
import type { Post, TrainerSetup, TrainingStats } from './protocol';

/** The host's timings and engine (tests shorten and replace them). */
export interface HostOptions extends BackendOptions {
  /** Wall time one training chunk aims at. */
  chunkMs?: number;
  qualityEveryMs?: number;
  checkpointEveryMs?: number;
  /** Starts and decides the engine (tests replace it); model/engine.ts `initEngine` by default. */
  engine?: typeof initEngine;
}

/** One trainer and the host's bookkeeping of it. */
export interface Slot {
  setup: TrainerSetup;
  trainer: AnyTrainer;
  /** The engine it was built for (a first engine's trainers move after the choice). */
  engine: BackendInfo['name'] | undefined;
  chunk: number;
  lossAvg: number;
  stepsPerSec: number;
  status: TrainingStats['status'];
  lastQuality: number;
  lastCheckpoint: number;
  checkpoint: TrainerCheckpoint | null;
  /** Settles when the training loop's chunk in progress (if any) has been read. */
  busy: Promise<unknown>;
}

/** All the host knows; one object, shared by its parts. */
export interface HostState {
  readonly post: Post;
  readonly options: HostOptions;
  /** Wall time one training chunk aims at, and how often quality and checkpoints are taken. */
  readonly chunkMs: number;
  readonly qualityEveryMs: number;
  readonly checkpointEveryMs: number;
  readonly slots: Map<string, Slot>;
  /** The ids the loop trains, in turn. */
  running: string[];
  /** The training loop while it runs. */
  loop: Promise<void> | null;
  backend: BackendInfo | null;
  /** Set while `backend` is a first engine: the preference the measured choice follows. */
  choiceDue: BackendPreference | null;
  choosing: Promise<BackendInfo | null> | null;
  /** Set by `device.lost` (the first sign): every error after it is the loss's doing. */
  deviceLost: string | null;
  recovering: Promise<void> | null;
}

/** A host's state before any request: no trainers, no engine. */
export function createHostState(post: Post, options: HostOptions): HostState {
  const { chunkMs = 40, qualityEveryMs = 800, checkpointEveryMs = 5000 } = options;
  return {
    post,
    options,
    chunkMs,
    qualityEveryMs,
    checkpointEveryMs,
    slots: new Map(),
    running: [],
    loop: null,
    backend: null,
    choiceDue: null,
    choosing: null,
    deviceLost: null,
    recovering: null,
  };
}

/** The message of a thrown value. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Gives queued messages a turn between training chunks (faster than setTimeout's 4 ms). */
export function yieldToEvents(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Trainer `id`'s slot; throws when there is none. */
export function slotOf(host: HostState, id: string): Slot {
  const slot = host.slots.get(id);
  if (!slot) throw new Error(`no trainer "${id}": configure it first`);
  return slot;
}

/** A trainer for `setup` on the current engine. */
export function build(host: HostState, setup: TrainerSetup): AnyTrainer {
  const { target, labels, ...config } = setup;
  return createTrainer(host.backend, config, target, undefined, labels);
}

/** Puts `trainer` in slot `id` (freeing the one it replaces) with fresh bookkeeping. */
export function install(host: HostState, id: string, setup: TrainerSetup, trainer: AnyTrainer) {
  try {
    host.slots.get(id)?.trainer.dispose();
  } catch {
    // Tensors of a lost device may refuse to be freed; the device took them with it.
  }
  const slot: Slot = {
    setup,
    trainer,
    engine: host.backend?.name,
    chunk: 5,
    lossAvg: NaN,
    stepsPerSec: 0,
    status: host.running.includes(id) ? 'training' : 'idle',
    lastQuality: 0,
    lastCheckpoint: 0,
    checkpoint: null,
    busy: Promise.resolve(),
  };
  host.slots.set(id, slot);
  return slot;
}

/** The stats event of slot `id` with this loss (and message). */
export function statsOf(id: string, slot: Slot, loss: number, message?: string): TrainingStats {
  return {
    id,
    step: slot.trainer.step,
    loss,
    lossAvg: slot.lossAvg,
    stepsPerSec: slot.stepsPerSec,
    status: slot.status,
    ...(message ? { message } : {}),
  };
}
