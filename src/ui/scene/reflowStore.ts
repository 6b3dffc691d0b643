/**
 * The playground's Reflow result (its one writer is the session): idle, running, the report
 * of the original and reflowed flows (worker/reflow.ts), or an error. Cleared whenever the
 * network is replaced, so a table never describes another network.
 */
import { createStore } from '../../state/store';
import type { ReflowReply } from '../../worker/protocol';

export interface ReflowView {
  status: 'idle' | 'running' | 'done' | 'error';
  report: ReflowReply | null;
  error: string | null;
}

export const REFLOW_IDLE: ReflowView = { status: 'idle', report: null, error: null };

export const reflowStore = createStore<ReflowView>(REFLOW_IDLE);

/** Rounds the button runs: original → reflow 1 → reflow 2. */
export const REFLOW_ROUNDS = 2;
/** Points for the exact W2 and the mini views (as the comparison's exact W2). */
export const REFLOW_SAMPLES = 1000;
