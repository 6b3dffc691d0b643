import * as tf from '@tensorflow/tfjs-core';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { slicedW2, w2Exact } from '../flow/metrics';
import { createRng, sampleNormal } from '../flow/rng';
import { sampleFlow } from './sampler';
import { useNodeBackend } from './testing';
import { makeScheduler } from '../flow/schedulers';
import { divergenceMessage, Trainer, type TrainerConfig } from './trainer';
import { trainerFromModelFile } from './engine';
import { toModelFile } from './weights';

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

const heldOut = DATASETS.moons.sample(1000, createRng(10));

/** W2 of 1000 samples (100 Euler steps) against 1000 target points the trainer never saw. */
async function quality(trainer: Trainer): Promise<{ exact: number; sliced: number }> {
  const x0 = sampleNormal(1000, createRng(9));
  const { x } = await sampleFlow(trainer.mlp, x0, {
    solver: 'euler',
    steps: 100,
    scheduler: trainer.scheduler,
  });
  return { exact: w2Exact(x, heldOut), sliced: slicedW2(x, heldOut, createRng(11), 128) };
}

/** v_θ at three fixed (x, t), read back. */
async function predictions(trainer: Trainer): Promise<number[]> {
  const v = tf.tidy(() => {
    const x = tf.tensor2d([0, 0, 1, -1, -2, 0.5], [3, 2]);
    return trainer.mlp.predict(x, tf.tensor2d([0.1, 0.5, 0.9], [3, 1]));
  });
  const out = Array.from(await v.data());
  v.dispose();
  return out;
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
    expect(after.exact).toBeLessThan(0.5 * before.exact);
    // An absolute bar on exact W2 (1 000 samples vs 1 000 held-out points, seed 1, 1 520
    // steps): measured 0.326 (untrained 1.18; two moons samples of this size sit ~0.07
    // apart, MATH.md §5). The bar leaves ~20 % margin for backend rounding, not for a
    // slower-learning trainer.
    expect(after.exact).toBeLessThan(0.4);
    expect(after.sliced).toBeLessThan(0.5 * before.sliced);
    trainer.dispose();
  });

  it('keeps the tensor count flat over many steps, reads and samples', async () => {
    const before = tf.memory().numTensors;
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
    await trainer.restore(await trainer.checkpoint());
    expect(tf.memory().numTensors).toBe(start);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an hour-long run keeps tensors, heap and checkpoints flat (bounded loss history)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const tiny = { ...base, model: { ...base.model, width: 8, depth: 1 }, batch: 8 };
    const trainer = new Trainer(tiny, moons);
    const measure = async () => {
      // Steps read 40 at a time, as the worker's chunks do.
      for (let i = 0; i < 100; i++) {
        trainer.trainSteps(40);
        await trainer.readStats();
      }
      gc();
      const ckpt = JSON.stringify(await trainer.checkpoint());
      gc();
      return { tensors: tf.memory().numTensors, heap: process.memoryUsage().heapUsed, ckpt };
    };
    await measure(); // warm-up: Adam's slots, the history's first bins
    const a = await measure(); // 8 000 steps read
    const b = await measure();
    const c = await measure(); // 16 000 steps read
    expect(trainer.step).toBe(16_000);
    expect(c.tensors).toBe(a.tensors);
    expect(trainer.lossHistory.length).toBeLessThanOrEqual(3000);
    // An unbounded history grows each checkpoint by ~30 bytes per step (240 KB here).
    expect(Math.abs(c.ckpt.length - a.ckpt.length)).toBeLessThan(20_000);
    // …and the heap by ~100 bytes per step (800 KB here); 400 KB leaves room for GC noise.
    expect(Math.min(b.heap, c.heap) - a.heap).toBeLessThan(400_000);
    trainer.dispose();
  });

  it('blames the path, with its value, when its targets are huge and the learning rate is not', () => {
    const ve = makeScheduler('ve', { sigmaMax: 100 });
    expect(divergenceMessage('Loss', Infinity, 12, 1e-3, 10, ve)).toBe(
      "Loss became infinite at step 12 — the VE path's σ_max = 100 makes the regression " +
        'targets up to about 2.8e+3, too large to train on (learning rate 0.001); lower it; ' +
        'weights rolled back to step 10.',
    );
    // A high learning rate is the likelier cause, whatever the path; defaults blame it too.
    expect(divergenceMessage('Loss', NaN, 12, 0.05, 10, ve)).toMatch(/learning rate \(0.05\)/);
    expect(divergenceMessage('Loss', NaN, 3, 1e-3, 0, makeScheduler('ve', {}))).toMatch(
      /the learning rate \(0.001\) is probably too high/,
    );
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
      /^(Loss|A weight) became (NaN|infinite) at step (1[1-9]|[23]\d|40) — the learning rate \(1000000000000\) is probably too high; weights rolled back to step 10\.$/,
    );
    expect(trainer.status).toBe('diverged');
    expect(trainer.statusMessage).toBe(stats.message);
    expect(trainer.step).toBe(10);
    expect(trainer.lossHistory.map(([step]) => step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await trainer.mlp.getWeights()).toEqual(good);
    trainer.setLearningRate(1e-3);
    const resumed = await trainer.train(10);
    expect(resumed).toMatchObject({ step: 20, status: 'ok' });
    expect(Number.isFinite(resumed.loss)).toBe(true);
    expect(trainer.status).toBe('ok');
    trainer.dispose();
  });

  it('a NaN forced into a weight is caught too', async () => {
    const trainer = new Trainer({ ...base, batch: 16 }, moons);
    await trainer.train(5);
    const weights = await trainer.mlp.getWeights();
    weights[1]![0] = NaN;
    trainer.mlp.setWeights(weights);
    const stats = await trainer.train(3);
    expect(stats.status).toBe('diverged');
    expect(stats.message).toMatch(/became NaN at step 6 .* rolled back to step 5\./);
    expect((await trainer.mlp.getWeights()).every((w) => w.every(Number.isFinite))).toBe(true);
    trainer.dispose();
  });

  it('resumes from a checkpoint exactly', async () => {
    const a = new Trainer({ ...base, batch: 32, scheduler: 'vp' }, moons);
    a.trainSteps(15);
    const ckpt = JSON.parse(JSON.stringify(await a.checkpoint()));
    const b = await Trainer.fromCheckpoint(ckpt, moons);
    expect(await predictions(b)).toEqual(await predictions(a));
    expect(b.scheduler.id).toBe('vp');
    const c = new Trainer({ ...base, seed: 99 }, moons);
    await c.restore(ckpt);
    for (const t of [a, b, c]) await t.train(10);
    expect(b.step).toBe(25);
    const [pa, pb, pc] = [await predictions(a), await predictions(b), await predictions(c)];
    pa.forEach((v, i) => {
      expect(pb[i]).toBeCloseTo(v, 5);
      expect(pc[i]).toBeCloseTo(v, 5);
    });
    const tail = a.lossHistory.slice(-10).map(([s, l]) => [s, expect.closeTo(l, 4)]);
    expect(b.lossHistory.slice(-10)).toEqual(tail);
    expect(c.lossHistory.slice(-10)).toEqual(tail);
    [a, b, c].forEach((t) => t.dispose());
  });

  it('Adam and AdamW differ only through the weight decay', async () => {
    const run = async (optimizer: 'adam' | 'adamw', weightDecay: number) => {
      const t = new Trainer({ ...base, batch: 32, optimizer, weightDecay }, moons);
      await t.train(5);
      const out = await predictions(t);
      t.dispose();
      return out;
    };
    expect(await run('adam', 0)).toEqual(await run('adamw', 0));
    expect(await run('adam', 0.1)).not.toEqual(await run('adamw', 0.1));
  });

  it('profiles the loss over time without touching the training stream', async () => {
    const a = new Trainer({ ...base, batch: 32, scheduler: 've' }, moons);
    const b = new Trainer({ ...base, batch: 32, scheduler: 've' }, moons);
    await a.train(5);
    await b.train(5);
    const profile = await a.lossByTime(8, 16);
    expect(profile.length).toBe(8);
    expect(profile.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    // VE targets are largest near t = 0 (σ̇ = −ln(σmax/σmin) σ_t), so is the loss.
    expect(profile[0]).toBeGreaterThan(profile[7]!);
    await a.train(5);
    await b.train(5);
    expect(await predictions(a)).toEqual(await predictions(b));
    a.dispose();
    b.dispose();
  });

  it('samples an exponential moving average of the weights when ema is on', async () => {
    const decay = 0.9;
    const t = new Trainer({ ...base, batch: 32, ema: decay }, moons);
    const plain = new Trainer({ ...base, batch: 32 }, moons);
    expect(plain.sampleMlp).toBe(plain.mlp);
    expect(t.sampleMlp).not.toBe(t.mlp);
    // ŵ_k = d_k ŵ_{k−1} + (1 − d_k) w_k, d_k = min(d, (1 + k)/(10 + k)), ŵ_0 = w_0.
    let avg = (await t.mlp.getWeights()).map((w) => Float64Array.from(w));
    expect(await t.sampleMlp.getWeights()).toEqual(await t.mlp.getWeights());
    for (let k = 1; k <= 40; k++) {
      await t.train(1);
      await plain.train(1);
      const w = await t.mlp.getWeights();
      const keep = Math.min(decay, (1 + k) / (10 + k));
      avg = avg.map((a, i) => a.map((v, j) => keep * v + (1 - keep) * w[i]![j]!));
    }
    // The average does not change the training run itself.
    expect(await predictions(t)).toEqual(await predictions(plain));
    const ema = await t.sampleMlp.getWeights();
    ema.forEach((e, i) => e.forEach((v, j) => expect(v).toBeCloseTo(avg[i]![j]!, 5)));
    const last = await t.mlp.getWeights();
    expect(ema[0]).not.toEqual(last[0]);
    [t, plain].forEach((x) => x.dispose());
  });

  it('keeps the average through checkpoints, rollbacks and a flat tensor count', async () => {
    const cfg = { ...base, batch: 32, ema: 0.99 };
    const before = tf.memory().numTensors;
    const a = new Trainer(cfg, moons);
    await a.train(20);
    const ckpt = JSON.parse(JSON.stringify(await a.checkpoint()));
    expect(ckpt.emaWeights).toHaveLength(8);
    const b = await Trainer.fromCheckpoint(ckpt, moons);
    const start = tf.memory().numTensors;
    await a.train(10);
    await b.train(10);
    const [ea, eb] = [await a.sampleMlp.getWeights(), await b.sampleMlp.getWeights()];
    ea.forEach((w, i) => w.forEach((v, j) => expect(eb[i]![j]).toBeCloseTo(v, 5)));
    // A diverging step rolls the average back with the weights.
    const good = await b.sampleMlp.getWeights();
    b.setLearningRate(1e12);
    b.trainSteps(30);
    expect((await b.readStats()).status).toBe('diverged');
    expect(await b.sampleMlp.getWeights()).toEqual(good);
    b.setLearningRate(1e-3);
    await b.train(1); // the restarted Adam makes its moments again
    // A checkpoint saved without an average starts one from its weights.
    const noEma = new Trainer({ ...base, batch: 32 }, moons);
    await noEma.train(5);
    const plainCkpt = await noEma.checkpoint();
    await noEma.restore({ ...plainCkpt, config: { ...plainCkpt.config, ema: 0.99 } });
    expect(await noEma.sampleMlp.getWeights()).toEqual(await noEma.mlp.getWeights());
    await noEma.restore(plainCkpt);
    expect(noEma.sampleMlp).toBe(noEma.mlp);
    noEma.dispose();
    expect(tf.memory().numTensors).toBe(start);
    [a, b].forEach((x) => x.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts and stops the average live, and rolls it back after that', async () => {
    const t = new Trainer({ ...base, batch: 32 }, moons);
    await t.train(10);
    t.setEma(0.95);
    expect(t.settings.ema).toBe(0.95);
    expect(await t.sampleMlp.getWeights()).toEqual(await t.mlp.getWeights());
    t.setLearningRate(1e12);
    t.trainSteps(30);
    expect((await t.readStats()).status).toBe('diverged');
    // Rolled back to step 10, where the average began: both equal the weights of then.
    expect(await t.sampleMlp.getWeights()).toEqual(await t.mlp.getWeights());
    expect(() => t.setEma(-0.1)).toThrow(/decay must be in \[0, 1\)/);
    t.setEma(0);
    expect(t.sampleMlp).toBe(t.mlp);
    t.dispose();
  });

  it('loads a model file through the model layer: same predictions, its path and seed', async () => {
    const source = new Trainer(
      { ...base, scheduler: 'vp', model: { ...base.model, width: 16 } },
      moons,
    );
    source.trainSteps(5);
    const file = toModelFile(
      {
        architecture: source.mlp.config,
        scheduler: { id: 'vp', params: { ...source.scheduler.params } },
        dataset: 'moons',
        seed: 1,
        step: source.step,
      },
      await source.mlp.getWeights(),
    );
    const { trainer, setup } = await trainerFromModelFile(null, JSON.parse(JSON.stringify(file)), {
      ...base,
      seed: 4,
      target: moons,
    });
    expect(trainer.step).toBe(5);
    expect(setup.scheduler).toBe('vp');
    expect(setup.seed).toBe(1);
    expect(setup.model.width).toBe(16);
    expect(await predictions(trainer as Trainer)).toEqual(await predictions(source));
    await expect(
      trainerFromModelFile(null, { format: 'other' }, { ...base, target: moons }),
    ).rejects.toThrow(/not a Flow Matching Playground model file/);
    source.dispose();
    trainer.dispose();
  });

  it('refuses too few points and bad settings with clear messages', () => {
    expect(() => new Trainer(base, Float32Array.of(1, 2))).toThrow(/1 point; at least 2/);
    expect(() => new Trainer({ ...base, lr: NaN }, moons)).toThrow(/learning rate/);
    expect(() => new Trainer({ ...base, model: { ...base.model, width: 0 } }, moons)).toThrow(
      /width/,
    );
    expect(() => new Trainer({ ...base, optimizer: 'sgd' as 'adam' }, moons)).toThrow(/optimizer/);
    expect(() => new Trainer({ ...base, ema: 1 }, moons)).toThrow(
      /EMA\) decay must be in \[0, 1\)/,
    );
    const t = new Trainer({ ...base, batch: 8 }, moons);
    expect(() => t.setTarget(new Float32Array(0))).toThrow(/0 points/);
    t.dispose();
    expect(() => t.trainSteps(1)).toThrow(/disposed/);
  });
});
