import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { w2Exact } from '../flow/metrics';
import { createRng, sampleNormal } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import { createTrainer } from './engine';
import type { VelocityMlp } from './mlp';
import { flowFigures, reflowPairs, reflowRound } from './reflow';
import { useNodeBackend } from './testing';
import type { TrainerConfig } from './trainerConfig';

/** A hand-made field as a VelocityMlp (CPU path only: the sampler never calls predict). */
function fieldMlp(v: (x: number, y: number, t: number) => [number, number]): VelocityMlp {
  return {
    config: { width: 1, depth: 1, activation: 'silu', timeEncoding: 'linear' },
    variables: [],
    predict: () => {
      throw new Error('not a tensor network');
    },
    getWeights: async () => [],
    setWeights: () => {},
    velocityInto(x, t, out) {
      for (let i = 0; i < x.length / 2; i++) {
        const [a, b] = v(x[2 * i]!, x[2 * i + 1]!, t);
        out[2 * i] = a;
        out[2 * i + 1] = b;
      }
    },
    dispose: () => {},
  };
}

const ot = makeScheduler('ot');

describe('reflow pairs', () => {
  it('x1 is the ODE map of x0 (a quarter turn, exact to RK4 accuracy) and x0 ~ the seed', async () => {
    // dx/dt = (π/2)(−y, x): after t = 1 every point has turned by 90°: (x, y) → (−y, x).
    const turn = fieldMlp((x, y) => [(-Math.PI / 2) * y, (Math.PI / 2) * x]);
    const pairs = await reflowPairs(turn, ot, 200, 32, createRng(4));
    expect(Array.from(pairs.x0)).toEqual(Array.from(sampleNormal(200, createRng(4))));
    for (let i = 0; i < 200; i++) {
      expect(pairs.x1[2 * i]).toBeCloseTo(-pairs.x0[2 * i + 1]!, 5);
      expect(pairs.x1[2 * i + 1]).toBeCloseTo(pairs.x0[2 * i]!, 5);
    }
    const again = await reflowPairs(turn, ot, 200, 32, createRng(4));
    expect(Array.from(again.x1)).toEqual(Array.from(pairs.x1));
  });

  it('VE: starts the ODE at σ_max·x0 but keeps x0 standard', async () => {
    const ve = makeScheduler('ve');
    const still = fieldMlp(() => [0, 0]);
    const pairs = await reflowPairs(still, ve, 50, 4, createRng(1));
    pairs.x1.forEach((v, i) => expect(v).toBeCloseTo(ve.sourceScale * pairs.x0[i]!, 4));
  });
});

describe('flow figures', () => {
  it('straightness is chord/length: 1 for a constant field, 2√2/π for a quarter turn', async () => {
    const x0 = sampleNormal(100, createRng(2));
    const shift = fieldMlp(() => [1, -2]);
    const target = x0.map((v, i) => v + (i % 2 === 0 ? 1 : -2));
    const straight = await flowFigures(shift, ot, x0, target);
    expect(straight.straightness).toBeCloseTo(1, 6);
    // One Euler step of a constant field is exact: the samples are the targets, W2 = 0.
    expect(straight.w2Euler1).toBeCloseTo(0, 5);
    expect(straight.w2Euler2).toBeCloseTo(0, 5);
    const turn = fieldMlp((x, y) => [(-Math.PI / 2) * y, (Math.PI / 2) * x]);
    const arc = await flowFigures(turn, ot, x0, x0);
    // Chord √2 r over arc length (π/2) r; the 100-segment polyline is shorter by ~1e-5.
    expect(arc.straightness).toBeCloseTo((2 * Math.SQRT2) / Math.PI, 4);
  });
});

describe('a reflow round', () => {
  beforeAll(() => useNodeBackend());

  it('on moons lowers the 1-step Euler W2 and straightens the flow', async () => {
    const target = DATASETS.moons.sample(2000, createRng(0));
    const config: TrainerConfig = {
      model: { width: 64, depth: 3, activation: 'silu', timeEncoding: 'linear' },
      scheduler: 'ot',
      coupling: 'independent',
      batch: 256,
      lr: 3e-3,
      weightDecay: 0,
      seed: 1,
    };
    const backend = { name: 'fused' as const };
    const teacher = createTrainer(backend, config, target);
    await teacher.train(1500);
    const student = await reflowRound(
      teacher,
      (c, t, s) => createTrainer(backend, c, t, s),
      { pairs: 4000, pairSteps: 16, trainSteps: 800 },
      1,
    );
    const x0 = sampleNormal(500, createRng(9));
    const reference = DATASETS.moons.sample(500, createRng(10));
    const before = await flowFigures(teacher.sampleMlp, teacher.scheduler, x0, reference);
    const after = await flowFigures(student.sampleMlp, student.scheduler, x0, reference);
    const floor = w2Exact(DATASETS.moons.sample(500, createRng(11)), reference);
    // Measured here: 1-step W2 1.77 → 0.37, straightness 0.73 → 0.997 (floor 0.09).
    expect(after.w2Euler1).toBeLessThan(0.6 * before.w2Euler1);
    expect(after.straightness).toBeGreaterThan(before.straightness + 0.1);
    // The reflowed flow still samples moons: its many-step W2 stays near the teacher's.
    expect(after.w2Euler2).toBeLessThan(before.w2Euler2);
    expect(floor).toBeLessThan(after.w2Euler2);
    expect(student.step).toBe(800);
    teacher.dispose();
    student.dispose();
  }, 60_000);
});
