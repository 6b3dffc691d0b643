/**
 * WebGPU smoke run in Node: Dawn (the `webgpu` package) on SwiftShader's Vulkan driver from
 * Debian's chromium package. Needs LD_LIBRARY_PATH=/usr/lib/chromium and
 * VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json at process start (the test sets
 * them); on a machine with a real GPU and Vulkan driver it runs on the GPU instead.
 * Prints one JSON line: what the adapter is, and whether a few training steps and a sample ran.
 */
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu: create(['backend=vulkan']) },
  configurable: true,
});

const { initBackend, probeWebGpu } = await import('../src/model/backend');
const { Trainer } = await import('../src/model/trainer');
const { sampleFlow } = await import('../src/model/sampler');

const probe = await probeWebGpu();
const info = await initBackend('webgpu');
const trainer = new Trainer(
  {
    model: { width: 8, depth: 1, activation: 'silu', timeEncoding: 'linear' },
    scheduler: 'ot',
    coupling: 'independent',
    batch: 16,
    lr: 1e-2,
    weightDecay: 0,
    seed: 0,
  },
  Float32Array.of(1, 1, -1, -1, 1, -1, -1, 1),
);
trainer.trainSteps(3);
const stats = await trainer.readStats();
const { x } = await sampleFlow(trainer.mlp, Float32Array.of(0, 0, 1, 0), {
  solver: 'euler',
  steps: 2,
  scheduler: trainer.scheduler,
});
trainer.dispose();
console.log(
  JSON.stringify({ probe, backend: info.name, reason: info.reason, stats, x: Array.from(x) }),
);
process.exit(0);
