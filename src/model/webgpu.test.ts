/**
 * The WebGPU path in Node (scripts/webgpuSmoke.ts in a child process, since the Vulkan loader
 * paths must be set at process start). SwiftShader is a CPU implementation: this proves the
 * backend trains and samples, not how fast. Skipped where Debian's chromium is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe.skipIf(!existsSync(ICD))('WebGPU backend (SwiftShader through Dawn in Node)', () => {
  it('is detected as a software adapter, and trains and samples when forced', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', './scripts/node/register.mjs', 'scripts/webgpuSmoke.ts'],
      {
        env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
        timeout: 170_000,
      },
    );
    const line = stdout.trim().split('\n').pop() ?? '{}';
    const result = JSON.parse(line);
    expect(result.probe).toMatchObject({ available: true, software: true });
    expect(result.probe.description).toMatch(/swiftshader/i);
    expect(result.backend).toBe('webgpu');
    expect(result.reason).toMatch(/WebGPU requested/);
    expect(result.stats.step).toBe(3);
    expect(Number.isFinite(result.stats.loss)).toBe(true);
    expect(result.x.every(Number.isFinite)).toBe(true);
  }, 180_000);
});
