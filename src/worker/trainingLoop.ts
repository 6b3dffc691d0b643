/**
 * The training host's loop: the running trainers train round-robin in chunks sized to ~40 ms
 * (one readback per chunk), each read's stats are posted, a live quality metric and a
 * checkpoint are taken every so often, and queued messages get a turn between chunks. Works
 * on the host's state (hostState.ts); a lost device goes to hostEngine.ts.
 */
import { slicedW2 } from '../flow/metrics';
import { createRng, sampleNormal } from '../flow/rng';
import { sampleFlow } from '../model/sampler';
import type { TrainingStats } from './protocol';
import { isDeviceLost, recoverOnce } from './hostEngine';
import { errorText, statsOf, yieldToEvents, type HostState, type Slot } from './hostState';

const QUALITY_SAMPLES = 500;

/** Folds one read's stats into the slot (loss average, divergence) and posts them. */
export function report(
  host: HostState,
  id: string,
  slot: Slot,
  s: { loss: number; status: string; message?: string },
) {
  if (s.status === 'diverged') {
    slot.status = 'diverged';
    host.running = host.running.filter((r) => r !== id);
  } else if (Number.isFinite(s.loss)) {
    slot.lossAvg = Number.isNaN(slot.lossAvg) ? s.loss : 0.9 * slot.lossAvg + 0.1 * s.loss;
  }
  const stats = statsOf(id, slot, s.loss, s.message);
  host.post({ type: 'stats', ...stats });
  return stats;
}

/** Runs one chunk of `id`; returns the stats it posted. */
export async function trainChunk(
  host: HostState,
  id: string,
  slot: Slot,
  steps = slot.chunk,
): Promise<TrainingStats> {
  const started = performance.now();
  slot.trainer.trainSteps(steps);
  const s = await slot.trainer.readStats();
  const elapsed = Math.max(performance.now() - started, 0.1);
  slot.chunk = Math.max(1, Math.min(500, Math.round((slot.chunk * host.chunkMs) / elapsed)));
  const rate = (1000 * steps) / elapsed;
  slot.stepsPerSec = slot.stepsPerSec === 0 ? rate : 0.8 * slot.stepsPerSec + 0.2 * rate;
  return report(host, id, slot, s);
}

/** Posts the sliced W2 of 500 Euler samples (32 steps) to the target. */
async function postQuality(host: HostState, id: string, slot: Slot): Promise<void> {
  const { trainer, setup } = slot;
  const rng = createRng(setup.seed + 1);
  const x0 = sampleNormal(QUALITY_SAMPLES, rng, trainer.scheduler.sourceScale);
  const { x } = await sampleFlow(trainer.sampleMlp, x0, {
    solver: 'euler',
    steps: 32,
    scheduler: trainer.scheduler,
  });
  const value = slicedW2(x, setup.target, rng, 32);
  host.post({ type: 'quality', id, step: trainer.step, slicedW2: value });
}

async function runLoop(host: HostState): Promise<void> {
  while (host.running.length > 0) {
    for (const id of [...host.running]) {
      const slot = host.slots.get(id);
      if (!slot || !host.running.includes(id)) continue;
      try {
        const chunk = trainChunk(host, id, slot);
        slot.busy = chunk.catch(() => undefined);
        await chunk;
        const now = performance.now();
        // The quality probe costs the same per trainer: with k trainers each probes k times
        // less often, so together they never take more of the worker than one does.
        if (now - slot.lastQuality > host.qualityEveryMs * host.running.length) {
          slot.lastQuality = now;
          await postQuality(host, id, slot);
        }
        if (now - slot.lastCheckpoint > host.checkpointEveryMs) {
          slot.lastCheckpoint = now;
          slot.checkpoint = await slot.trainer.checkpoint();
        }
      } catch (e) {
        if (isDeviceLost(host, e)) {
          await recoverOnce(host, e);
          continue;
        }
        slot.status = 'error';
        host.running = host.running.filter((r) => r !== id);
        host.post({ type: 'error', id, message: errorText(e) });
        host.post({ type: 'stats', ...statsOf(id, slot, NaN, errorText(e)) });
      }
      await yieldToEvents();
    }
  }
  host.loop = null;
}

/** Trains these ids (those not diverged) from now on, the others pause; all say so. */
export function setRunning(host: HostState, ids: string[]): void {
  host.running = ids.filter(
    (id) => host.slots.has(id) && host.slots.get(id)!.status !== 'diverged',
  );
  for (const [id, slot] of host.slots) {
    if (host.running.includes(id)) slot.status = 'training';
    else if (slot.status === 'training') slot.status = 'paused';
    host.post({ type: 'stats', ...statsOf(id, slot, NaN) });
  }
  if (host.running.length > 0 && !host.loop) host.loop = runLoop(host);
}
