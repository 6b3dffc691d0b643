/**
 * A class-conditional network on the fused WebGPU trainer against the fused WASM one
 * (scripts/gpuConditionalCheck.ts in a child process, since the Vulkan loader paths must be
 * set at process start): labelled training steps, guided sampling with every solver and the
 * guided field. Skipped where Debian's chromium (SwiftShader's Vulkan driver) is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe.skipIf(!existsSync(ICD))('conditional WebGPU trainer (SwiftShader through Dawn)', () => {
  it('trains and samples with labels and guidance as the WASM kernel does', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './scripts/node/register.mjs',
        'scripts/gpuConditionalCheck.ts',
      ],
      {
        env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
        timeout: 170_000,
      },
    );
    const { adapter, results } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      adapter: string;
      results: {
        timeEncoding: string;
        loss: number;
        weights: number;
        sampling: Record<string, number>;
      }[];
    };
    expect(adapter).toMatch(/swiftshader/i);
    expect(results.map((r) => r.timeEncoding)).toEqual(['linear', 'fourier']);
    for (const r of results) {
      expect(r.loss, `${r.timeEncoding} loss`).toBeLessThan(1e-5);
      expect(r.weights, `${r.timeEncoding} weights`).toBeLessThan(1e-5);
      for (const [key, value] of Object.entries(r.sampling)) {
        // The adaptive solver's accept/reject decisions can flip on float32 differences.
        const bound = key.endsWith('nfe') ? 0 : key.startsWith('dopri5') ? 5e-3 : 1e-4;
        expect(Math.abs(value), `${r.timeEncoding} ${key}`).toBeLessThanOrEqual(bound);
      }
    }
  }, 180_000);
});
