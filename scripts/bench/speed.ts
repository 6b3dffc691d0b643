/**
 * Training speed side by side on one machine: the fused WASM SIMD trainer, the tfjs trainer
 * on single-thread WASM and PyTorch on the CPU (one thread, scripts/bench/torch_cfm.py),
 * in interleaved rounds so that the drift of a shared machine hits all three alike; then the
 * fused sampler's particle evaluations per second; then, where a WebGPU adapter exists
 * (scripts/bench/webgpu.ts), dispatches per step counted on the device. Prints ranges over
 * the rounds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { DATASETS } from '../../src/flow/datasets';
import { createRng, sampleNormal } from '../../src/flow/rng';
import { initBackend } from '../../src/model/backend';
import { createTrainer } from '../../src/model/engine';
import type { Activation } from '../../src/model/mlp';
import { sampleFlow } from '../../src/model/sampler';
import type { TrainerConfig } from '../../src/model/trainerConfig';

interface Model {
  label: string;
  width: number;
  activation: Activation;
  batch: number;
  /** Steps per timed run for fused, tfjs and PyTorch: about a second each here. */
  steps: [number, number, number];
}

const MODELS: Model[] = [
  {
    label: '3×64 SiLU, batch 256 (playground default)',
    width: 64,
    activation: 'silu',
    batch: 256,
    steps: [2000, 200, 500],
  },
  {
    label: '3×64 SELU, batch 512 (published protocol)',
    width: 64,
    activation: 'selu',
    batch: 512,
    steps: [1000, 100, 300],
  },
  {
    label: '3×256 SiLU, batch 1024',
    width: 256,
    activation: 'silu',
    batch: 1024,
    steps: [40, 10, 30],
  },
];

const configOf = (m: Model): TrainerConfig => ({
  model: { width: m.width, depth: 3, activation: m.activation, timeEncoding: 'linear' },
  scheduler: 'ot',
  coupling: 'independent',
  batch: m.batch,
  lr: 1e-3,
  weightDecay: 1e-5,
  seed: 0,
});

const target = DATASETS.moons.sample(4000, createRng(0));

/**
 * Each engine's steps are timed in BURSTS bursts and the fastest burst counts: on a machine
 * shared with other work the fastest burst is the one least disturbed (all three alike).
 */
const BURSTS = 5;

/** Steps/s of one of our trainers: a few warm-up steps, then the best of the bursts. */
async function ours(engine: 'fused' | 'wasm', m: Model, steps: number): Promise<number> {
  const trainer = createTrainer({ name: engine }, configOf(m), target);
  await trainer.train(5);
  const per = Math.max(1, Math.floor(steps / BURSTS));
  let best = 0;
  for (let b = 0; b < BURSTS; b++) {
    const t0 = performance.now();
    trainer.trainSteps(per);
    await trainer.readStats();
    best = Math.max(best, (1000 * per) / (performance.now() - t0));
  }
  trainer.dispose();
  return best;
}

/** Best-burst steps/s of PyTorch (1 thread) on the same model and batch; null without it. */
function torch(m: Model, steps: number): number | null {
  if (!existsSync('/usr/bin/python3')) return null;
  const args = ['scripts/bench/torch_cfm.py', '--steps', String(steps), '--threads', '1'];
  args.push('--width', String(m.width), '--activation', m.activation, '--batch', String(m.batch));
  args.push('--bursts', String(BURSTS));
  try {
    const out = execFileSync('/usr/bin/python3', args, { encoding: 'utf8', timeout: 600_000 });
    const last = out.trim().split('\n').pop() ?? 'null';
    return (JSON.parse(last) as { best_burst_steps_per_s: number }).best_burst_steps_per_s;
  } catch {
    return null;
  }
}

/** Which BLAS libblas.so.3 resolves to (Debian's alternatives), for the table's caption. */
function blas(): string {
  try {
    const out = execFileSync('update-alternatives', ['--query', 'libblas.so.3-x86_64-linux-gnu'], {
      encoding: 'utf8',
    });
    return /^Value: (.*)$/m.exec(out)?.[1] ?? 'unknown BLAS';
  } catch {
    return 'unknown BLAS';
  }
}

const range = (xs: number[]) =>
  xs.length === 0 ? 'n/a' : `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** Particle evaluations per second of a sampler: 20 000 particles, 5 Euler steps, best of 4. */
async function samplerRate(engine: 'fused' | 'wasm'): Promise<number> {
  const trainer = createTrainer({ name: engine }, configOf(MODELS[0]!), target);
  await trainer.train(5);
  const x0 = sampleNormal(20_000, createRng(1));
  const opts = { solver: 'euler' as const, steps: 5, scheduler: trainer.scheduler };
  await sampleFlow(trainer.sampleMlp, x0.subarray(0, 2000), opts);
  let best = 0;
  for (let b = 0; b < 4; b++) {
    const t0 = performance.now();
    await sampleFlow(trainer.sampleMlp, x0, opts);
    best = Math.max(best, (20_000 * 5) / ((performance.now() - t0) / 1000));
  }
  trainer.dispose();
  return best;
}

interface GpuRun {
  perStep: number;
  rate: number;
  perOde: number;
  evals: number;
}
interface GpuFigures {
  adapter: string | null;
  software?: boolean;
  steps?: number;
  particles?: number;
  fused?: GpuRun;
  tfjs?: GpuRun;
}

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The WebGPU figures from a child process: first with the machine's own Vulkan drivers (a
 * real GPU), else on SwiftShader when Debian's chromium ships it; null without any adapter.
 */
function webgpu(): GpuFigures | null {
  const script = ['--import', 'tsx', '--import', './scripts/node/register.mjs'];
  script.push('scripts/bench/webgpu.ts');
  const run = (env: NodeJS.ProcessEnv): GpuFigures | null => {
    try {
      const out = execFileSync(process.execPath, script, {
        encoding: 'utf8',
        env,
        timeout: 600_000,
      });
      const figures = JSON.parse(out.trim().split('\n').pop() ?? 'null') as GpuFigures | null;
      return figures?.adapter ? figures : null;
    } catch {
      return null;
    }
  };
  const swiftshader = { LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: SWIFTSHADER };
  return (
    run(process.env) ?? (existsSync(SWIFTSHADER) ? run({ ...process.env, ...swiftshader }) : null)
  );
}

function webgpuLine(g: GpuFigures | null): string {
  if (!g?.fused || !g.tfjs) return 'WebGPU: no adapter here, nothing counted.';
  const f = g.fused;
  const t = g.tfjs;
  const kind = g.software
    ? 'a software adapter: its speeds say nothing about a GPU, the counts hold anywhere'
    : 'a hardware adapter';
  return (
    `WebGPU on ${g.adapter} (${kind}), default model, counted by wrapping the device's compute passes: ` +
    `fused WebGPU trainer **${f.perStep} dispatches per training step**, ${f.perOde} per ODE step, ` +
    `${f.rate.toFixed(1)} steps/s over ${g.steps} steps, ${(f.evals / 1e3).toFixed(1)} k particle-evaluations/s (${g.particles} particles); ` +
    `tfjs trainer on WebGPU ${t.perStep} dispatches per step, ${t.perOde} per Euler step, ${t.rate.toFixed(1)} steps/s, ` +
    `${(t.evals / 1e3).toFixed(1)} k particle-evaluations/s.`
  );
}

/** Runs the comparison and returns it as Markdown. */
export async function speedBench(rounds: number): Promise<string> {
  await initBackend('wasm');
  const rates = MODELS.map(() => ({
    fused: [] as number[],
    tfjs: [] as number[],
    torch: [] as number[],
  }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, m] of MODELS.entries()) {
      const r = rates[i]!;
      r.fused.push(await ours('fused', m, m.steps[0]));
      r.tfjs.push(await ours('wasm', m, m.steps[1]));
      const t = torch(m, m.steps[2]);
      if (t !== null) r.torch.push(t);
      console.error(
        `round ${round + 1}/${rounds} ${m.label}: fused ${r.fused.at(-1)!.toFixed(0)}, tfjs ${r.tfjs.at(-1)!.toFixed(0)}, PyTorch ${t?.toFixed(0) ?? 'n/a'} steps/s`,
      );
    }
  }
  const sampler = { fused: [] as number[], tfjs: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    sampler.fused.push(await samplerRate('fused'));
    sampler.tfjs.push(await samplerRate('wasm'));
  }
  const gpu = webgpu();
  const version = existsSync('/usr/bin/python3') ? torchVersion() : 'not installed';
  const lines = [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ` +
      `PyTorch ${version} with ${blas()}; ${new Date().toISOString().slice(0, 10)}; ` +
      `${rounds} interleaved rounds, one thread each, best of ${BURSTS} bursts per round, ranges over the rounds`,
    '',
    '| model | fused WASM SIMD | tfjs WASM | PyTorch CPU | fused ÷ PyTorch, per round |',
    '|---|---|---|---|---|',
    ...MODELS.map((m, i) => {
      const r = rates[i]!;
      const ratio = r.torch.map((t, k) => r.fused[k]! / t);
      const ratioText =
        ratio.length === 0
          ? 'n/a'
          : `${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}`;
      return `| ${m.label} | ${range(r.fused)} steps/s | ${range(r.tfjs)} steps/s | ${range(r.torch)} steps/s | ${ratioText} |`;
    }),
    '',
    `Sampler, 20 000 particles × 5 Euler steps of the default model (best of 4): fused ${range(sampler.fused.map((v) => v / 1e3))} k, ` +
      `tfjs WASM ${range(sampler.tfjs.map((v) => v / 1e3))} k particle-evaluations/s.`,
    '',
    webgpuLine(gpu),
  ];
  return lines.join('\n');
}

function torchVersion(): string {
  try {
    return execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'not installed';
  }
}
