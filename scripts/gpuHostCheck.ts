/**
 * The worker host on the fused WebGPU trainer, in Node: Dawn on SwiftShader here (env set by
 * src/worker/hostGpu.test.ts). Asks for 'fused-webgpu', trains and samples through the host,
 * counts dispatches per training step (wrapping the device's compute passes), then destroys
 * the device as a driver reset would and watches the host fall back to WASM from its
 * checkpoint. Also asks for 'auto' on a pretend hardware adapter (all three engines measured)
 * and on the software one as it is (the WebGPU kernels not measured).
 * Prints one JSON line.
 */
import { create, globals } from 'webgpu';
import type { Request, WorkerEvent } from '../src/worker/protocol';
import { countDispatches } from './node/dispatches';

Object.assign(globalThis, globals);
const gpu = create(['backend=vulkan']);
// First phase only: SwiftShader dressed up as a hardware adapter, so that 'auto' measures
// the fused WebGPU kernels beside the CPU engines (as it does on a real GPU).
let pretend = true;
const requestAdapter = gpu.requestAdapter.bind(gpu);
gpu.requestAdapter = async (options?: GPURequestAdapterOptions) => {
  const adapter = await requestAdapter(options);
  if (!adapter || !pretend) return adapter;
  const info = { vendor: 'test', architecture: 'pretend-hardware', device: '', description: '' };
  return new Proxy(adapter, {
    get(target, key) {
      if (key === 'info') return info;
      if (key === 'isFallbackAdapter') return false;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
const { loseDeviceForTest } = await import('../src/model/backend');
const { tfjsDevice } = await import('../src/model/fused/gpuTrainer');
const { createTrainingHost } = await import('../src/worker/host');
const { smallSetup } = await import('../src/worker/testing');

const events: WorkerEvent[] = [];
const host = createTrainingHost((msg) => events.push(msg), {
  chunkMs: 20,
  checkpointEveryMs: 0,
});
let id = 1;
type Body = Request extends infer R ? (R extends Request ? Omit<R, 'requestId'> : never) : never;
async function ok(body: Body): Promise<never> {
  const requestId = id++;
  await host.handle({ ...body, requestId } as Request);
  const reply = events.find((e) => e.type === 'reply' && e.requestId === requestId);
  if (reply?.type !== 'reply' || !reply.ok) throw new Error(JSON.stringify(reply));
  return reply.result as never;
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Info = { name: string; reason: string };
// 'auto' starts on the fused kernel alone; the measured choice is asked for (the page does
// that after its first frames).
await ok({ type: 'init', backend: 'auto' });
const measured: Info = await ok({ type: 'chooseEngine' });
pretend = false;
const info: Info = await ok({ type: 'init', backend: 'fused-webgpu' });
const device = tfjsDevice();
const dispatches = countDispatches(device);

const setup = smallSetup({
  model: { width: 8, depth: 1, activation: 'silu', timeEncoding: 'linear' },
});
await ok({ type: 'configure', id: 'main', setup });
const before = dispatches();
const stats: { step: number; loss: number } = await ok({ type: 'step', id: 'main', n: 10 });
// Ten steps and the one read: the Σ|w| check is the only dispatch beyond the steps'.
const stepDispatches = dispatches() - before;
const sample: { n: number; trajectory: Float32Array } = await ok({
  type: 'sample',
  id: 'main',
  x0: new Float32Array(40).fill(0.5),
  solver: 'rk4',
  steps: 4,
  record: false,
});

// Train with a checkpoint after every chunk, then lose the device mid-run.
await ok({ type: 'start', ids: ['main'] });
// Three chunks, so that at least one checkpoint of the GPU run has been taken and kept.
type Stats = Extract<WorkerEvent, { type: 'stats' }>;
const trainingIn = (list: WorkerEvent[]) =>
  list.filter((e): e is Stats => e.type === 'stats' && e.status === 'training');
const training = () => trainingIn(events);
for (let i = 0; i < 200 && training().length < 4; i++) await wait(100);
const lostAt = events.length;
const stepBeforeLoss = training().at(-1)?.step ?? 0;
const lost = loseDeviceForTest();
// Until the WASM engine has reported three chunks (bounded: a loaded machine is slow, not wrong).
const trainedAfter = () => trainingIn(events.slice(lostAt)).length;
for (let i = 0; i < 600 && trainedAfter() < 3; i++) await wait(100);
const after = events.slice(lostAt);
const backendEvent = after.find((e) => e.type === 'backend');
const errors = after.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.message);
const statsAfter = trainingIn(after);
await ok({ type: 'pause' });
await host.idle();

await ok({ type: 'init', backend: 'auto' });
const auto: Info = await ok({ type: 'chooseEngine' });
console.log(
  JSON.stringify({
    measured,
    info,
    step: stats.step,
    loss: stats.loss,
    stepDispatches,
    sample: { n: sample.n, finite: Array.from(sample.trajectory).every(Number.isFinite) },
    lost,
    backendAfter: backendEvent?.type === 'backend' ? backendEvent.info.name : null,
    errors,
    trainingAfter: statsAfter.length,
    stepBeforeLoss,
    firstStepAfter: statsAfter[0]?.step ?? null,
    lastStep: statsAfter.at(-1)?.step ?? null,
    auto,
  }),
);
process.exit(0);
