/**
 * The WebGPU fused step against the WASM one (scripts/gpuFusedCheck.ts in a child process,
 * since the Vulkan loader paths must be set at process start): same weights and batches,
 * every activation, three steps of Adam/AdamW with a weight average. SwiftShader is a CPU
 * implementation: this checks the maths and the dispatch count, not speed. Skipped where
 * Debian's chromium (SwiftShader's Vulkan driver) is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe.skipIf(!existsSync(ICD))('WebGPU fused step (SwiftShader through Dawn in Node)', () => {
  it('takes at most 3 dispatches per step and agrees with the WASM step', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', './scripts/node/register.mjs', 'scripts/gpuFusedCheck.ts'],
      {
        env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
        timeout: 170_000,
      },
    );
    const { adapter, results } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      adapter: string;
      results: Record<string, number | string>[];
    };
    expect(adapter).toMatch(/swiftshader/i);
    expect(results.map((r) => r.activation)).toEqual(['silu', 'selu', 'relu', 'tanh', 'gelu']);
    for (const r of results) {
      expect(r.dispatchesPerStep).toBeLessThanOrEqual(3);
      for (const key of ['loss', 'weights', 'm', 'v', 'average']) {
        expect(r[key], `${r.activation} ${key}`).toBeLessThan(1e-5);
      }
    }
  }, 180_000);
});
