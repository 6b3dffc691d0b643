import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../flow/datasets';
import { createRng, sampleNormal } from '../../flow/rng';
import { createTrainer, initEngine, trainerFromCheckpoint } from '../engine';
import { sampleFlow, velocityAt } from '../sampler';
import { useNodeBackend } from '../testing';
import { Trainer, type TrainerConfig } from '../trainer';
import { FusedTrainer } from './fusedTrainer';

const moons = DATASETS.moons.sample(4000, createRng(0));
const base: TrainerConfig = {
  model: { width: 64, depth: 3, activation: 'selu', timeEncoding: 'linear' },
  scheduler: 'ot',
  coupling: 'independent',
  batch: 64,
  lr: 3e-3,
  weightDecay: 1e-5,
  seed: 1,
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('FusedTrainer', () => {
  beforeAll(() => useNodeBackend());

  it('follows the tfjs trainer’s loss curve over 1 000 steps', async () => {
    const cfg = { ...base, model: { ...base.model, activation: 'silu' as const }, batch: 128 };
    const [ref, fused] = [new Trainer(cfg, moons), new FusedTrainer(cfg, moons)];
    for (let i = 0; i < 10; i++) {
      await ref.train(100);
      await fused.train(100);
    }
    const losses = (t: Trainer | FusedTrainer) => t.lossHistory.map(([, l]) => l);
    const [a, b] = [losses(ref), losses(fused)];
    expect(b).toHaveLength(1000);
    // Same batches from the same weights: the first steps agree to float32 rounding ...
    b.slice(0, 10).forEach((l, i) => expect(Math.abs(l - a[i]!) / a[i]!).toBeLessThan(1e-4));
    // ... and the curve stays within the noise of a single step's loss (about ±15 % here).
    for (let k = 0; k < 1000; k += 200) {
      const [ma, mb] = [mean(a.slice(k, k + 200)), mean(b.slice(k, k + 200))];
      expect(Math.abs(ma - mb) / ma).toBeLessThan(0.03);
    }
    expect(mean(b.slice(900))).toBeLessThan(0.8 * mean(b.slice(0, 20)));
    ref.dispose();
    fused.dispose();
  });

  it('with σ around the path, takes the tfjs trainer’s batches; fixed pairs too', async () => {
    const cfg = { ...base, model: { ...base.model, activation: 'silu' as const }, pathSigma: 0.1 };
    const source = sampleNormal(4000, createRng(6));
    for (const pairs of [undefined, source]) {
      const [ref, fused] = [new Trainer(cfg, moons, pairs), new FusedTrainer(cfg, moons, pairs)];
      const plain = new FusedTrainer({ ...cfg, pathSigma: 0 }, moons, pairs);
      for (const t of [ref, fused, plain]) await t.train(5);
      const losses = (t: Trainer | FusedTrainer) => t.lossHistory.map(([, l]) => l);
      const [a, b, c] = [losses(ref), losses(fused), losses(plain)];
      b.forEach((l, i) => expect(Math.abs(l - a[i]!) / a[i]!).toBeLessThan(1e-4));
      // σ changes the inputs xt (not u): the same seed trains on other points.
      expect(Math.abs(b[0]! - c[0]!)).toBeGreaterThan(1e-6);
      for (const t of [ref, fused, plain]) t.dispose();
    }
    expect(() => new FusedTrainer(cfg, moons, source.subarray(0, 10))).toThrow(
      /one source per target point/,
    );
    expect(() => new FusedTrainer({ ...cfg, pathSigma: 2 }, moons)).toThrow(
      /σ around the path must be a number from 0 to 1/,
    );
  });

  it('a huge learning rate trips the divergence guard and rolls back', async () => {
    const trainer = new FusedTrainer(base, moons);
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
    expect(trainer.statusMessage).toBe(stats.message);
    expect(trainer.step).toBe(10);
    expect(trainer.lossHistory.map(([step]) => step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await trainer.mlp.getWeights()).toEqual(good);
    // Adam restarted: the checkpoint has no moments, like a fresh tfjs optimizer.
    expect((await trainer.checkpoint()).optimizer).toEqual([
      { name: 'iter', shape: [], data: [0] },
    ]);
    trainer.setLearningRate(1e-3);
    expect(await trainer.train(10)).toMatchObject({ step: 20, status: 'ok' });
    expect(trainer.status).toBe('ok');
    trainer.dispose();
  });

  it('a NaN forced into a weight is caught too', async () => {
    const trainer = new FusedTrainer({ ...base, batch: 16 }, moons);
    await trainer.train(5);
    const weights = await trainer.mlp.getWeights();
    weights[1]![0] = NaN;
    trainer.mlp.setWeights(weights);
    const stats = await trainer.train(3);
    expect(stats.message).toMatch(/became NaN at step 6 .* rolled back to step 5\./);
    expect((await trainer.mlp.getWeights()).every((w) => w.every(Number.isFinite))).toBe(true);
    trainer.dispose();
  });

  it('resumes from a checkpoint exactly, and checkpoints move between engines', async () => {
    const cfg = { ...base, batch: 30, scheduler: 'vp' as const, ema: 0.99 };
    const a = new FusedTrainer(cfg, moons);
    a.trainSteps(15);
    const ckpt = JSON.parse(JSON.stringify(await a.checkpoint()));
    const b = await trainerFromCheckpoint({ name: 'fused' }, ckpt, moons);
    const c = new FusedTrainer({ ...cfg, seed: 99 }, moons);
    await c.restore(ckpt);
    const t = await Trainer.fromCheckpoint(ckpt, moons);
    for (const x of [a, b, c, t]) await x.train(10);
    expect(b.step).toBe(25);
    // The same engine continues bit for bit: weights, average, moments, losses, stream.
    const [ca, cb, cc] = [await a.checkpoint(), await b.checkpoint(), await c.checkpoint()];
    expect(cb).toEqual(ca);
    expect(cc).toEqual(ca);
    // The tfjs trainer continues the same run up to float32 rounding.
    const ct = await t.checkpoint();
    expect(ct.optimizer[0]).toEqual(ca.optimizer[0]);
    ct.weights.forEach((w, i) => w.forEach((v, j) => expect(ca.weights[i]![j]).toBeCloseTo(v, 5)));
    ct.emaWeights!.forEach((w, i) =>
      w.forEach((v, j) => expect(ca.emaWeights![i]![j]).toBeCloseTo(v, 5)),
    );
    // ... and the other way round.
    const back = await FusedTrainer.fromCheckpoint(ct, moons);
    await back.train(3);
    expect(back.step).toBe(28);
    [a, b, c, t, back].forEach((x) => x.dispose());
    expect(() => a.trainSteps(1)).toThrow(/disposed/);
  });

  it('keeps the average exactly as WeightAverage does, and switches it live', async () => {
    const decay = 0.9;
    const t = new FusedTrainer({ ...base, batch: 32, ema: decay }, moons);
    const plain = new FusedTrainer({ ...base, batch: 32 }, moons);
    expect(plain.sampleMlp).toBe(plain.mlp);
    expect(t.sampleMlp).not.toBe(t.mlp);
    let avg = (await t.mlp.getWeights()).map((w) => Float64Array.from(w));
    for (let k = 1; k <= 40; k++) {
      await t.train(1);
      await plain.train(1);
      const w = await t.mlp.getWeights();
      const keep = Math.min(decay, (1 + k) / (10 + k));
      avg = avg.map((a, i) => a.map((v, j) => keep * v + (1 - keep) * w[i]![j]!));
    }
    expect(await t.mlp.getWeights()).toEqual(await plain.mlp.getWeights());
    const ema = await t.sampleMlp.getWeights();
    ema.forEach((e, i) => e.forEach((v, j) => expect(v).toBeCloseTo(avg[i]![j]!, 5)));
    // Live switch: on from the current weights, rolled back with them, then off.
    plain.setEma(0.95);
    expect(await plain.sampleMlp.getWeights()).toEqual(await plain.mlp.getWeights());
    plain.setLearningRate(1e12);
    plain.trainSteps(30);
    expect((await plain.readStats()).status).toBe('diverged');
    expect(await plain.sampleMlp.getWeights()).toEqual(await plain.mlp.getWeights());
    expect(() => plain.setEma(1)).toThrow(/decay must be in \[0, 1\)/);
    plain.setEma(0);
    expect(plain.sampleMlp).toBe(plain.mlp);
    [t, plain].forEach((x) => x.dispose());
  });

  it('keeps the tensor count flat through steps, reads, sampling and profiles', async () => {
    const before = tf.memory().numTensors;
    const trainer = new FusedTrainer({ ...base, coupling: 'ot', ema: 0.9 }, moons);
    await trainer.train(2);
    // The tfjs copies appear once, on first use by a tfjs consumer.
    await trainer.lossByTime(4, 8);
    tf.tidy(() => {
      trainer.sampleMlp.predict(tf.zeros([1, 2]), tf.zeros([1, 1]));
    });
    const start = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await trainer.train(20);
      await sampleFlow(trainer.sampleMlp, sampleNormal(100, createRng(1)), {
        solver: 'rk4',
        steps: 5,
        scheduler: trainer.scheduler,
        record: true,
      });
      await velocityAt(trainer.sampleMlp, Float32Array.of(0, 0, 1, 1), 0.5);
      await trainer.lossByTime(4, 8);
      await trainer.restore(await trainer.checkpoint());
    }
    expect(tf.memory().numTensors).toBe(start);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('profiles the loss without touching the training stream; refuses bad settings', async () => {
    const [a, b] = [new FusedTrainer(base, moons), new FusedTrainer(base, moons)];
    await a.train(5);
    await b.train(5);
    const profile = await a.lossByTime(8, 16);
    expect(profile.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    await a.train(5);
    await b.train(5);
    expect(await a.mlp.getWeights()).toEqual(await b.mlp.getWeights());
    expect(() => new FusedTrainer(base, Float32Array.of(1, 2))).toThrow(/1 point; at least 2/);
    expect(() => new FusedTrainer({ ...base, lr: NaN }, moons)).toThrow(/learning rate/);
    expect(() => a.setTarget(new Float32Array(0))).toThrow(/0 points/);
    await expect(a.restore({ ...(await a.checkpoint()), version: 2 as 1 })).rejects.toThrow(
      /version 2/,
    );
    [a, b].forEach((x) => x.dispose());
  });

  it('engine choice: by name, or measured on auto with the figures in the reason', async () => {
    expect(createTrainer({ name: 'fused' }, base, moons)).toBeInstanceOf(FusedTrainer);
    expect(createTrainer({ name: 'wasm' }, base, moons)).toBeInstanceOf(Trainer);
    expect(await initEngine('fused')).toMatchObject({ name: 'fused', isSoftware: true });
    const auto = await initEngine('auto');
    expect(auto.reason).toMatch(
      /measured \d+ steps\/s on the fused WASM SIMD kernel vs \d+ on tfjs/,
    );
    expect(['fused', 'wasm']).toContain(auto.name);
    expect(tf.getBackend()).toBe('wasm');
  });
});
