/**
 * A class-conditional network on the fused WebGPU trainer against the fused WASM one, in Node
 * (Dawn on SwiftShader; LD_LIBRARY_PATH and VK_ICD_FILENAMES set by
 * src/model/fused/gpuConditional.test.ts): labelled batches with label drop and minibatch OT
 * within classes, then guided sampling (Euler and RK4, w = 0 and 3), the guided field and the
 * adaptive solver on the device against the WASM kernel. Prints one JSON line.
 */
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu: create(['backend=vulkan']) },
  configurable: true,
});
const { DATASETS } = await import('../src/flow/datasets');
const { NULL_LABEL } = await import('../src/flow/guidance');
const { createRng, sampleNormal } = await import('../src/flow/rng');
const { initBackend, probeWebGpu } = await import('../src/model/backend');
const { FusedTrainer } = await import('../src/model/fused/fusedTrainer');
const { GpuFusedTrainer } = await import('../src/model/fused/gpuTrainer');
const { sampleAdaptive, sampleFlow, velocityAt } = await import('../src/model/sampler');
type TrainerConfig = import('../src/model/trainerConfig').TrainerConfig;

const probe = await probeWebGpu();
const info = await initBackend('webgpu');
if (info.name !== 'webgpu') throw new Error(`no WebGPU here: ${info.reason}`);

/** max |a − b| / max |b|. */
const relError = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let [diff, scale] = [0, 0];
  for (let j = 0; j < b.length; j++) {
    diff = Math.max(diff, Math.abs(a[j]! - b[j]!));
    scale = Math.max(scale, Math.abs(b[j]!));
  }
  return diff / scale;
};

const labels = new Uint8Array(600);
const target = DATASETS['8gaussians'].sample(600, createRng(1), labels);
const results = [];
for (const timeEncoding of ['linear', 'fourier'] as const) {
  const cfg: TrainerConfig = {
    model: { width: 24, depth: 2, activation: 'silu', timeEncoding, classes: 8 },
    scheduler: 'ot',
    coupling: 'ot',
    batch: 48,
    lr: 3e-3,
    weightDecay: 0,
    labelDrop: 0.3,
    seed: 4,
  };
  const wasm = new FusedTrainer(cfg, target, undefined, labels);
  const gpu = new GpuFusedTrainer(cfg, target, undefined, undefined, labels);
  wasm.trainSteps(6);
  gpu.trainSteps(6);
  const [sw, sg] = [await wasm.readStats(), await gpu.readStats()];
  const [cw, cg] = [await wasm.checkpoint(), await gpu.checkpoint()];
  const x0 = sampleNormal(200, createRng(5), 1);
  const lab = Uint8Array.from({ length: 200 }, (_, i) => (i % 9 === 8 ? NULL_LABEL : i % 8));
  const sampling: Record<string, number> = {};
  for (const guidance of [0, 3]) {
    for (const solver of ['euler', 'rk4'] as const) {
      const opts = { solver, steps: 5, scheduler: wasm.scheduler, labels: lab, guidance };
      const [g, w] = [await sampleFlow(gpu.mlp, x0, opts), await sampleFlow(wasm.mlp, x0, opts)];
      sampling[`${solver} w=${guidance}`] = relError(g.x, w.x);
      sampling[`${solver} w=${guidance} nfe`] = g.nfe - w.nfe;
    }
    const c = { labels: lab, guidance };
    const field = relError(
      await velocityAt(gpu.mlp, x0, 0.4, c),
      await velocityAt(wasm.mlp, x0, 0.4, c),
    );
    sampling[`field w=${guidance}`] = field;
    const a = { tol: 1e-3, scheduler: wasm.scheduler, labels: lab, guidance };
    await gpu.mlp.sync();
    sampling[`dopri5 w=${guidance}`] = relError(
      (await sampleAdaptive(gpu.mlp, x0, a)).x,
      (await sampleAdaptive(wasm.mlp, x0, a)).x,
    );
  }
  results.push({
    timeEncoding,
    loss: Math.abs(sg.loss - sw.loss) / sw.loss,
    weights: relError(cg.weights.flat(), cw.weights.flat()),
    sampling,
  });
  wasm.dispose();
  gpu.dispose();
}
console.log(JSON.stringify({ adapter: probe.description, results }));
process.exit(0);
