/**
 * Which trainer runs the steps: the tfjs `Trainer` (the reference, on any tfjs backend), the
 * `FusedTrainer` (one WASM SIMD call per step, model/fused/) or the `GpuFusedTrainer` (two
 * WebGPU dispatches per step on tfjs's device). All take the same config, draw the same
 * batches and read/write the same checkpoints. On 'auto' the choice is a measurement: a few
 * hundred milliseconds of steps on each candidate (the WebGPU kernels only on a hardware
 * adapter), the fastest kept, the figures in the reason.
 */
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import type { Points } from '../flow/types';
import {
  initBackend,
  type BackendInfo,
  type BackendOptions,
  type BackendPreference,
} from './backend';
import { FusedTrainer } from './fused/fusedTrainer';
import { GpuFusedTrainer } from './fused/gpuTrainer';
import { fusedSupported } from './fused/kernel';
import { Trainer } from './trainer';
import type { TrainerCheckpoint, TrainerConfig, TrainerSetup } from './trainerConfig';
import { parseModelFile } from './weights';

/** Any trainer: they share every public member the worker and the CLI use. */
export type AnyTrainer = Trainer | FusedTrainer | GpuFusedTrainer;

/**
 * A trainer of the kind `backend` says: a fused one when its name says so, else tfjs; with
 * `source`, it trains on the fixed pairs (source_j, target_j) (reflow); `labels`: one class
 * per target point for a conditional network (config.model.classes ≥ 2).
 */
export function createTrainer(
  backend: Pick<BackendInfo, 'name'> | null,
  config: TrainerConfig,
  target: Points,
  source?: Points,
  labels?: Uint8Array,
): AnyTrainer {
  if (backend?.name === 'fused') return new FusedTrainer(config, target, source, labels);
  if (backend?.name === 'fused-webgpu') {
    return new GpuFusedTrainer(config, target, undefined, source, labels);
  }
  return new Trainer(config, target, source, labels);
}

/** `createTrainer`, then continues the checkpoint exactly. */
export async function trainerFromCheckpoint(
  backend: Pick<BackendInfo, 'name'> | null,
  ckpt: TrainerCheckpoint,
  target: Points,
  labels?: Uint8Array,
): Promise<AnyTrainer> {
  const trainer = createTrainer(backend, ckpt.config, target, undefined, labels);
  await trainer.restore(ckpt);
  return trainer;
}

/**
 * A trainer (of the kind `backend` says) that starts from a model file's weights: the file's
 * architecture, path and seed, the rest from `setup` (target, batch, learning rate, …); the
 * step count as saved, fresh optimiser moments, an empty loss history. A model file is a
 * checkpoint without optimiser state, so it goes through the trainers' own `restore`.
 * Throws ModelFileError (a clear message) for a malformed file.
 */
export async function trainerFromModelFile(
  backend: Pick<BackendInfo, 'name'> | null,
  json: unknown,
  setup: TrainerSetup,
): Promise<{ trainer: AnyTrainer; setup: TrainerSetup }> {
  const { file, weights } = parseModelFile(json);
  const next: TrainerSetup = {
    ...setup,
    model: file.architecture,
    scheduler: file.scheduler.id,
    schedulerParams: file.scheduler.params,
    seed: file.seed,
  };
  const { target, labels, ...config } = next;
  const trainer = createTrainer(backend, config, target, undefined, labels);
  await trainer.restore({
    version: 1,
    config: structuredClone(trainer.settings),
    step: file.step,
    rngState: createRng(file.seed).state(),
    weights: weights.map((w) => Array.from(w)),
    optimizer: [],
    lossHistory: [],
  });
  return { trainer, setup: next };
}

/**
 * What runs before the measurement on 'auto': the fused kernel, which needs neither tfjs nor
 * its WASM module, so a pretrained network can be shown (and sampled) at once; `initEngine`
 * then decides before anything trains. Null where that is not the choice to make.
 */
export function firstEngine(pref: BackendPreference): BackendInfo | null {
  if (pref !== 'auto' || !fusedSupported()) return null;
  const reason =
    'The fused WASM SIMD kernel shows the first flow; the engines are measured before training.';
  return { name: 'fused', reason, isSoftware: true };
}

/** The playground's default run, which the measurement times. */
const PROBE: TrainerConfig = {
  model: { width: 64, depth: 3, activation: 'silu', timeEncoding: 'linear' },
  scheduler: 'ot',
  coupling: 'independent',
  batch: 256,
  lr: 1e-3,
  weightDecay: 0,
  seed: 0,
};
const PROBE_MS = 350;

/**
 * Steps per second of a fresh trainer over ~`ms` (after two warm-up steps, not counted), in
 * chunks that grow to ~20 ms with one read each, as the worker trains.
 */
async function stepsPerSecond(kind: Pick<BackendInfo, 'name'>, target: Points, ms: number) {
  const trainer = createTrainer(kind, PROBE, target);
  try {
    await trainer.train(2);
    let [steps, chunk] = [0, 1];
    const start = performance.now();
    while (performance.now() - start < ms) {
      const t0 = performance.now();
      await trainer.train(chunk);
      steps += chunk;
      if (performance.now() - t0 < 20) chunk *= 2;
    }
    return (1000 * steps) / (performance.now() - start);
  } finally {
    trainer.dispose();
  }
}

const FUSED_LABEL = 'fused WASM SIMD kernel';
const GPU_LABEL = 'fused WebGPU kernels';

/** 'fused-webgpu' asked for: tfjs on WebGPU (any adapter), else the best CPU engine. */
async function initFusedWebGpu(opts: BackendOptions): Promise<BackendInfo> {
  const info = await initBackend('webgpu', opts);
  if (info.name === 'webgpu') {
    const reason = `The ${GPU_LABEL} requested, on tfjs's device: ${info.reason}`;
    return { name: 'fused-webgpu', reason, isSoftware: info.isSoftware };
  }
  if (!fusedSupported()) return info;
  const reason = `${info.reason} Training on the ${FUSED_LABEL} instead of the ${GPU_LABEL}.`;
  return { name: 'fused', reason, isSoftware: true };
}

/**
 * Starts tfjs as `pref` asks and decides the trainer: 'fused' or 'fused-webgpu' insists on a
 * fused kernel, a tfjs backend name insists on tfjs, 'auto' measures the candidates.
 */
export async function initEngine(
  pref: BackendPreference = 'auto',
  opts: BackendOptions = {},
): Promise<BackendInfo> {
  if (pref === 'fused-webgpu') return initFusedWebGpu(opts);
  if (pref !== 'fused' && pref !== 'auto') return initBackend(pref, opts);
  const supported = fusedSupported();
  const info = await initBackend(pref === 'fused' ? 'wasm' : 'auto', opts);
  if (!supported) {
    const note = `The ${FUSED_LABEL} cannot run here (no WebAssembly SIMD)`;
    return { ...info, reason: `${note}; ${info.reason}` };
  }
  if (pref === 'fused') {
    return {
      name: 'fused',
      reason: `The ${FUSED_LABEL} requested (tfjs on ${info.name} for the rest).`,
      isSoftware: true,
    };
  }
  const target = DATASETS.moons.sample(512, createRng(0));
  const candidates: { name: BackendInfo['name']; label: string; rate: number }[] = [
    { name: 'fused', label: `the ${FUSED_LABEL}`, rate: 0 },
  ];
  // tfjs took WebGPU only on a hardware adapter (model/backend.ts): only there can it win.
  if (info.name === 'webgpu' && !info.isSoftware) {
    candidates.push({ name: 'fused-webgpu', label: `the ${GPU_LABEL}`, rate: 0 });
  }
  candidates.push({ name: info.name, label: `tfjs ${info.name}`, rate: 0 });
  const failed: string[] = [];
  for (const c of candidates) {
    try {
      c.rate = await stepsPerSecond(c, target, PROBE_MS);
    } catch (e) {
      // A GPU engine that cannot run here is simply not chosen; the reason says so.
      failed.push(`${c.label} failed (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const [first, ...rest] = candidates.map((c) => `${Math.round(c.rate)} on ${c.label}`);
  const figures =
    `measured ${first!.replace(' on ', ' steps/s on ')}${rest.map((r) => ` vs ${r}`).join('')} ` +
    `(3×64 SiLU, batch 256)${failed.length > 0 ? `; ${failed.join('; ')}` : ''}`;
  const best = candidates.reduce((a, b) => (b.rate > a.rate ? b : a));
  if (best.name === 'fused') {
    return {
      name: 'fused',
      reason: `${info.reason} Fastest here, ${figures}: training on the fused kernel.`,
      isSoftware: true,
    };
  }
  if (best.name === 'fused-webgpu') {
    return {
      name: 'fused-webgpu',
      reason: `${info.reason} Fastest here, ${figures}: training on the ${GPU_LABEL}.`,
      isSoftware: false,
    };
  }
  return { ...info, reason: `${info.reason} Fastest here, ${figures}.` };
}
