/**
 * The WebGPU fused step against the WASM one, in Node: Dawn (the `webgpu` package), on
 * SwiftShader here (LD_LIBRARY_PATH and VK_ICD_FILENAMES set by the test, as for
 * scripts/webgpuSmoke.ts). Runs the same batches from the same weights on both, counts the
 * compute dispatches per step by wrapping the device's command encoders, prints one JSON line.
 */
import { create, globals } from 'webgpu';
import type { TrainerConfig } from '../src/model/trainerConfig';
import { countDispatches } from './node/dispatches';

// Dawn first, the app's modules after (as scripts/webgpuSmoke.ts does).
Object.assign(globalThis, globals);
const gpu = create(['backend=vulkan']);
const { DATASETS } = await import('../src/flow/datasets');
const { createRng } = await import('../src/flow/rng');
const { makeScheduler } = await import('../src/flow/schedulers');
const { BatchSampler } = await import('../src/model/batch');
const { FusedTrainer } = await import('../src/model/fused/fusedTrainer');
const { GpuFusedStep } = await import('../src/model/fused/gpuStep');
const { ACTIVATIONS, initialWeights } = await import('../src/model/mlp');
const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error('no WebGPU adapter');
const device = await adapter.requestDevice();

const dispatches = countDispatches(device);

/** max |a − b| / max |b| over lists of tensors. */
const relError = (a: ArrayLike<number>[], b: ArrayLike<number>[]) => {
  let [diff, scale] = [0, 0];
  b.forEach((t, i) => {
    for (let j = 0; j < t.length; j++) {
      diff = Math.max(diff, Math.abs(a[i]![j]! - t[j]!));
      scale = Math.max(scale, Math.abs(t[j]!));
    }
  });
  return diff / scale;
};

const target = DATASETS.moons.sample(1000, createRng(3));
const STEPS = 3;
const results = [];
for (const [i, activation] of ACTIVATIONS.entries()) {
  const cfg: TrainerConfig = {
    model: {
      width: [16, 32, 24, 20, 16][i]!,
      depth: [2, 3, 1, 2, 4][i]!,
      activation,
      timeEncoding: i === 4 ? 'fourier' : 'linear',
    },
    scheduler: 'ot',
    coupling: 'independent',
    batch: 61,
    lr: 2e-3,
    weightDecay: 1e-3,
    optimizer: i === 1 ? 'adam' : 'adamw',
    ema: 0.9,
    seed: 4,
  };
  const wasm = new FusedTrainer(cfg, target);
  wasm.trainSteps(STEPS);
  const wasmLosses = wasm.lossHistory.length;
  await wasm.readStats();
  const ckpt = await wasm.checkpoint();

  const gpu = new GpuFusedStep(device, cfg.model, cfg.batch);
  const w0 = initialWeights(cfg.model, cfg.seed);
  gpu.write('params', w0);
  gpu.write('avg', w0);
  const sampler = new BatchSampler(cfg.batch);
  const rng = createRng(cfg.seed);
  const path = makeScheduler('ot');
  let [acc1, acc2] = [Math.fround(0.9), Math.fround(0.999)];
  const before = dispatches();
  for (let k = 1; k <= STEPS; k++) {
    const b = sampler.sample(path, target, 'independent', rng);
    gpu.step(b.xt, b.t, b.u, {
      lr: cfg.lr,
      wd: cfg.weightDecay,
      l2: cfg.optimizer === 'adam',
      decayFactor: cfg.optimizer === 'adamw' ? 1 - cfg.lr * cfg.weightDecay : 1,
      oneMinusAcc1: Math.fround(1 - acc1),
      oneMinusAcc2: Math.fround(1 - acc2),
      emaRate: 1 - Math.min(cfg.ema!, (1 + k) / (10 + k)),
    });
    acc1 = Math.fround(acc1 * Math.fround(0.9));
    acc2 = Math.fround(acc2 * Math.fround(0.999));
  }
  const perStep = (dispatches() - before) / STEPS;
  const L = w0.length;
  const [losses] = await gpu.read('losses');
  results.push({
    activation,
    dispatchesPerStep: perStep,
    loss: relError(
      [losses!.slice(0, STEPS)],
      [wasm.lossHistory.slice(wasmLosses).map(([, l]) => l)],
    ),
    weights: relError(await gpu.read('params'), ckpt.weights),
    m: relError(
      await gpu.read('m'),
      ckpt.optimizer.slice(1, 1 + L).map((o) => o.data),
    ),
    v: relError(
      await gpu.read('v'),
      ckpt.optimizer.slice(1 + L).map((o) => o.data),
    ),
    average: relError(await gpu.read('avg'), ckpt.emaWeights!),
  });
  gpu.dispose();
  wasm.dispose();
}
console.log(JSON.stringify({ adapter: adapter.info?.architecture ?? '', results }));
process.exit(0);
