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
 */
import { slicedW2 } from '../flow/metrics';
import { createRng, sampleNormal } from '../flow/rng';
import { onDeviceLost, type BackendInfo, type BackendOptions } from '../model/backend';
import {
  createTrainer,
  firstEngine,
  initEngine,
  trainerFromModelFile,
  type AnyTrainer,
} from '../model/engine';
import type { TrainerFactory } from '../model/reflow';
import { sampleFlow } from '../model/sampler';
import { traceBuffers } from '../model/stepTrace';
import type { TrainerCheckpoint } from '../model/trainer';
import type { BackendPreference } from '../model/backend';
import type { Post, ReplyResults, Request, TrainerSetup, TrainingStats } from './protocol';
import * as queries from './queries';
import { reflowReport } from './reflow';

export interface HostOptions extends BackendOptions {
  /** Wall time one training chunk aims at. */
  chunkMs?: number;
  qualityEveryMs?: number;
  checkpointEveryMs?: number;
  /** Starts and decides the engine (tests replace it); model/engine.ts `initEngine` by default. */
  engine?: typeof initEngine;
}

interface Slot {
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

const QUALITY_SAMPLES = 500;

/**
 * What may run on a first engine, before the measured choice: showing and sampling networks,
 * and bookkeeping. Anything else (training, tfjs queries such as the loss profile) waits.
 */
const BEFORE_CHOICE = new Set<Request['type']>([
  'init',
  'configure',
  'importModel',
  'sample',
  'field',
  'nfeSweep',
  'exportModel',
  'checkpoint',
  'restore',
  'reset',
  'remove',
  'pause',
  'setTarget',
  'setLearningRate',
  'setEma',
]);

/** Gives queued messages a turn between training chunks (faster than setTimeout's 4 ms). */
function yieldToEvents(): Promise<void> {
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

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The forms a lost WebGPU device takes when it surfaces as an error from tfjs or the browser. */
const DEVICE_LOST =
  /device (was |is )?lost|lost device|GPUDevice|mapAsync|unmapped|destroyed device|device.*destroyed|Instance dropped/i;

export function createTrainingHost(post: Post, options: HostOptions = {}) {
  const { chunkMs = 40, qualityEveryMs = 800, checkpointEveryMs = 5000 } = options;
  const slots = new Map<string, Slot>();
  let running: string[] = [];
  let loop: Promise<void> | null = null;
  let backend: BackendInfo | null = null;
  /** Set while `backend` is a first engine: the preference the measured choice follows. */
  let choiceDue: BackendPreference | null = null;
  let choosing: Promise<BackendInfo | null> | null = null;
  /** Set by `device.lost` (the first sign): every error after it is the loss's doing. */
  let deviceLost: string | null = null;
  let recovering: Promise<void> | null = null;
  const isDeviceLost = (e: unknown) => deviceLost !== null || DEVICE_LOST.test(errorText(e));

  /**
   * The measured engine (`initEngine`), started once: trainers built on the first engine move
   * onto it from their checkpoints, and the page hears of it as a 'backend' event.
   */
  function choose(): Promise<BackendInfo | null> {
    const pref = choiceDue;
    if (pref === null) return Promise.resolve(backend);
    choosing ??= (async () => {
      const info = await startBackend(pref);
      backend = info;
      await moveTrainers((slot) => slot.engine !== info.name);
      choiceDue = null;
      post({ type: 'backend', info });
      return info;
    })().finally(() => (choosing = null));
    return choosing;
  }

  /** Rebuilds the trainers `which` picks on the current backend, each from its checkpoint. */
  async function moveTrainers(which: (slot: Slot) => boolean): Promise<void> {
    for (const [id, slot] of slots) {
      if (!which(slot)) continue;
      const checkpoint = await slot.trainer.checkpoint();
      const trainer = build(slot.setup);
      await trainer.restore(checkpoint);
      const moved = install(id, slot.setup, trainer);
      moved.checkpoint = slot.checkpoint;
      moved.status = slot.status;
    }
  }

  /** Starts a backend and listens for the loss of its device. */
  async function startBackend(pref: Parameters<typeof initEngine>[0]): Promise<BackendInfo> {
    const info = await (options.engine ?? initEngine)(pref, options);
    deviceLost = null;
    onDeviceLost((reason) => {
      deviceLost = reason;
      void recoverOnce(new Error(reason));
    });
    return info;
  }

  const slotOf = (id: string): Slot => {
    const slot = slots.get(id);
    if (!slot) throw new Error(`no trainer "${id}": configure it first`);
    return slot;
  };

  function build(setup: TrainerSetup): AnyTrainer {
    const { target, labels, ...config } = setup;
    return createTrainer(backend, config, target, undefined, labels);
  }

  function install(id: string, setup: TrainerSetup, trainer: AnyTrainer): Slot {
    try {
      slots.get(id)?.trainer.dispose();
    } catch {
      // Tensors of a lost device may refuse to be freed; the device took them with it.
    }
    const slot: Slot = {
      setup,
      trainer,
      engine: backend?.name,
      chunk: 5,
      lossAvg: NaN,
      stepsPerSec: 0,
      status: running.includes(id) ? 'training' : 'idle',
      lastQuality: 0,
      lastCheckpoint: 0,
      checkpoint: null,
      busy: Promise.resolve(),
    };
    slots.set(id, slot);
    return slot;
  }

  function statsOf(id: string, slot: Slot, loss: number, message?: string): TrainingStats {
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

  /** Folds one read's stats into the slot (loss average, divergence) and posts them. */
  function report(id: string, slot: Slot, s: { loss: number; status: string; message?: string }) {
    if (s.status === 'diverged') {
      slot.status = 'diverged';
      running = running.filter((r) => r !== id);
    } else if (Number.isFinite(s.loss)) {
      slot.lossAvg = Number.isNaN(slot.lossAvg) ? s.loss : 0.9 * slot.lossAvg + 0.1 * s.loss;
    }
    const stats = statsOf(id, slot, s.loss, s.message);
    post({ type: 'stats', ...stats });
    return stats;
  }

  /** Runs one chunk of `id`; returns the stats it posted. */
  async function trainChunk(id: string, slot: Slot, steps = slot.chunk): Promise<TrainingStats> {
    const started = performance.now();
    slot.trainer.trainSteps(steps);
    const s = await slot.trainer.readStats();
    const elapsed = Math.max(performance.now() - started, 0.1);
    slot.chunk = Math.max(1, Math.min(500, Math.round((slot.chunk * chunkMs) / elapsed)));
    const rate = (1000 * steps) / elapsed;
    slot.stepsPerSec = slot.stepsPerSec === 0 ? rate : 0.8 * slot.stepsPerSec + 0.2 * rate;
    return report(id, slot, s);
  }

  async function postQuality(id: string, slot: Slot): Promise<void> {
    const { trainer, setup } = slot;
    const rng = createRng(setup.seed + 1);
    const x0 = sampleNormal(QUALITY_SAMPLES, rng, trainer.scheduler.sourceScale);
    const { x } = await sampleFlow(trainer.sampleMlp, x0, {
      solver: 'euler',
      steps: 32,
      scheduler: trainer.scheduler,
    });
    const value = slicedW2(x, setup.target, rng, 32);
    post({ type: 'quality', id, step: trainer.step, slicedW2: value });
  }

  /** One recovery per loss, however many errors and requests report it. */
  function recoverOnce(cause: unknown): Promise<void> {
    recovering ??= recover(cause).finally(() => (recovering = null));
    return recovering;
  }

  /** After a lost GPU device: fall back to WASM and rebuild every trainer from its checkpoint. */
  async function recover(cause: unknown): Promise<void> {
    const reason = deviceLost ?? errorText(cause);
    const info = await startBackend('wasm');
    backend = info;
    post({ type: 'backend', info });
    for (const [id, slot] of slots) {
      const trainer = build(slot.setup);
      if (slot.checkpoint) await trainer.restore(slot.checkpoint);
      const fresh = install(id, slot.setup, trainer);
      fresh.checkpoint = slot.checkpoint;
    }
    post({
      type: 'error',
      message: `The GPU device was lost (${reason}). Switched to WASM and resumed from the last checkpoint.`,
    });
  }

  async function runLoop(): Promise<void> {
    while (running.length > 0) {
      for (const id of [...running]) {
        const slot = slots.get(id);
        if (!slot || !running.includes(id)) continue;
        try {
          const chunk = trainChunk(id, slot);
          slot.busy = chunk.catch(() => undefined);
          await chunk;
          const now = performance.now();
          // The quality probe costs the same per trainer: with k trainers each probes k times
          // less often, so together they never take more of the worker than one does.
          if (now - slot.lastQuality > qualityEveryMs * running.length) {
            slot.lastQuality = now;
            await postQuality(id, slot);
          }
          if (now - slot.lastCheckpoint > checkpointEveryMs) {
            slot.lastCheckpoint = now;
            slot.checkpoint = await slot.trainer.checkpoint();
          }
        } catch (e) {
          if (isDeviceLost(e)) {
            await recoverOnce(e);
            continue;
          }
          slot.status = 'error';
          running = running.filter((r) => r !== id);
          post({ type: 'error', id, message: errorText(e) });
          post({ type: 'stats', ...statsOf(id, slot, NaN, errorText(e)) });
        }
        await yieldToEvents();
      }
    }
    loop = null;
  }

  function setRunning(ids: string[]): void {
    running = ids.filter((id) => slots.has(id) && slots.get(id)!.status !== 'diverged');
    for (const [id, slot] of slots) {
      if (running.includes(id)) slot.status = 'training';
      else if (slot.status === 'training') slot.status = 'paused';
      post({ type: 'stats', ...statsOf(id, slot, NaN) });
    }
    if (running.length > 0 && !loop) loop = runLoop();
  }

  type Handled = { result: unknown; transfer?: Transferable[] };

  async function dispatch(msg: Request): Promise<Handled> {
    if (!BEFORE_CHOICE.has(msg.type)) await choose();
    switch (msg.type) {
      case 'init': {
        const first = firstEngine(msg.backend);
        choiceDue = first ? msg.backend : null;
        if (first) {
          backend = first;
          return { result: { ...first, pending: true } satisfies ReplyResults['init'] };
        }
        backend = await startBackend(msg.backend);
        return { result: backend satisfies ReplyResults['init'] };
      }
      case 'chooseEngine': {
        const info = await choose();
        if (!info) throw new Error('the engine has not been started (init first)');
        return { result: info satisfies ReplyResults['chooseEngine'] };
      }
      case 'configure': {
        const trainer = build(msg.setup); // throws before the old trainer is touched
        install(msg.id, msg.setup, trainer);
        return { result: { step: 0 } };
      }
      case 'start':
        setRunning(msg.ids);
        return { result: null };
      case 'pause':
        setRunning([]);
        return { result: null };
      case 'step': {
        const slot = slotOf(msg.id);
        // A single step leaves the trainer paused; its stats event is the one report of it.
        if (slot.status !== 'training') slot.status = 'paused';
        return { result: await trainChunk(msg.id, slot, msg.n) };
      }
      case 'slowStep': {
        const slot = slotOf(msg.id);
        // A chunk the loop was reading when a pause came is finished first (no interleaving).
        await slot.busy;
        if (slot.status !== 'training') slot.status = 'paused';
        // A step like any other (same batch stream, counted, reported as stats) that tells all.
        const { trace, stats } = await slot.trainer.traceStep();
        const result = { trace, stats: report(msg.id, slot, stats) };
        return { result: result satisfies ReplyResults['slowStep'], transfer: traceBuffers(trace) };
      }
      case 'reset': {
        const slot = slotOf(msg.id);
        install(msg.id, slot.setup, build(slot.setup));
        setRunning(running);
        return { result: { step: 0 } };
      }
      case 'setLearningRate': {
        const slot = slotOf(msg.id);
        slot.trainer.setLearningRate(msg.lr);
        slot.setup = { ...slot.setup, lr: msg.lr };
        if (slot.status === 'diverged') slot.status = 'paused';
        return { result: null };
      }
      case 'setEma': {
        const slot = slotOf(msg.id);
        slot.trainer.setEma(msg.ema);
        slot.setup = { ...slot.setup, ema: msg.ema };
        return { result: null };
      }
      case 'setTarget': {
        const slot = slotOf(msg.id);
        slot.trainer.setTarget(msg.target, msg.labels);
        slot.setup = { ...slot.setup, target: msg.target, labels: msg.labels };
        return { result: null };
      }
      case 'sample':
        return queries.sample(slotOf(msg.id).trainer, msg);
      case 'field':
        return queries.field(slotOf(msg.id).trainer, msg.points, msg.t, msg);
      case 'lossByTime':
        return queries.lossByTime(slotOf(msg.id).trainer, msg.bins);
      case 'reflow': {
        const slot = slotOf(msg.id);
        const create: TrainerFactory = (config, target, source) =>
          createTrainer(backend, config, target, source);
        return reflowReport(slot.trainer, slot.setup.target, msg, create, yieldToEvents);
      }
      case 'exportModel':
        return queries.exportModel(slotOf(msg.id).trainer, msg.dataset);
      case 'logLikelihood':
        return queries.logLikelihood(slotOf(msg.id).trainer, msg.points, msg.steps, msg.label);
      case 'nfeSweep':
        return queries.nfeSweep(
          slotOf(msg.id).trainer,
          msg.x0,
          msg.solvers,
          msg.nfes,
          msg.reference,
          msg.adaptiveTol,
        );
      case 'importModel': {
        const { trainer, setup } = await trainerFromModelFile(
          backend,
          msg.file,
          msg.setup ?? slotOf(msg.id).setup,
        );
        install(msg.id, setup, trainer);
        return { result: { step: trainer.step } };
      }
      case 'checkpoint':
        return { result: await slotOf(msg.id).trainer.checkpoint() };
      case 'restore': {
        const slot = slotOf(msg.id);
        await slot.trainer.restore(msg.checkpoint);
        return { result: { step: slot.trainer.step } };
      }
      case 'remove': {
        slots.get(msg.id)?.trainer.dispose();
        slots.delete(msg.id);
        running = running.filter((r) => r !== msg.id);
        return { result: null };
      }
    }
  }

  return {
    /** Handles one request and posts exactly one reply for it. */
    async handle(msg: Request): Promise<void> {
      const reply = async () => {
        const { result, transfer } = await dispatch(msg);
        post({ type: 'reply', requestId: msg.requestId, ok: true, result }, transfer);
      };
      try {
        await reply();
      } catch (e) {
        if (!isDeviceLost(e) || msg.type === 'init') {
          post({ type: 'reply', requestId: msg.requestId, ok: false, error: errorText(e) });
          return;
        }
        // Caught by the device loss: answered again on the recovered backend.
        try {
          await recoverOnce(e);
          await reply();
        } catch (again) {
          post({ type: 'reply', requestId: msg.requestId, ok: false, error: errorText(again) });
        }
      }
    },
    /** Resolves when the training loop has stopped (tests). */
    idle: () => loop ?? Promise.resolve(),
    get backend() {
      return backend;
    },
  };
}
