/**
 * The class-conditional fields of the settings (docs/guidance.md): train on the target's
 * classes (`cond`), the label-dropout probability p (`pdrop`), the guidance scale w (`cfg`),
 * the class the views sample (`cls`), and the drawing's colours (`lab`, one class per drawn
 * point; `bc`, the brush's class). These are rows of the settings' field table (settings.ts),
 * so the link codec, its validation and the link fuzz cover them; this module holds their
 * types, codecs and checks, and the cross-field rule that keeps them consistent.
 */
import { DATASETS } from '../flow/datasets';
import { MAX_CLASSES, NULL_LABEL } from '../flow/guidance';
import type { FieldSpec, Settings, SettingsErrors } from './settings';

/** The null label ∅ as a particle's class (flow/guidance.ts NULL_LABEL). */
export const NULL_CLASS = NULL_LABEL;
/** Colours a drawing may use (the brush's class picker). */
export const DRAWN_CLASSES = 3;
/** Most classes of any target (8 Gaussians) and of a network's one-hot (flow/guidance.ts). */
export { MAX_CLASSES };

/**
 * The class the views sample: 'mix' (each particle gets a class in the target's proportions),
 * 'none' (the null label ∅: the unconditional flow), or a class index.
 */
export type SampleClass = 'mix' | 'none' | number;

/** The class-conditional settings (merged into `Settings`). */
export interface ClassSettings {
  /** Train on the target's classes: the network takes a one-hot label (∅ = zeros). */
  conditional: boolean;
  /** Label dropout p: each training label is replaced by ∅ with this probability. */
  labelDrop: number;
  /** Guidance scale w: v = (1 + w) v(x, t, c) − w v(x, t, ∅); 0 is plain conditional. */
  guidance: number;
  sampleClass: SampleClass;
  /** One class per drawn point (0 … DRAWN_CLASSES − 1); empty: every point is class 0. */
  drawnLabels: number[];
  /** The class the brush sprays. */
  brushClass: number;
}

const flag = (def: boolean, url: string, what: string): FieldSpec<boolean> => ({
  default: def,
  url,
  check: (v) => (typeof v === 'boolean' ? null : `${what} must be on or off`),
});

const number = (def: number, url: string, lo: number, hi: number, what: string, int = false) => ({
  default: def,
  url,
  range: [lo, hi] as const,
  check: (v: number): string | null =>
    typeof v === 'number' &&
    Number.isFinite(v) &&
    v >= lo &&
    v <= hi &&
    (!int || Number.isInteger(v))
      ? null
      : `${what} must be a ${int ? 'whole number' : 'number'} from ${lo} to ${hi}, got ${String(v)}`,
});

export function checkSampleClass(v: SampleClass): string | null {
  if (v === 'mix' || v === 'none') return null;
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) < MAX_CLASSES
    ? null
    : `class to sample must be mix, none or a class from 0 to ${MAX_CLASSES - 1}, got "${String(v)}"`;
}

/** `cls=` text: `mix`, `none` or a class index (digits only: `01`, `1.0`, `1e0` are refused). */
export function decodeSampleClass(text: string): SampleClass {
  if (text === 'mix' || text === 'none') return text;
  if (/^(0|[1-9]\d?)$/.test(text)) return Number(text);
  throw new Error('expected mix, none or a class number');
}

export function checkDrawnLabels(v: number[]): string | null {
  if (!Array.isArray(v)) return 'drawn classes must be a list';
  return v.every((c) => Number.isInteger(c) && c >= 0 && c < DRAWN_CLASSES)
    ? null
    : `drawn classes must be from 0 to ${DRAWN_CLASSES - 1}`;
}

/**
 * Classes as runs, one letter per class and its repeat count: [0,0,0,1,2,2] → `a3bc2`. Strokes
 * are runs of one colour, so a drawing of a few thousand points takes a few characters.
 */
export function encodeLabels(labels: readonly number[]): string {
  let out = '';
  for (let i = 0; i < labels.length;) {
    let j = i + 1;
    while (j < labels.length && labels[j] === labels[i]) j++;
    out += String.fromCharCode(97 + labels[i]!) + (j - i > 1 ? String(j - i) : '');
    i = j;
  }
  return out;
}

/** `lab=` text → classes; a run longer than any drawing is refused before it is expanded. */
export function decodeLabels(text: string, max: number): number[] {
  const letters = 'abcdefgh'.slice(0, DRAWN_CLASSES);
  if (!new RegExp(`^([${letters}](?:[1-9]\\d{0,4})?)*$`).test(text)) {
    throw new Error(`expected runs of the letters ${letters.split('').join(', ')} with counts`);
  }
  const out: number[] = [];
  for (const [, c, n] of text.matchAll(/([a-h])(\d*)/g)) {
    const count = n ? Number(n) : 1;
    if (out.length + count > max) throw new Error(`more than ${max} classes`);
    for (let k = 0; k < count; k++) out.push(c!.charCodeAt(0) - 97);
  }
  return out;
}

/** The field table's rows for the class-conditional settings (settings.ts spreads them in). */
export const classFields = (
  maxDrawn: number,
): { readonly [K in keyof ClassSettings]: FieldSpec<ClassSettings[K]> } => ({
  conditional: flag(false, 'cond', 'class-conditional'),
  labelDrop: number(0.2, 'pdrop', 0, 0.9, 'label dropout p'),
  guidance: number(0, 'cfg', 0, 20, 'guidance scale w'),
  sampleClass: {
    default: 'mix',
    url: 'cls',
    check: checkSampleClass,
    codec: { encode: String, decode: decodeSampleClass },
  },
  drawnLabels: {
    default: [],
    url: 'lab',
    check: checkDrawnLabels,
    codec: { encode: encodeLabels, decode: (text) => decodeLabels(text, maxDrawn) },
  },
  brushClass: number(0, 'bc', 0, DRAWN_CLASSES - 1, 'brush class', true),
});

/**
 * Keeps the class fields consistent with the rest after a patch: the drawing's classes are
 * one per drawn point (or none: all class 0), and a sampled class index is a class of the
 * target. A value the patch set that breaks a rule is refused with a message; one that only
 * went stale (another target picked, points erased without classes) is reset quietly.
 */
export function settleClasses(
  next: Settings,
  patch: Partial<Settings>,
  errors: SettingsErrors,
): void {
  const points = next.drawn.length / 2;
  if (next.drawnLabels.length !== 0 && next.drawnLabels.length !== points) {
    if (patch.drawnLabels !== undefined && !errors.drawnLabels) {
      errors.drawnLabels = `drawn classes: ${next.drawnLabels.length} classes for ${points} points`;
    }
    next.drawnLabels = [];
  }
  const c = next.sampleClass;
  if (typeof c === 'number' && c >= targetClasses(next)) {
    if (patch.sampleClass !== undefined && !errors.sampleClass) {
      errors.sampleClass = `class to sample: the target has ${targetClasses(next)} classes, got "${c}"`;
    }
    next.sampleClass = 'mix';
  }
}

/**
 * How many classes the target has, the width of the network's one-hot: a preset's own count
 * (moons 2, rings 4, 8 Gaussians 8, …); a drawing's highest colour used + 1 (so every drawn
 * class fits; 1 when all points have the first colour, 0 without points).
 */
export function targetClasses(s: Pick<Settings, 'target' | 'drawn' | 'drawnLabels'>): number {
  if (s.target !== 'drawn') return DATASETS[s.target].classes;
  if (s.drawn.length === 0) return 0;
  return s.drawnLabels.reduce((m, c) => Math.max(m, c + 1), 1);
}

/**
 * Whether the settings train a class-conditional network: the switch is on and the target
 * has at least two classes (a drawing in one colour has nothing to condition on).
 */
export function isConditional(
  s: Pick<Settings, 'conditional' | 'target' | 'drawn' | 'drawnLabels'>,
): boolean {
  return s.conditional && targetClasses(s) >= 2;
}

/** Target points in their class colours: when training on classes, or a drawing has colours. */
export function showsClasses(
  s: Pick<Settings, 'conditional' | 'target' | 'drawn' | 'drawnLabels'>,
): boolean {
  return s.conditional || (s.target === 'drawn' && s.drawnLabels.length > 0);
}
