import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { w2Exact } from '../flow/metrics';
import { createRng, sampleNormal } from '../flow/rng';
import { sampleFlow } from './sampler';
import { useNodeBackend } from './testing';
import { Trainer, type TrainerConfig } from './trainer';

const moons = DATASETS.moons.sample(4000, createRng(0));
const base: TrainerConfig = {
  model: { width: 64, depth: 3, activation: 'selu', timeEncoding: 'linear' },
  scheduler: 'ot',
  coupling: 'independent',
  batch: 256,
  lr: 3e-3,
  weightDecay: 1e-5,
  seed: 1,
};

async function quality(trainer: Trainer): Promise<number> {
  const x0 = sampleNormal(1000, createRng(9));
  const { x } = await sampleFlow(trainer.mlp, x0, {
    solver: 'euler',
    steps: 50,
    scheduler: trainer.scheduler,
  });
  // exact W2 against target points the trainer never saw
  return w2Exact(x, DATASETS.moons.sample(1000, createRng(10)));
}

describe('Trainer (CFM loss)', () => {
  beforeAll(() => useNodeBackend());

  it('lowers the loss and brings samples close to moons', async () => {
    const trainer = new Trainer(base, moons);
    const before = await quality(trainer);
    trainer.trainSteps(20);
    const first = (await trainer.readStats()).loss;
    for (let i = 0; i < 15; i++) trainer.trainSteps(100);
    const last = (await trainer.readStats()).loss;
    const after = await quality(trainer);
    expect(trainer.step).toBe(1520);
    expect(trainer.lossHistory.length).toBe(1520);
    expect(last).toBeLessThan(0.85 * first);
    // The CFM loss has a floor well above zero (MATH.md §1).
    expect(last).toBeGreaterThan(0.3);
    expect(after).toBeLessThan(0.35 * before);
    trainer.dispose();
  });

  it('keeps the tensor count flat over many steps, reads and samples', async () => {
    const trainer = new Trainer({ ...base, coupling: 'ot', batch: 64 }, moons);
    trainer.trainSteps(1);
    await trainer.readStats();
    const start = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      trainer.trainSteps(20);
      await trainer.readStats();
    }
    await sampleFlow(trainer.mlp, sampleNormal(100, createRng(1)), {
      solver: 'rk4',
      steps: 5,
      scheduler: trainer.scheduler,
      record: true,
    });
    await trainer.lossByTime(10, 8);
    expect(tf.memory().numTensors).toBe(start);
    trainer.dispose();
  });

  it('a huge learning rate trips the divergence guard and rolls back', async () => {
    const trainer = new Trainer({ ...base, batch: 64 }, moons);
    trainer.trainSteps(10);
    expect((await trainer.readStats()).status).toBe('ok');
    const good = await trainer.mlp.getWeights();
    trainer.setLearningRate(1e12);
    trainer.trainSteps(30);
    const stats = await trainer.readStats();
    expect(stats.status).toBe('diverged');
    expect(stats.message).toMatch(
      /NaN or infinite at step \d+: the learning rate \(1000000000000\)/,
    );
    expect(stats.message).toMatch(/rolled back to step 10/);
    expect(trainer.step).toBe(10);
    expect(await trainer.mlp.getWeights()).toEqual(good);
    trainer.setLearningRate(1e-3);
    trainer.trainSteps(10);
    const resumed = await trainer.readStats();
    expect(resumed.status).toBe('ok');
    expect(Number.isFinite(resumed.loss)).toBe(true);
    trainer.dispose();
  });

  it('resumes from a checkpoint exactly', async () => {
    const a = new Trainer({ ...base, batch: 32, scheduler: 'vp' }, moons);
    a.trainSteps(15);
    const ckpt = JSON.parse(JSON.stringify(await a.checkpoint()));
    a.trainSteps(10);
    await a.readStats();
    const b = new Trainer({ ...base, batch: 32, scheduler: 'vp', seed: 99 }, moons);
    await b.restore(ckpt);
    b.trainSteps(10);
    await b.readStats();
    expect(b.step).toBe(25);
    const [wa, wb] = [await a.mlp.getWeights(), await b.mlp.getWeights()];
    wa.forEach((w, i) => w.forEach((v, j) => expect(wb[i]![j]).toBeCloseTo(v, 5)));
    expect(b.lossHistory.slice(-10)).toEqual(
      a.lossHistory.slice(-10).map(([s, l]) => [s, expect.closeTo(l, 4)]),
    );
    a.dispose();
    b.dispose();
  });

  it('refuses too few points and bad settings with clear messages', () => {
    expect(() => new Trainer(base, Float32Array.of(1, 2))).toThrow(/1 point; at least 2/);
    expect(() => new Trainer({ ...base, lr: NaN }, moons)).toThrow(/learning rate/);
    expect(() => new Trainer({ ...base, model: { ...base.model, width: 0 } }, moons)).toThrow(
      /width/,
    );
    const t = new Trainer({ ...base, batch: 8 }, moons);
    expect(() => t.setTarget(new Float32Array(0))).toThrow(/0 points/);
    t.dispose();
  });
});
