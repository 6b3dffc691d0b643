import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, type MlpConfig } from './mlp';
import { useNodeBackend } from './testing';
import { encodeInt8Columns } from './quantize';
import { ModelFileError, parseModelFile, quantizeModelFile, toModelFile } from './weights';

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

  it('8-bit files decode each weight to within half a step of its column scale', async () => {
    const mlp = createMlp(arch, 3);
    const exact = await mlp.getWeights();
    const plain = await sampleFile();
    const packed = JSON.parse(JSON.stringify(quantizeModelFile(plain, exact)));
    expect(JSON.stringify(packed).length).toBeLessThan(0.5 * JSON.stringify(plain).length);
    const { weights } = parseModelFile(packed);
    packed.weights.forEach((w: { shape: number[]; scales?: number[] }, i: number) => {
      const cols = w.shape[w.shape.length - 1]!;
      for (let k = 0; k < exact[i]!.length; k++) {
        const err = Math.abs(weights[i]![k]! - exact[i]![k]!);
        const bound = w.scales ? w.scales[k % cols]! / 2 : 5e-5 * Math.abs(exact[i]![k]!);
        expect(err).toBeLessThanOrEqual(bound * (1 + 1e-6) + 1e-12);
      }
    });
    mlp.dispose();
  });

  it('encodes a known matrix exactly where it can', () => {
    // Column 0 has max 1.27 → s = 0.01, so 1.27, -0.5 and 0.01 are exact multiples.
    const w = Float32Array.from([1.27, 2, -0.5, 0, 0.01, -2]);
    const enc = encodeInt8Columns(w, 3, 2);
    expect(enc.scales).toEqual([0.01, Number((2 / 127).toPrecision(6))]);
    const codes = Array.from(
      new Int8Array(Uint8Array.from(atob(enc.int8), (c) => c.charCodeAt(0)).buffer),
    );
    expect(codes).toEqual([127, 127, -50, 0, 1, -127]);
  });

  it('rejects 8-bit codes that do not fit the shape', async () => {
    const mlp = createMlp(arch, 3);
    const packed = JSON.parse(
      JSON.stringify(quantizeModelFile(await sampleFile(), await mlp.getWeights())),
    );
    packed.weights[0].int8 = packed.weights[0].int8.slice(4);
    expect(() => parseModelFile(packed)).toThrow(/layer 1 matrix\) has 8-bit codes or scales/);
    mlp.dispose();
  });
});
