import { describe, expect, it } from 'vitest';
import { classAccuracy } from './classAccuracy';

describe('class accuracy', () => {
  // Class 0 on the left (x < 0), class 1 on the right.
  const target = Float32Array.from([-2, 0, -1, 1, 1, 0, 2, -1]);
  const targetLabels = Uint8Array.from([0, 0, 1, 1]);

  it('counts samples whose nearest target point has their class', () => {
    const samples = Float32Array.from([-1.9, 0.1, -0.9, 0.8, 0.3, 0, 1.8, -1]);
    // Drawn as class 0, 0, 0, 1: the third lands nearer the right cluster.
    expect(classAccuracy(samples, Uint8Array.from([0, 0, 0, 1]), target, targetLabels, 2)).toBe(
      0.75,
    );
    // Only the first n samples.
    expect(classAccuracy(samples, Uint8Array.from([1, 0, 0, 1]), target, targetLabels, 2, 2)).toBe(
      0.5,
    );
  });

  it('leaves out samples drawn with ∅ (or any label beyond the classes)', () => {
    const samples = Float32Array.from([-2, 0, 2, -1]);
    expect(classAccuracy(samples, Uint8Array.from([255, 1]), target, targetLabels, 2)).toBe(1);
    expect(classAccuracy(samples, Uint8Array.from([255, 255]), target, targetLabels, 2)).toBeNaN();
  });
});
