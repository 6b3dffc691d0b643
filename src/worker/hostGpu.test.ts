/**
 * The worker host on the fused WebGPU trainer, through Dawn on SwiftShader in Node
 * (scripts/gpuHostCheck.ts in a child process: the Vulkan loader paths must be set at process
 * start): the engine by name, training and sampling through the host, dispatches per step,
 * and a real device loss (device.destroy()) ending in WASM resumed from the checkpoint.
 * Skipped where Debian's chromium (SwiftShader's Vulkan driver) is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe.skipIf(!existsSync(ICD))('training host on the fused WebGPU trainer (Dawn)', () => {
  it('trains, samples, ≤ 3 dispatches a step, and survives a lost device on WASM', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', './scripts/node/register.mjs', 'scripts/gpuHostCheck.ts'],
      {
        env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
        timeout: 170_000,
      },
    );
    const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    // 'auto' on a (pretend) hardware adapter measures all three engines and keeps the fastest.
    const figures = (r.measured.reason as string).match(
      /measured (\d+) steps\/s on the fused WASM SIMD kernel vs (\d+) on the fused WebGPU kernels vs (\d+) on tfjs webgpu/,
    );
    expect(figures, r.measured.reason).not.toBeNull();
    const [wasm, gpu, tfjs] = figures!.slice(1).map(Number) as [number, number, number];
    const fastest = wasm >= Math.max(gpu, tfjs) ? 'fused' : gpu >= tfjs ? 'fused-webgpu' : 'webgpu';
    expect(r.measured.name).toBe(fastest);
    expect(r.info).toMatchObject({
      name: 'fused-webgpu',
      reason: expect.stringMatching(/fused WebGPU kernels requested.*swiftshader/i),
    });
    expect(r.step).toBe(10);
    expect(Number.isFinite(r.loss)).toBe(true);
    // Ten steps of two dispatches each, plus the one Σ|w| check of the chunk's single read.
    expect(r.stepDispatches).toBe(21);
    expect(r.sample).toEqual({ n: 20, finite: true });
    expect(r.lost).toBe(true);
    expect(r.backendAfter).toBe('wasm');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/GPU device was lost.*Switched to WASM.*checkpoint/);
    expect(r.trainingAfter).toBeGreaterThan(2);
    // Resumed from a checkpoint of the GPU run (taken every chunk here), not from step 0.
    expect(r.stepBeforeLoss).toBeGreaterThan(10);
    expect(r.firstStepAfter).toBeGreaterThan(10);
    expect(r.lastStep).toBeGreaterThan(r.firstStepAfter);
    // 'auto' on a software adapter: tfjs skips WebGPU, so only the CPU engines are measured.
    expect(r.auto.name).toMatch(/^(fused|wasm)$/);
    expect(r.auto.reason).toMatch(/software fallback/);
    expect(r.auto.reason).not.toMatch(/WebGPU kernels/);
  }, 180_000);
});
