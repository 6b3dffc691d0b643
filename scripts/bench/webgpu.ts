/**
 * The WebGPU part of `npm run bench`, run as a child process by scripts/bench/speed.ts (the
 * Vulkan loader reads its environment at process start): Dawn (the `webgpu` package) under
 * tfjs-backend-webgpu. Counts compute dispatches per training step of the fused WebGPU
 * trainer and of the tfjs trainer on WebGPU, and per ODE step of the fused sampler, by
 * wrapping the device's compute passes; times a few steps. Prints one JSON line
 * ({ adapter: null } when there is no adapter).
 */
import { create, globals } from 'webgpu';
import { countDispatches } from '../node/dispatches';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu: create(['backend=vulkan']) },
  configurable: true,
});
const { DATASETS } = await import('../../src/flow/datasets');
const { createRng, sampleNormal } = await import('../../src/flow/rng');
const { initBackend, probeWebGpu } = await import('../../src/model/backend');
const { GpuFusedTrainer, tfjsDevice } = await import('../../src/model/fused/gpuTrainer');
const { sampleFlow } = await import('../../src/model/sampler');
const { Trainer } = await import('../../src/model/trainer');

const probe = await probeWebGpu();
if (!probe.available) {
  console.log(JSON.stringify({ adapter: null, why: probe.description }));
  process.exit(0);
}
const info = await initBackend('webgpu');
if (info.name !== 'webgpu') {
  console.log(JSON.stringify({ adapter: null, why: info.reason }));
  process.exit(0);
}
const device = tfjsDevice();
const dispatches = countDispatches(device);

// The playground's default model; a software adapter gets fewer steps and particles.
const config = {
  model: { width: 64, depth: 3, activation: 'silu' as const, timeEncoding: 'linear' as const },
  scheduler: 'ot' as const,
  coupling: 'independent' as const,
  batch: 256,
  lr: 1e-3,
  weightDecay: 1e-5,
  seed: 0,
};
const target = DATASETS.moons.sample(4000, createRng(0));
const [steps, particles] = probe.software ? [6, 2000] : [200, 20_000];

/** Dispatches per step (k steps, no read) and steps/s (k steps and one read). */
async function trainer(
  make: () => InstanceType<typeof Trainer> | InstanceType<typeof GpuFusedTrainer>,
) {
  const t = make();
  await t.train(2);
  let before = dispatches();
  t.trainSteps(3);
  const perStep = (dispatches() - before) / 3;
  await t.readStats();
  const t0 = performance.now();
  await t.train(steps);
  const rate = (1000 * steps) / (performance.now() - t0);
  before = dispatches();
  const x0 = sampleNormal(particles, createRng(1));
  const opts = { solver: 'euler' as const, steps: 5, scheduler: t.scheduler };
  await sampleFlow(t.sampleMlp, x0, opts);
  const perOde = (dispatches() - before) / 5;
  const s0 = performance.now();
  await sampleFlow(t.sampleMlp, x0, opts);
  const evals = (particles * 5) / ((performance.now() - s0) / 1000);
  t.dispose();
  return { perStep, rate, perOde, evals };
}

const fused = await trainer(() => new GpuFusedTrainer(config, target));
const tfjs = await trainer(() => new Trainer(config, target));
console.log(
  JSON.stringify({
    adapter: probe.description,
    software: probe.software,
    steps,
    particles,
    fused,
    tfjs,
  }),
);
process.exit(0);
