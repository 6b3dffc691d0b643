/**
 * Where along the path the network struggles: the CFM loss averaged per time bin, on fresh
 * samples (a diagnostic for the scheduler comparison; raw values are not comparable across
 * schedulers, MATH.md §1).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CouplingId, Points, Rng, Scheduler } from '../flow/types';
import { BatchSampler, type BatchOptions } from './batch';
import { oneHotRows, type VelocityMlp } from './mlp';

/**
 * loss[k] = mean over bin k of ‖v_θ(xt, t) − u‖² / 2, with t stratified over [tMin, tMax]
 * (bin k covers tMin + [k, k + 1]·(tMax − tMin)/bins) and `perBin` samples per bin.
 * One readback.
 */
export async function cfmLossByTime(
  mlp: VelocityMlp,
  s: Scheduler,
  target: Points,
  coupling: CouplingId,
  rng: Rng,
  bins: number,
  perBin: number,
  sampling: BatchOptions = {},
): Promise<Float32Array> {
  const n = bins * perBin;
  const width = (s.tMax - s.tMin) / bins;
  const xt = new Float32Array(2 * n);
  const u = new Float32Array(2 * n);
  const t = new Float32Array(n);
  const classes = mlp.config.classes ?? 0;
  const labels = new Uint8Array(classes > 0 ? n : 0);
  // One small batch per bin, so an OT coupling stays as cheap as in training.
  const sampler = new BatchSampler(perBin, sampling);
  const ts = new Float32Array(perBin);
  for (let k = 0; k < bins; k++) {
    ts.forEach((_, i) => (ts[i] = s.tMin + width * (k + rng.uniform())));
    const b = sampler.sample(s, target, coupling, rng, ts);
    xt.set(b.xt, 2 * k * perBin);
    u.set(b.u, 2 * k * perBin);
    t.set(b.t, k * perBin);
    if (b.labels && classes > 0) labels.set(b.labels, k * perBin);
  }
  const perSample = tf.tidy(() => {
    const c = classes > 0 ? tf.tensor2d(oneHotRows(labels, classes), [n, classes]) : undefined;
    const v = mlp.predict(tf.tensor2d(xt, [n, 2]), tf.tensor2d(t, [n, 1]), c);
    return tf.mean(tf.squaredDifference(v, tf.tensor2d(u, [n, 2])), 1);
  });
  const values = await perSample.data();
  perSample.dispose();
  const loss = new Float32Array(bins);
  for (let i = 0; i < n; i++) loss[Math.floor(i / perBin)]! += values[i]! / perBin;
  return loss;
}
