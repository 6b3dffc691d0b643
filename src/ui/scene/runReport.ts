/**
 * The playground's store writer for its trainer's figures: batches of stats (from the
 * trainer handle, a few a second), quality events, and the reset for a fresh network.
 */
import { appStore, INITIAL_RUN, patchRun, type RunStatus } from '../../state/appStore';
import type { QualityStats, TrainingStats } from '../../worker/protocol';
import { thin, type StatsBatch } from '../engine/remoteTrainer';

const STATUS: Record<TrainingStats['status'], RunStatus> = {
  idle: 'idle',
  training: 'training',
  paused: 'paused',
  diverged: 'paused',
  error: 'error',
};

/** Step, loss, speed, status and the loss history from one batch of stats. */
export function reportStats({ losses: fresh, latest: s }: StatsBatch): void {
  const run = appStore.getState().run;
  const losses = fresh.length ? thin([...run.losses, ...fresh]) : run.losses;
  patchRun({
    step: s.step,
    loss: Number.isFinite(s.loss) ? s.loss : run.loss,
    stepsPerSec: s.status === 'training' ? s.stepsPerSec : 0,
    status: STATUS[s.status],
    losses,
    ...(s.message ? { error: s.message } : {}),
  });
}

/** The live sliced W2 of trainer `id`. */
export function reportQuality(id: string, q: QualityStats): void {
  if (q.id !== id || !Number.isFinite(q.slicedW2)) return;
  patchRun({ quality: thin([...appStore.getState().run.quality, [q.step, q.slicedW2]]) });
}

/** A fresh network: empty histories, step 0 (backend and status kept). */
export function clearRun(): void {
  const { backend, backendReason, status } = appStore.getState().run;
  patchRun({ ...INITIAL_RUN, backend, backendReason, status });
}
