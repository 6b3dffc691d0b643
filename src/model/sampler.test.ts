import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { marginalVelocity } from '../flow/marginal';
import { conditionalPoint } from '../flow/paths';
import { createRng, sampleNormal } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import { integrate, SOLVER_IDS } from '../flow/solvers';
import { createMlp } from './mlp';
import { asVelocityFn, sampleFlow, velocityAt } from './sampler';
import { useNodeBackend } from './testing';
import { Trainer } from './trainer';

describe('sampling the learned flow', () => {
  beforeAll(() => useNodeBackend());

  it('runs the same tableaux as the CPU solvers, with the right NFE', async () => {
    const s = makeScheduler('vp');
    const mlp = createMlp({ width: 16, depth: 2, activation: 'tanh', timeEncoding: 'linear' }, 4);
    const x0 = sampleNormal(50, createRng(2));
    const tensors = tf.memory().numTensors;
    for (const solver of SOLVER_IDS) {
      const gpu = await sampleFlow(mlp, x0, { solver, steps: 6, scheduler: s, record: true });
      const cpu = integrate(asVelocityFn(mlp, s), x0, { solver, steps: 6, record: true });
      expect(gpu.frames).toBe(7);
      expect(gpu.trajectory!.length).toBe(7 * 100);
      expect(gpu.nfe).toBe({ euler: 6, midpoint: 12, heun: 12, rk4: 24 }[solver]);
      gpu.trajectory!.forEach((v, i) => expect(v).toBeCloseTo(cpu.trajectory![i]!, 4));
      expect(Array.from(gpu.x)).toEqual(Array.from(gpu.trajectory!.subarray(600)));
      // Sampling leaves nothing behind on the device: only the network's weights remain.
      expect(tf.memory().numTensors).toBe(tensors);
    }
    mlp.dispose();
  });

  it('the learned field approaches the exact marginal field during training', async () => {
    const target = DATASETS['8gaussians'].sample(512, createRng(5));
    const s = makeScheduler('ot');
    const exact = marginalVelocity(s, target);
    // Probe where the flow goes: xt ~ p_t, so this is the FM loss against the exact field.
    const x0 = sampleNormal(400, createRng(6));
    const x1 = target.subarray(0, 2 * 400 > target.length ? target.length : 800);
    const error = async (trainer: Trainer) => {
      let total = 0;
      for (const t of [0.2, 0.5, 0.8]) {
        const probe = conditionalPoint(s, x0.subarray(0, x1.length), x1, t);
        const learned = await velocityAt(trainer.mlp, probe, t);
        const truth = new Float32Array(probe.length);
        exact(probe, t, truth);
        learned.forEach((v, i) => (total += (v - truth[i]!) ** 2));
      }
      return total / (3 * x1.length);
    };
    const tensors = tf.memory().numTensors;
    const trainer = new Trainer(
      {
        model: { width: 64, depth: 3, activation: 'silu', timeEncoding: 'linear' },
        scheduler: 'ot',
        coupling: 'independent',
        batch: 256,
        lr: 3e-3,
        weightDecay: 0,
        seed: 3,
      },
      target,
    );
    const before = await error(trainer);
    for (let i = 0; i < 8; i++) {
      trainer.trainSteps(100);
      await trainer.readStats();
    }
    const after = await error(trainer);
    expect(after).toBeLessThan(0.5 * before);
    trainer.dispose();
    // Training, reading and probing the field leak nothing: disposing returns to the start.
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
