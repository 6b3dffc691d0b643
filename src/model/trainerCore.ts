/**
 * What every trainer does the same way, whatever holds its numbers: the batches (one seeded
 * RNG stream), the step count, the pending losses read in one go by `readStats`, the
 * divergence guard and rollback to the last good read, checkpoints and resume, the loss
 * history, the weight-average and learning-rate switches. A `TrainerStorage` holds the
 * network, Adam's state and the weight average (tfjs tensors, WASM memory or GPU buffers) and
 * takes one optimisation step; model/trainer.ts, fused/fusedTrainer.ts and
 * fused/gpuTrainer.ts are each a storage plus this core.
 *
 * The core's stepping half is trainerStepping.ts (`SteppingCore`); this file adds the reads
 * with their divergence guard and rollback, and checkpoints and resume.
 */
import { restoreRng } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import type { MlpConfig } from './mlp';
import { SteppingCore } from './trainerStepping';
import type { TrainerStorage } from './trainerStorage';
import {
  divergenceMessage,
  validateSource,
  validateTargetLabels,
  validateTrainerConfig,
  type TrainerCheckpoint,
  type TrainerStats,
} from './trainerConfig';

export type { StepTracer, TrainerStorage } from './trainerStorage';

const sameArchitecture = (a: MlpConfig, b: MlpConfig) =>
  a.width === b.width &&
  a.depth === b.depth &&
  a.activation === b.activation &&
  a.timeEncoding === b.timeEncoding &&
  (a.classes ?? 0) === (b.classes ?? 0);

/**
 * Trains a velocity MLP on a target point set. Usage: `trainSteps(k)` (no readback) then
 * `await readStats()`, or `await train(k)`; `checkpoint()`/`restore()` to resume.
 */
export class TrainerCore<S extends TrainerStorage> extends SteppingCore<S> {
  private goodStep = 0;

  /** Reads the losses since the last read (one readback) and guards against divergence. */
  async readStats(): Promise<TrainerStats> {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const count = this.pending;
    this.pending = 0;
    const values = await this.storage.readLosses();
    const firstStep = this.steps - count + 1;
    let bad = -1;
    for (let i = 0; i <= count && bad < 0; i++) if (!Number.isFinite(values[i]!)) bad = i;
    if (bad >= 0) {
      return this.rollBack(bad < count ? 'Loss' : 'A weight', values[bad]!, firstStep + bad);
    }
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += values[i]!;
      this.history.push(firstStep + i, values[i]!);
    }
    this.storage.keepGood();
    this.goodStep = this.steps;
    if (count > 0) this.state = { status: 'ok' };
    return { step: this.steps, loss: count > 0 ? sum / count : NaN, status: this.state.status };
  }

  private rollBack(what: 'Loss' | 'A weight', value: number, badStep: number): TrainerStats {
    this.storage.restoreGood(this.config.lr);
    this.steps = this.goodStep;
    const message = divergenceMessage(what, value, badStep, this.config.lr, this.steps, this.path);
    this.state = { status: 'diverged', message };
    return { step: this.steps, loss: NaN, status: 'diverged', message };
  }

  /** A plain-JSON snapshot to resume from (the target points are not included). */
  async checkpoint(): Promise<TrainerCheckpoint> {
    if (this.pending > 0) await this.readStats();
    const { weights, emaWeights, optimizer } = await this.storage.save();
    return {
      version: 1,
      config: structuredClone(this.config),
      step: this.steps,
      rngState: this.rng.state(),
      weights,
      ...(emaWeights ? { emaWeights } : {}),
      optimizer,
      lossHistory: this.history.points(),
    };
  }

  /** Continues exactly from a checkpoint of a network with the same architecture. */
  async restore(ckpt: TrainerCheckpoint): Promise<void> {
    if (ckpt.version !== 1) throw new Error(`unsupported checkpoint version ${ckpt.version}`);
    if (!sameArchitecture(ckpt.config.model, this.config.model)) {
      throw new Error('the checkpoint has another architecture: use Trainer.fromCheckpoint');
    }
    const problem =
      validateTrainerConfig(ckpt.config, this.target) ??
      validateSource(ckpt.config, this.target, this.source) ??
      validateTargetLabels(ckpt.config, this.target, this.labels);
    if (problem) throw new Error(`invalid checkpoint: ${problem}`);
    await this.storage.load(ckpt);
    this.storage.dropLosses();
    this.pending = 0;
    this.config = structuredClone(ckpt.config);
    this.path = makeScheduler(ckpt.config.scheduler, ckpt.config.schedulerParams);
    this.sampler = this.makeSampler(ckpt.config);
    this.steps = ckpt.step;
    this.rng = restoreRng(ckpt.rngState);
    this.history.load(ckpt.lossHistory);
    this.state = { status: 'ok' };
    this.storage.keepGood();
    this.goodStep = this.steps;
  }
}
