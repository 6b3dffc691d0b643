import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, type MlpConfig } from './mlp';
import { useNodeBackend } from './testing';
import { ModelFileError, parseModelFile, toModelFile } from './weights';

const arch: MlpConfig = { width: 8, depth: 2, activation: 'selu', timeEncoding: 'linear' };

async function sampleFile() {
  const mlp = createMlp(arch, 1);
  const file = toModelFile(
    {
      architecture: arch,
      scheduler: { id: 'vp', params: { betaMin: 0.1, betaMax: 20 } },
      dataset: 'moons',
      seed: 1,
      step: 10,
    },
    await mlp.getWeights(),
  );
  mlp.dispose();
  return JSON.parse(JSON.stringify(file));
}

describe('model files', () => {
  beforeAll(() => useNodeBackend());

  it('round-trips through JSON to the same weights', async () => {
    const mlp = createMlp(arch, 1);
    const { file, weights } = parseModelFile(await sampleFile());
    expect(file.scheduler.id).toBe('vp');
    expect(weights).toEqual(await mlp.getWeights());
    mlp.dispose();
  });

  it('rejects every kind of mismatch with a clear message', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately malformed input
    type Json = Record<string, any>;
    const cases: [(f: Json) => unknown, RegExp][] = [
      [() => 'hello', /not a Flow Matching Playground model file/],
      [(f) => ({ ...f, version: 2 }), /version 2, newer than this app supports/],
      [
        (f) => ({ ...f, architecture: { ...f.architecture, width: 0 } }),
        /Invalid architecture: width/,
      ],
      [(f) => ({ ...f, scheduler: { id: 'xx' } }), /no known scheduler/],
      [(f) => ({ ...f, scheduler: { id: 've', params: { sigmaMax: 0.001 } } }), /σ_max/],
      [(f) => ({ ...f, weights: f.weights.slice(1) }), /needs 6 weight arrays but the file has 5/],
      [
        (f) => ({ ...f, architecture: { ...f.architecture, width: 16 } }),
        /layer 1 matrix\) has shape \[3, 8\] but the architecture needs \[3, 16\]/,
      ],
      [
        (f) => ({
          ...f,
          weights: f.weights.map((w: Json, i: number) =>
            i === 1 ? { ...w, data: [...w.data.slice(1), null] } : w,
          ),
        }),
        /not finite numbers/,
      ],
      [(f) => ({ ...f, seed: 'x' }), /"seed" must be a number/],
    ];
    for (const [mutate, message] of cases) {
      const bad = mutate(await sampleFile());
      expect(() => parseModelFile(bad)).toThrow(ModelFileError);
      expect(() => parseModelFile(bad)).toThrow(message);
    }
  });
});
