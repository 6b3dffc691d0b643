import { describe, expect, it } from 'vitest';
import { kdeLogDensity, scottBandwidth } from './kde';
import { gaussianLogDensity } from './likelihood';
import { createRng, sampleNormal } from './rng';

describe('kernel density estimate', () => {
  it('one point: exactly the Gaussian kernel', () => {
    const logp = kdeLogDensity(Float32Array.of(0, 0), Float32Array.of(0.3, -0.4, 5, 5), [1, 1]);
    const exact = gaussianLogDensity(1);
    expect(logp[0]).toBeCloseTo(exact(0.3, -0.4), 6); // the query is float32;
    // Far out: log-sum-exp keeps it finite (a plain sum of exp would be fine here too).
    expect(logp[1]).toBeCloseTo(exact(5, 5), 10);
  });

  it('integrates to 1 and approaches N(0, I) for many standard normal points', () => {
    const data = sampleNormal(4000, createRng(1));
    const [hx, hy] = scottBandwidth(data);
    expect(hx).toBeCloseTo(4000 ** (-1 / 6), 1);
    expect(hy).toBeCloseTo(4000 ** (-1 / 6), 1);
    const k = 81;
    const grid = new Float32Array(2 * k * k);
    const step = 12 / (k - 1);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) grid.set([-6 + j * step, -6 + i * step], 2 * (i * k + j));
    }
    const logp = kdeLogDensity(data, grid);
    const mass = logp.reduce((s, l) => s + Math.exp(l), 0) * step * step;
    expect(mass).toBeCloseTo(1, 3);
    // The KDE is N(0, I) blurred by h: at the origin −log(2π(1 + h²)), within sampling noise.
    const centre = logp[((k - 1) / 2) * k + (k - 1) / 2]!;
    expect(centre).toBeCloseTo(-Math.log(2 * Math.PI * (1 + hx * hy)), 1);
  });
});
