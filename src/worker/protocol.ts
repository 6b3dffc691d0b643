/**
 * The typed message protocol between the page and the training worker. Trainers are keyed by
 * an id ('main' for the playground; 'ot', 'vp', 've', … for the comparison panel) so several
 * train together, round-robin, in one worker. Every request carries a requestId and gets
 * exactly one reply; stats, quality and errors are pushed as events.
 */
import type { ReflowOptions } from '../flow/reflow';
import type { Points, SamplingSolverId, SolverId } from '../flow/types';
import type { BackendInfo, BackendPreference } from '../model/backend';
import type { StepTrace } from '../model/stepTrace';
import type { TrainerCheckpoint } from '../model/trainer';
import type { TrainerSetup } from '../model/trainerConfig';
import type { ModelFile } from '../model/weights';

/** Everything needed to (re)build one trainer: its config plus its target (model/). */
export type { TrainerSetup };

export interface SampleRequest {
  x0: Points;
  /** A fixed-step tableau with `steps`, or 'dopri5' with `tol` (steps then unused). */
  solver: SamplingSolverId;
  steps: number;
  /** Dormand–Prince's tolerance (rtol = atol); required for 'dopri5'. */
  tol?: number;
  record: boolean;
  /**
   * A conditional network's label per particle (NULL_LABEL = 255: ∅), or one label for all;
   * absent: ∅ for all. Ignored by an unconditional network.
   */
  labels?: Uint8Array;
  /**
   * Classifier-free guidance scale w ≥ 0: every ODE evaluation is (1 + w) v(x, t, c) −
   * w v(x, t, ∅), two network evaluations (counted in `nfe`). Absent or 0: v(x, t, c).
   */
  guidance?: number;
}

export interface SampleReply {
  /** (frames × n × 2) values, frame-major; frames = steps + 1 when recorded, else 1. */
  trajectory: Float32Array;
  frames: number;
  n: number;
  /**
   * Network evaluations per particle (the mean for the adaptive solver); with guidance w > 0
   * two per ODE evaluation.
   */
  nfe: number;
  /** The adaptive solver's evaluations for each particle, else null. */
  nfePer: Uint16Array | null;
  /** Training step of the model that produced it. */
  step: number;
}

/** Reflow (docs/sigma-and-reflow.md): rounds after the current network, and their sizes. */
export interface ReflowRequest extends ReflowOptions {
  rounds: number;
  /** Points for the exact W2 (and the mini views), at most the target's count. */
  samples: number;
}

/** One flow of the Reflow table: round 0 is the trainer's own network. */
export interface ReflowRow {
  round: number;
  /** Seconds to make the pairs and train this network (0 for round 0). */
  seconds: number;
  straightness: number;
  w2Euler1: number;
  w2Euler2: number;
  /** Its 1-step Euler samples (samples × 2), for the mini views. */
  oneStep: Points;
}

export interface ReflowReply {
  /** Training step of the network that was reflowed. */
  step: number;
  samples: number;
  rows: ReflowRow[];
}

type WithId<T> = T & { requestId: number };

export type Request = WithId<
  | { type: 'init'; backend: BackendPreference }
  | { type: 'chooseEngine' }
  | { type: 'configure'; id: string; setup: TrainerSetup }
  | { type: 'start'; ids: string[] }
  | { type: 'pause' }
  | { type: 'step'; id: string; n: number }
  | { type: 'slowStep'; id: string }
  | { type: 'reset'; id: string }
  | { type: 'setLearningRate'; id: string; lr: number }
  | { type: 'setEma'; id: string; ema: number }
  /** `labels`: one class per target point, required when the network is conditional. */
  | { type: 'setTarget'; id: string; target: Points; labels?: Uint8Array }
  | ({ type: 'sample'; id: string } & SampleRequest)
  /** `labels` (one per point, or one for all) and `guidance` as in SampleRequest. */
  | { type: 'field'; id: string; points: Points; t: number; labels?: Uint8Array; guidance?: number }
  /** `label`: the density of class c (or NULL_LABEL: ∅) of a conditional network. */
  | { type: 'logLikelihood'; id: string; points: Points; steps: number; label?: number }
  | { type: 'lossByTime'; id: string; bins: number }
  | {
      type: 'nfeSweep';
      id: string;
      x0: Points;
      solvers: SolverId[];
      nfes: number[];
      reference: Points;
      /** Also one Dormand–Prince point at this tolerance (mean NFE), or none. */
      adaptiveTol?: number;
    }
  | ({ type: 'reflow'; id: string } & ReflowRequest)
  | { type: 'exportModel'; id: string; dataset: string }
  /** `setup` (optional) replaces the trainer's own: a model file and its settings in one step. */
  | { type: 'importModel'; id: string; file: unknown; setup?: TrainerSetup }
  | { type: 'checkpoint'; id: string }
  | { type: 'restore'; id: string; checkpoint: TrainerCheckpoint }
  | { type: 'remove'; id: string }
>;

/**
 * What `init` started. `pending`: a first engine (the fused kernel, on 'auto') that shows and
 * samples networks at once; the measured choice comes later (`chooseEngine`, or before the
 * first training step) as a 'backend' event.
 */
export type InitInfo = BackendInfo & { pending?: boolean };

/** The result type of each request, by its `type`. */
export interface ReplyResults {
  init: InitInfo;
  chooseEngine: BackendInfo;
  configure: { step: number };
  start: null;
  pause: null;
  step: TrainingStats;
  /** One real training step of the trainer, with everything about it (model/stepTrace.ts). */
  slowStep: { trace: StepTrace; stats: TrainingStats };
  reset: { step: number };
  setLearningRate: null;
  setEma: null;
  setTarget: null;
  sample: SampleReply;
  field: Points;
  /** log p₁ of the learned flow at each point (nats), RK4 backward in `steps` steps. */
  logLikelihood: Float32Array;
  lossByTime: Float32Array;
  nfeSweep: NfePoint[];
  reflow: ReflowReply;
  exportModel: ModelFile;
  importModel: { step: number };
  checkpoint: TrainerCheckpoint;
  restore: { step: number };
  remove: null;
}

/** One point of the quality-versus-NFE chart. */
export interface NfePoint {
  solver: SamplingSolverId;
  nfe: number;
  steps: number;
  slicedW2: number;
}

export type TrainingStatus = 'idle' | 'training' | 'paused' | 'diverged' | 'error';

export interface TrainingStats {
  id: string;
  step: number;
  /** Mean loss of the steps since the previous stats (NaN when none). */
  loss: number;
  /** Exponential moving average of `loss`. */
  lossAvg: number;
  stepsPerSec: number;
  status: TrainingStatus;
  message?: string;
}

export interface QualityStats {
  id: string;
  step: number;
  /** Sliced W2 between generated samples and the target (a cheap live proxy). */
  slicedW2: number;
}

export type WorkerEvent =
  | { type: 'reply'; requestId: number; ok: true; result: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  | ({ type: 'stats' } & TrainingStats)
  | ({ type: 'quality' } & QualityStats)
  | { type: 'error'; id?: string; message: string }
  | { type: 'backend'; info: BackendInfo };

export type Post = (message: WorkerEvent, transfer?: Transferable[]) => void;
