/**
 * What a conditional network's sample and field requests carry (worker/protocol.ts): a label
 * per particle and the guidance scale w, v = (1 + w) v(x, t, c) − w v(x, t, ∅). Nothing for an
 * unconditional setup, so its requests stay as they were.
 */
import { NULL_LABEL } from '../../flow/guidance';
import { isConditional, sampleLabels } from '../../state/target';
import type { Settings } from '../../state/settings';

export interface Conditioning {
  labels?: Uint8Array;
  guidance?: number;
}

/**
 * The learned view's n particles: each with the class it is sampled with (state/target.ts
 * sampleLabels: mixed in the target's proportions, one class, or ∅) and w; ∅ for all needs
 * no guidance (its guided field is v(x, t, ∅) itself), so it costs one evaluation.
 */
export function sampleConditioning(s: Settings, n: number): Conditioning {
  const labels = sampleLabels(s, n);
  if (!labels) return {};
  return { labels, guidance: s.sampleClass === 'none' ? 0 : s.guidance };
}

/**
 * One field for n points (the learned-field arrows, a launched particle): the sampled class's
 * guided field, or ∅'s when the classes are mixed or none.
 */
export function fieldConditioning(s: Settings, n: number): Conditioning {
  if (!isConditional(s)) return {};
  const c = s.sampleClass;
  if (typeof c !== 'number') return { labels: new Uint8Array(n).fill(NULL_LABEL), guidance: 0 };
  return { labels: new Uint8Array(n).fill(c), guidance: s.guidance };
}
