/**
 * The fused WebGPU trainer against the fused WASM one, in Node: Dawn (the `webgpu` package)
 * under tfjs-backend-webgpu, whose device the trainer uses, on SwiftShader here
 * (LD_LIBRARY_PATH and VK_ICD_FILENAMES set by src/model/fused/gpuTrainer.test.ts). Same
 * config and seed on both; compares losses, checkpoints (weights, Adam's moments, average),
 * samples and the field, resumes the GPU trainer from the WASM trainer's checkpoint, trips the
 * divergence guard, and counts dispatches by wrapping the device's compute passes. Prints
 * one JSON line.
 */
import { create, globals } from 'webgpu';
import type { TrainerCheckpoint, TrainerConfig } from '../src/model/trainerConfig';
import { countDispatches } from './node/dispatches';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu: create(['backend=vulkan']) },
  configurable: true,
});
const { DATASETS } = await import('../src/flow/datasets');
const { createRng, sampleNormal } = await import('../src/flow/rng');
const { initBackend, probeWebGpu } = await import('../src/model/backend');
const { FusedTrainer } = await import('../src/model/fused/fusedTrainer');
const { GpuFusedTrainer, tfjsDevice } = await import('../src/model/fused/gpuTrainer');
const { sampleFlow, velocityAt } = await import('../src/model/sampler');

const probe = await probeWebGpu();
const info = await initBackend('webgpu');
if (info.name !== 'webgpu') throw new Error(`no WebGPU here: ${info.reason}`);
const device = tfjsDevice();

const dispatches = countDispatches(device);
/** Dispatches `run` makes (tfjs's own included: the trainer must not use tfjs per step). */
async function counted(run: () => unknown): Promise<number> {
  const before = dispatches();
  await run();
  return dispatches() - before;
}

/** max |a − b| / max |b| over lists of arrays. */
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
const compare = (a: TrainerCheckpoint, b: TrainerCheckpoint) => {
  const L = b.weights.length;
  const opt = (c: TrainerCheckpoint, from: number) =>
    c.optimizer.slice(from, from + L).map((o) => o.data);
  return {
    weights: relError(a.weights, b.weights),
    m: relError(opt(a, 1), opt(b, 1)),
    v: relError(opt(a, 1 + L), opt(b, 1 + L)),
    average: b.emaWeights ? relError(a.emaWeights!, b.emaWeights) : 0,
    iter: Number(a.optimizer[0]!.data[0]) - Number(b.optimizer[0]!.data[0]),
  };
};

const target = DATASETS.moons.sample(1000, createRng(3));
const CONFIGS: TrainerConfig[] = [
  {
    model: { width: 16, depth: 3, activation: 'silu', timeEncoding: 'fourier' },
    scheduler: 'ot',
    coupling: 'independent',
    batch: 61,
    lr: 2e-3,
    weightDecay: 1e-3,
    optimizer: 'adamw',
    ema: 0.9,
    seed: 4,
  },
  {
    model: { width: 24, depth: 2, activation: 'gelu', timeEncoding: 'linear' },
    scheduler: 'vp',
    coupling: 'independent',
    batch: 32,
    lr: 5e-3,
    weightDecay: 1e-2,
    optimizer: 'adam',
    seed: 9,
  },
];
const STEPS = 4;
const results = [];
for (const cfg of CONFIGS) {
  const wasm = new FusedTrainer(cfg, target);
  const gpu = new GpuFusedTrainer(cfg, target);
  wasm.trainSteps(STEPS);
  const stepDispatches = await counted(() => gpu.trainSteps(STEPS));
  const [sw, sg] = [await wasm.readStats(), await gpu.readStats()];
  const lossOf = (t: { lossHistory: [number, number][] }) => [t.lossHistory.map(([, l]) => l)];
  const loss = relError(lossOf(gpu), lossOf(wasm));
  const trained = compare(await gpu.checkpoint(), await wasm.checkpoint());

  // Sampling: RK4 with every frame, then the field, on the device against the WASM kernel.
  const x0 = sampleNormal(300, createRng(5), 1);
  const opts = { solver: 'rk4' as const, steps: 5, scheduler: wasm.scheduler, record: true };
  let ours = await sampleFlow(gpu.sampleMlp, x0, opts);
  const sampleDispatches = await counted(async () => {
    ours = await sampleFlow(gpu.sampleMlp, x0, opts);
  });
  const ref = await sampleFlow(wasm.sampleMlp, x0, opts);
  const field = relError(
    [await velocityAt(gpu.sampleMlp, x0, 0.3)],
    [await velocityAt(wasm.sampleMlp, x0, 0.3)],
  );
  const profile = relError([await gpu.lossByTime(4, 16)], [await wasm.lossByTime(4, 16)]);

  // Resume on the GPU from the WASM trainer's checkpoint: the next steps agree too.
  const resumed = await GpuFusedTrainer.fromCheckpoint(await wasm.checkpoint(), target);
  await resumed.train(2);
  await wasm.train(2);
  const afterResume = compare(await resumed.checkpoint(), await wasm.checkpoint());

  // The divergence guard: a huge rate, then a rollback to the last good weights.
  const good = await gpu.mlp.getWeights();
  const goodStep = gpu.step;
  gpu.setLearningRate(1e12);
  gpu.trainSteps(20);
  const diverged = await gpu.readStats();
  const rolledBack = relError(await gpu.mlp.getWeights(), good);
  gpu.setLearningRate(cfg.lr);
  const again = await gpu.train(3);

  results.push({
    activation: cfg.model.activation,
    dispatchesPerStep: stepDispatches / STEPS,
    dispatchesPerOdeStep: sampleDispatches / opts.steps,
    loss,
    statsLoss: Math.abs(sg.loss - sw.loss) / sw.loss,
    ...trained,
    samples: relError([ours.trajectory!], [ref.trajectory!]),
    field,
    profile,
    resumed: afterResume,
    diverged: { status: diverged.status, step: diverged.step, goodStep, rolledBack },
    afterRollback: { status: again.status, finite: Number.isFinite(again.loss) },
  });
  resumed.dispose();
  gpu.dispose();
  wasm.dispose();
}
// More unread steps than the GPU's loss log holds: the full logs are copied aside, none lost.
const { LOSS_LOG } = await import('../src/model/fused/gpuStep');
const tiny: TrainerConfig = { ...CONFIGS[0]!, model: { ...CONFIGS[0]!.model, width: 8 } };
const [wasm, gpu] = [new FusedTrainer(tiny, target), new GpuFusedTrainer(tiny, target)];
const started = performance.now();
const [sw, sg] = [await wasm.train(LOSS_LOG + 3), await gpu.train(LOSS_LOG + 3)];
const spill = {
  step: sg.step,
  loss: Math.abs(sg.loss - sw.loss) / sw.loss,
  history: relError([gpu.lossHistory.flat()], [wasm.lossHistory.flat()]),
  ms: performance.now() - started,
};
console.log(
  JSON.stringify({ adapter: probe.description, software: probe.software, results, spill }),
);
process.exit(0);
