import { describe, expect, it } from 'vitest';
import { classScores, labelsInProportion, NULL_LABEL } from '../flow/guidance';
import { reflowSeed } from '../flow/reflow';
import { createRng, sampleNormal } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import { FusedTrainer } from './fused/fusedTrainer';
import type { VelocityMlp } from './mlp';
import { flowFigures, reflowPairs, reflowRound, type TrainerFactory } from './reflow';
import { sampleFlow } from './sampler';
import { twoBlobs } from './testing';
import type { TrainerConfig } from './trainerConfig';

const ot = makeScheduler('ot');

/** A conditional field by hand: class 0 moves by (−1, 0), class 1 by (+1, 0), ∅ not at all. */
const shiftMlp: VelocityMlp = {
  config: { width: 1, depth: 1, activation: 'silu', timeEncoding: 'linear', classes: 2 },
  variables: [],
  predict: () => {
    throw new Error('not a tensor network');
  },
  getWeights: async () => [],
  setWeights: () => {},
  velocityInto(x, _t, out, labels) {
    for (let i = 0; i < x.length / 2; i++) {
      const c = labels?.[i] ?? NULL_LABEL;
      out[2 * i] = c === NULL_LABEL ? 0 : c === 1 ? 1 : -1;
      out[2 * i + 1] = 0;
    }
  },
  dispose: () => {},
};

const count = (a: Uint8Array, c: number) => a.filter((v) => v === c).length;

describe('labels in the target’s class proportions', () => {
  it('gives each class round(n·π_c) by largest remainder, ∅ ignored, seeded order', () => {
    // 6 : 3 : 1 (and 5 × ∅) → n = 7: 4.2, 2.1, 0.7 → 4, 2, 1.
    const target = Uint8Array.from([
      ...Array(6).fill(0),
      ...Array(3).fill(1),
      2,
      ...Array(5).fill(NULL_LABEL),
    ]);
    const a = labelsInProportion(target, 3, 7, createRng(1));
    expect([count(a, 0), count(a, 1), count(a, 2)]).toEqual([4, 2, 1]);
    expect(labelsInProportion(target, 3, 7, createRng(1))).toEqual(a);
    const big = labelsInProportion(target, 3, 1000, createRng(2));
    expect([count(big, 0), count(big, 1), count(big, 2)]).toEqual([600, 300, 100]);
    // Shuffled: the first 600 are not all class 0.
    expect(count(big.subarray(0, 600), 0)).toBeLessThan(450);
    expect(() => labelsInProportion(Uint8Array.of(NULL_LABEL), 2, 4, createRng(1))).toThrow(
      /no target point has a class/,
    );
  });
});

describe('per-class scores', () => {
  it('W2 per class by exact assignment, accuracy by the nearest labelled point', () => {
    // Class 0 at (−2, 0) and (−2, 1), class 1 at (2, 0) and (2, 1); pool = those points.
    const pool = Float32Array.of(-2, 0, -2, 1, 2, 0, 2, 1);
    const poolLabels = Uint8Array.of(0, 0, 1, 1);
    const refs = [Float32Array.of(-2, 0, -2, 1), Float32Array.of(2, 0, 2, 1)];
    // Class 0's samples shifted by (0.3, 0): W2 = 0.3; class 1's samples on class 0's side.
    const x = Float32Array.of(-1.7, 1, 2, 0, -1.7, 0, -1.5, 1);
    const s = classScores(x, Uint8Array.of(0, 1, 0, 1), refs, pool, poolLabels);
    expect(s.w2[0]).toBeCloseTo(0.3, 5);
    // Class 1: (2, 0) and (−1.5, 1) to (2, 0), (2, 1): W2² = (0 + 3.5²) / 2.
    expect(s.w2[1]).toBeCloseTo(Math.sqrt(3.5 ** 2 / 2), 5);
    expect(s.accuracy).toEqual([1, 0.5]);
  });
});

describe('conditional reflow pairs', () => {
  it('x1 = ODE(x0; c) with each pair’s label kept, drawn after x0 from the same stream', async () => {
    const target = Uint8Array.from({ length: 300 }, (_, i) => (i < 100 ? 0 : 1));
    const pairs = await reflowPairs(shiftMlp, ot, 300, 8, createRng(3), target);
    expect(Array.from(pairs.x0)).toEqual(Array.from(sampleNormal(300, createRng(3))));
    const rng = createRng(3);
    sampleNormal(300, rng);
    expect(pairs.labels).toEqual(labelsInProportion(target, 2, 300, rng));
    expect(count(pairs.labels!, 0)).toBe(100);
    for (let i = 0; i < 300; i++) {
      const dx = pairs.x1[2 * i]! - pairs.x0[2 * i]!;
      expect(dx).toBeCloseTo(pairs.labels![i] === 1 ? 1 : -1, 5);
      expect(pairs.x1[2 * i + 1]).toBeCloseTo(pairs.x0[2 * i + 1]!, 6);
    }
  });

  it('refuses a conditional network without the target’s labels', async () => {
    await expect(reflowPairs(shiftMlp, ot, 10, 4, createRng(1))).rejects.toThrow(
      /needs the class labels of its target/,
    );
  });

  it('an unconditional network ignores labels: the same pairs, no labels, bit for bit', async () => {
    const plain: VelocityMlp = { ...shiftMlp, config: { ...shiftMlp.config, classes: undefined } };
    const a = await reflowPairs(plain, ot, 50, 4, createRng(9));
    const b = await reflowPairs(plain, ot, 50, 4, createRng(9), Uint8Array.of(0, 1));
    expect(b.labels).toBeUndefined();
    expect(b.x0).toEqual(a.x0);
    expect(b.x1).toEqual(a.x1);
  });
});

describe('a reflowed conditional network', () => {
  it('trains on the labelled pairs with the same label drop; its 1-step class-c samples land in c', async () => {
    const { target, labels: lab } = twoBlobs(400, 11);
    const cfg: TrainerConfig = {
      model: { width: 48, depth: 2, activation: 'silu', timeEncoding: 'linear', classes: 2 },
      scheduler: 'ot',
      coupling: 'independent',
      batch: 128,
      lr: 5e-3,
      weightDecay: 0,
      labelDrop: 0.2,
      seed: 5,
    };
    const teacher = new FusedTrainer(cfg, target, undefined, lab);
    await teacher.train(600);
    const seen: { target: Float32Array; source: Float32Array; labels?: Uint8Array }[] = [];
    const create: TrainerFactory = (config, x1, x0, labels) => {
      seen.push({ target: x1, source: x0, labels });
      return new FusedTrainer(config, x1, x0, labels);
    };
    const opts = { pairs: 1000, pairSteps: 16, trainSteps: 400 };
    const student = await reflowRound(teacher, create, opts, 1, {}, lab);
    const want = await reflowPairs(
      teacher.sampleMlp,
      ot,
      1000,
      16,
      createRng(reflowSeed(5, 1) + 7),
      lab,
    );
    expect(seen[0]!.labels).toEqual(want.labels);
    expect(seen[0]!.target).toEqual(want.x1);
    expect(seen[0]!.source).toEqual(want.x0);
    expect(student.settings.labelDrop).toBe(0.2);
    expect(student.mlp.config.classes).toBe(2);

    const m = 400;
    const labels = Uint8Array.from({ length: m }, (_, i) => i % 2);
    const x0 = sampleNormal(m, createRng(4));
    const one = await sampleFlow(student.sampleMlp, x0, {
      solver: 'euler',
      steps: 1,
      scheduler: ot,
      labels,
    });
    let right = 0;
    for (let i = 0; i < m; i++) if ((one.x[2 * i]! > 0 ? 1 : 0) === labels[i]) right++;
    expect(right / m).toBeGreaterThan(0.9);
    // Reflow straightened the class fields: straighter than the teacher's, figures finite.
    const before = await flowFigures(teacher.sampleMlp, ot, x0, target, labels);
    const after = await flowFigures(student.sampleMlp, ot, x0, target, labels);
    expect(after.straightness).toBeGreaterThan(before.straightness);
    expect(after.straightness).toBeGreaterThan(0.98);
    teacher.dispose();
    student.dispose();
  }, 120_000);
});
