/**
 * Reflow's plain settings (docs/sigma-and-reflow.md): how many fixed pairs, how finely the ODE
 * maps x0 to x1, how long each reflowed network trains, and the seed of each round. Pure, so
 * the CLI's flag parser and the UI can read them without loading tfjs; model/reflow.ts runs it.
 */

/** How the pairs are made and how long the next network trains on them. */
export interface ReflowOptions {
  /** Number of fixed pairs (x0, ODE(x0)). */
  pairs: number;
  /** RK4 steps of the ODE that maps x0 to x1 (4 network evaluations each). */
  pairSteps: number;
  /** Training steps of each reflowed network. */
  trainSteps: number;
}

/** The headless trainer's defaults (the playground uses fewer: REFLOW_BROWSER). */
export const REFLOW_DEFAULTS: ReflowOptions = { pairs: 20_000, pairSteps: 32, trainSteps: 2000 };

/** The playground's Reflow button: a few seconds per round on a laptop CPU. */
export const REFLOW_BROWSER: ReflowOptions = { pairs: 10_000, pairSteps: 24, trainSteps: 1500 };

/** Most reflow rounds offered (original → reflow 1 → reflow 2 in the playground). */
export const MAX_REFLOW_ROUNDS = 3;

/** Seed of round k's network and pairs: a fresh stream per round, same run for same seed. */
export const reflowSeed = (seed: number, round: number): number => (seed + 1000 * round) % 2 ** 31;
