/**
 * The fused WebGPU trainer (fused/gpuTrainer.ts) against the fused WASM one, through
 * tfjs-backend-webgpu on Dawn in Node (scripts/gpuTrainerCheck.ts in a child process: the
 * Vulkan loader paths must be set at process start). SwiftShader is a CPU implementation:
 * this checks the maths, the dispatch counts and the trainer's control logic, not speed.
 * Skipped where Debian's chromium (SwiftShader's Vulkan driver) is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe.skipIf(!existsSync(ICD))('GpuFusedTrainer (SwiftShader through Dawn in Node)', () => {
  it('agrees with the WASM trainer, resumes its checkpoints, rolls back, ≤ 3 dispatches', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', './scripts/node/register.mjs', 'scripts/gpuTrainerCheck.ts'],
      {
        env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
        timeout: 170_000,
      },
    );
    const { adapter, results, spill } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      adapter: string;
      results: {
        activation: string;
        dispatchesPerStep: number;
        dispatchesPerOdeStep: number;
        resumed: Record<string, number>;
        diverged: { status: string; step: number; goodStep: number; rolledBack: number };
        afterRollback: { status: string; finite: boolean };
        [key: string]: unknown;
      }[];
      spill: { step: number; loss: number; history: number };
    };
    expect(adapter).toMatch(/swiftshader/i);
    expect(results.map((r) => r.activation)).toEqual(['silu', 'gelu']);
    for (const r of results) {
      // Two dispatches per training step (tfjs's own included: none), one per RK4 step.
      expect(r.dispatchesPerStep).toBe(2);
      expect(r.dispatchesPerOdeStep).toBe(1);
      // Same batches, same float32 maths: losses, weights, Adam's m and v and the average
      // to 1e-5 relative; samples and the field through the forward kernel too.
      const keys = ['loss', 'statsLoss', 'weights', 'm', 'v', 'average', 'samples', 'field'];
      for (const key of [...keys, 'profile']) {
        expect(r[key], `${r.activation} ${key}`).toBeLessThan(1e-5);
      }
      for (const key of ['weights', 'm', 'v', 'average']) {
        expect(r.resumed[key], `${r.activation} resumed ${key}`).toBeLessThan(1e-5);
      }
      expect(r.resumed.iter).toBe(0);
      expect(r.diverged).toEqual({ status: 'diverged', step: 4, goodStep: 4, rolledBack: 0 });
      expect(r.afterRollback).toEqual({ status: 'ok', finite: true });
    }
    // LOSS_LOG + 3 unread steps: every loss comes back (the mean and the binned history).
    expect(spill.step).toBe(4099);
    expect(spill.loss).toBeLessThan(1e-5);
    expect(spill.history).toBeLessThan(1e-5);
  }, 180_000);
});
