/** Test-only: the small trainer setup the worker's unit tests configure (moons, 2×16 SiLU). */
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import type { TrainerSetup } from './protocol';

/** A fast setup on 500 moons points; `overrides` changes single fields (e.g. `ema`). */
export function smallSetup(overrides: Partial<TrainerSetup> = {}): TrainerSetup {
  return {
    model: { width: 16, depth: 2, activation: 'silu', timeEncoding: 'linear' },
    scheduler: 'ot',
    schedulerParams: {},
    coupling: 'independent',
    batch: 64,
    lr: 3e-3,
    weightDecay: 0,
    seed: 1,
    target: DATASETS.moons.sample(500, createRng(0)),
    ...overrides,
  };
}
