/**
 * From settings to what a trainer needs: the setup the worker builds a trainer from (the
 * trainer config plus its target points) and keys that say when a fresh network is needed.
 * Pure: both pages derive their trainers here, a test can call every function.
 */
import type { Points } from '../flow/types';
import type { TrainerSetup } from '../model/trainerConfig';
import type { Settings } from './settings';
import { isConditional, targetClasses, targetLabels, targetPoints } from './target';

/** AdamW's decoupled weight decay of the playground (the published protocol's value). */
export const WEIGHT_DECAY = 1e-5;

/**
 * The trainer setup the settings describe (the same target points the views show); a
 * class-conditional one (state/classes.ts isConditional) adds the class count to the network,
 * the label dropout p and each target point's class.
 */
export function trainerSetup(s: Settings): TrainerSetup {
  const conditional = isConditional(s);
  const classes = conditional ? { classes: targetClasses(s) } : {};
  return {
    model: {
      width: s.width,
      depth: s.depth,
      activation: s.activation,
      timeEncoding: 'linear',
      ...classes,
    },
    scheduler: s.scheduler,
    schedulerParams: s.schedulerParams,
    coupling: s.coupling,
    ...(s.pathSigma > 0 ? { pathSigma: s.pathSigma } : {}),
    batch: s.batch,
    lr: s.lr,
    weightDecay: WEIGHT_DECAY,
    ema: s.ema,
    seed: s.seed,
    target: targetPoints(s),
    ...(conditional ? { labelDrop: s.labelDrop, labels: targetLabels(s) } : {}),
  };
}

/** FNV-1a over the bytes of the points: a cheap fingerprint of a target. */
export function pointsFingerprint(p: Points): string {
  const bytes = new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return `${p.length / 2}:${(h >>> 0).toString(16)}`;
}

/** Identifies a whole setup (target included): a different key needs a fresh network. */
export function setupKey(s: TrainerSetup): string {
  const { target, labels, ...rest } = s;
  const classes = labels ? `|${pointsFingerprint(new Float32Array(Uint8Array.from(labels)))}` : '';
  return `${JSON.stringify(rest)}|${pointsFingerprint(target)}${classes}`;
}

/**
 * Identifies the network only: the fields that change live (learning rate, weight average,
 * target and its classes) are left out, so the playground keeps training through them; the
 * class count (in the model) and p are in, so switching classes on or off retrains.
 */
export function networkKey(s: TrainerSetup): string {
  return JSON.stringify({
    ...s,
    target: undefined,
    labels: undefined,
    lr: undefined,
    ema: undefined,
  });
}
