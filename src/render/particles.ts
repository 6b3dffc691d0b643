/**
 * The particles both views share: standard-normal draws x0 (seeded), the target point x1 each
 * one is paired with in the conditional view, and a colour per particle from the angle of its
 * x0 — the same colour in both views, so a learner can see where each particle goes (mixed
 * on the left, kept in bands on the right where trajectories cannot cross).
 */
import { applyPermutation, otCouple, otWithinClasses } from '../flow/coupling';
import { createRng, sampleNormal } from '../flow/rng';
import type { CouplingId, Points } from '../flow/types';

export interface ParticleSet {
  n: number;
  /** Standard-normal x0 (the learned flow starts from sourceScale · x0). */
  x0: Points;
  /** The paired target point of each particle (independent, or minibatch-OT pairs). */
  x1: Points;
  /** Index into PARTICLE_HUES of each particle. */
  hue: Uint8Array;
  /** The class of each particle's target point x1 (when the target's classes were given). */
  pairLabel: Uint8Array | null;
}

export const HUE_COUNT = 6;
/** Minibatch size for the OT pairing shown (training uses its own batch). */
const OT_CHUNK = 64;

/**
 * n particles for this seed, each paired with a target point drawn uniformly; with the OT
 * coupling the pairs are then re-matched within minibatches by flow/coupling.ts, as in
 * training, so the view shows the shorter, less crossing OT pairs.
 */
export function makeParticles(
  n: number,
  seed: number,
  target: Points,
  coupling: CouplingId = 'independent',
  labels?: Uint8Array,
  withinClasses = false,
): ParticleSet {
  const rng = createRng((seed ^ 0x2545f491) >>> 0);
  const x0 = sampleNormal(n, rng);
  const m = target.length / 2;
  const x1 = new Float32Array(2 * n);
  const hue = new Uint8Array(n);
  const pairLabel = labels ? new Uint8Array(n) : null;
  for (let i = 0; i < n; i++) {
    if (m > 0) {
      const j = rng.int(m);
      x1[2 * i] = target[2 * j]!;
      x1[2 * i + 1] = target[2 * j + 1]!;
      if (pairLabel) pairLabel[i] = labels![j]!;
    }
    const angle = Math.atan2(x0[2 * i + 1]!, x0[2 * i]!) + Math.PI;
    hue[i] = Math.min(HUE_COUNT - 1, Math.floor((angle / (2 * Math.PI)) * HUE_COUNT));
  }
  if (coupling === 'ot' && m > 0) {
    for (let start = 0; start < n; start += OT_CHUNK) {
      const end = 2 * Math.min(n, start + OT_CHUNK);
      const a = x0.subarray(2 * start, end);
      const b = x1.subarray(2 * start, end);
      // A conditional network is trained on OT pairs within each class (model/batch.ts): show those.
      const perm =
        withinClasses && pairLabel
          ? otWithinClasses(a, b, pairLabel.subarray(start, start + a.length / 2))
          : otCouple(a, b);
      b.set(applyPermutation(b, perm));
      if (pairLabel) {
        const l = pairLabel.slice(start, start + perm.length);
        perm.forEach((j, i) => (pairLabel[start + i] = l[j]!));
      }
    }
  }
  return { n, x0, x1, hue, pairLabel };
}

/** x0 scaled to the scheduler's source (VE starts from σ_max · N(0, I)). */
export function scaledSource(x0: Points, scale: number): Points {
  if (scale === 1) return x0;
  return x0.map((v) => v * scale);
}
