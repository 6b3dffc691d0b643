/**
 * The one Settings object: everything that defines an experiment and its view, serializable
 * (plain JSON) so a URL or a saved file reproduces it. Defaults and per-field validation live
 * here; the URL codec (url.ts) and the UI iterate the same field table.
 */
import { COUPLING_IDS } from '../flow/coupling';
import { DATASET_IDS } from '../flow/datasets';
import { SCHEDULER_IDS, validateSchedulerParams } from '../flow/schedulers';
import { MAX_PATH_SIGMA } from '../flow/paths';
import { SAMPLING_SOLVER_IDS } from '../flow/solvers';
import type {
  CouplingId,
  DatasetId,
  SamplingSolverId,
  SchedulerId,
  SchedulerParams,
} from '../flow/types';
import type { BackendPreference } from '../model/backend';
import type { Activation } from '../model/mlp';
import { LESSON_IDS, MAX_SCENES } from '../lessons';
import { settleLesson } from './lessonLink';
import { classFields, settleClasses, type ClassSettings } from './classes';
import {
  checkEmbedControls,
  checkEmbedViews,
  decodeAutoplay,
  decodeEmbedControls,
  decodeEmbedViews,
  encodeEmbedControls,
  encodeEmbedViews,
  type EmbedControl,
  type EmbedViewId,
} from './embed';

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];
/** A preset data set, or the points drawn by hand. */
export type TargetSource = DatasetId | 'drawn';
export const TARGET_SOURCES: readonly TargetSource[] = [...DATASET_IDS, 'drawn'];

// Listed here rather than imported so the main thread never loads tfjs (only the worker does);
// `satisfies` keeps them in step with model/.
export const ACTIVATION_IDS = [
  'silu',
  'selu',
  'relu',
  'tanh',
  'gelu',
] as const satisfies readonly Activation[];
export const BACKEND_IDS = [
  'auto',
  'fused',
  'fused-webgpu',
  'webgpu',
  'wasm',
  'webgl',
  'cpu',
] as const satisfies readonly BackendPreference[];

export interface Overlays {
  /** Conditional view: draw each pair's path line. */
  pathLines: boolean;
  /** Learned view: short trails behind the particles. */
  trails: boolean;
  learnedField: boolean;
  exactField: boolean;
  density: boolean;
  /** Learned view: colour each particle by its adaptive solver's NFE (a heat map). */
  nfeHeat: boolean;
}

/**
 * What the page shows: the playground or the scheduler comparison. One place (ui/layouts.tsx)
 * turns it into components; an embedded single view or a lesson is one more mode there.
 */
export type LayoutMode = 'playground' | 'compare' | 'lesson';
export const LAYOUT_MODES: readonly LayoutMode[] = ['playground', 'compare', 'lesson'];

/** Every setting; the class-conditional ones (`conditional`, `guidance`, …) are in classes.ts. */
export interface Settings extends ClassSettings {
  target: TargetSource;
  /** Points drawn by hand, interleaved [x0, y0, x1, y1, …], in data coordinates. */
  drawn: number[];
  scheduler: SchedulerId;
  schedulerParams: SchedulerParams;
  coupling: CouplingId;
  /** σ around the path: xt gets σ ε added (0: the exact path; torchcfm trains with 0.1). */
  pathSigma: number;
  /** The comparison trains a fourth column, OT with σ = 0.1 around the path (link `csig`). */
  compareSigma: boolean;
  width: number;
  depth: number;
  activation: Activation;
  lr: number;
  batch: number;
  seed: number;
  /** Decay of the weight average the views sample (0: the last weights); changes live. */
  ema: number;
  /** A fixed-step tableau, or 'dopri5' (adaptive, with `tol`). */
  solver: SamplingSolverId;
  steps: number;
  /** Dormand–Prince's tolerance, rtol = atol (the adaptive solver only). */
  tol: number;
  particles: number;
  overlays: Overlays;
  language: Language;
  backend: BackendPreference;
  /** Playback speed: t advances by speed/4 per second (4 s for a pass at 1×). */
  speed: number;
  loop: boolean;
  brushSize: number;
  brushDensity: number;
  layout: LayoutMode;
  /** The open lesson's id ('' on the lessons list and outside lessons; state/lessonLink.ts). */
  lesson: string;
  /** The open scene of the lesson, from 1. */
  scene: number;
  /** Embed mode (state/embed.ts): the views that fill the frame; none: the full page. */
  embed: EmbedViewId[];
  /** Embed mode: the controls shown besides play. */
  controls: EmbedControl[];
  /** Embed mode: play on load (else the flow waits, paused at t = 1). */
  autoplay: boolean;
}

/** Fewer drawn points than this and training does not start (the "too few points"). */
export const MIN_POINTS = 16;
/** Points sampled from a preset data set to train on. */
export const PRESET_POINTS = 2000;
/** Cap on drawn points (the URL stays a reasonable length). */
export const MAX_DRAWN = 4000;

type Check<T> = (v: T) => string | null;

/** One field of the table: its default, its validator, its short URL key and, for numbers, its range. */
export interface FieldSpec<T> {
  readonly default: T;
  readonly check: Check<T>;
  /** Short key in a link (`#ds=moons&w=64`). */
  readonly url: string;
  /** Accepted range of a number (the validator's bounds, also the input's min/max). */
  readonly range?: readonly [number, number];
  /** Its own link text, for values that are not a plain number, flag or name. */
  readonly codec?: { encode(v: T): string; decode(text: string): T };
}

const oneOf = <T>(def: T, url: string, list: readonly T[], what: string): FieldSpec<T> => ({
  default: def,
  url,
  check: (v) =>
    list.includes(v) ? null : `${what} must be one of ${list.join(', ')}, got "${String(v)}"`,
});

const intIn = (def: number, url: string, lo: number, hi: number, what: string) => ({
  default: def,
  url,
  range: [lo, hi] as const,
  check: (v: number): string | null =>
    Number.isInteger(v) && v >= lo && v <= hi
      ? null
      : `${what} must be a whole number from ${lo} to ${hi}, got ${String(v)}`,
});

const numIn = (def: number, url: string, lo: number, hi: number, what: string) => ({
  default: def,
  url,
  range: [lo, hi] as const,
  check: (v: number): string | null =>
    typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi
      ? null
      : `${what} must be a number from ${lo} to ${hi}, got ${String(v)}`,
});

function checkDrawn(v: number[]): string | null {
  if (!Array.isArray(v) || v.length % 2 !== 0) return 'drawn points must be (x, y) pairs';
  if (v.length / 2 > MAX_DRAWN) return `at most ${MAX_DRAWN} drawn points, got ${v.length / 2}`;
  if (!v.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) < 100)) {
    return 'drawn points must be finite coordinates';
  }
  return null;
}

const DEFAULT_OVERLAYS: Overlays = {
  pathLines: false,
  trails: true,
  learnedField: false,
  exactField: false,
  density: false,
  nfeHeat: false,
};

function checkOverlays(v: Overlays): string | null {
  const keys = Object.keys(DEFAULT_OVERLAYS) as (keyof Overlays)[];
  return v && keys.every((k) => typeof v[k] === 'boolean') ? null : 'overlays must be on/off flags';
}

/**
 * The field table: one row per setting. Defaults, validation (applySettingsPatch), the URL
 * codec (url.ts) and the inputs' ranges (the Train panel) all read it.
 */
export const FIELDS: { readonly [K in keyof Settings]: FieldSpec<Settings[K]> } = {
  target: oneOf<TargetSource>('moons', 'ds', TARGET_SOURCES, 'target'),
  drawn: { default: [], url: 'pts', check: checkDrawn },
  scheduler: oneOf<SchedulerId>('ot', 'sch', SCHEDULER_IDS, 'scheduler'),
  schedulerParams: {
    default: {},
    url: 'sp',
    check: (v) => (v && typeof v === 'object' ? null : 'scheduler parameters missing'),
  },
  coupling: oneOf<CouplingId>('independent', 'cp', COUPLING_IDS, 'coupling'),
  pathSigma: numIn(0, 'sig', 0, MAX_PATH_SIGMA, 'σ around the path'),
  compareSigma: {
    default: false,
    url: 'csig',
    check: (v) => (typeof v === 'boolean' ? null : 'the comparison’s σ column must be on or off'),
  },
  width: intIn(64, 'w', 4, 512, 'width'),
  depth: intIn(3, 'd', 1, 8, 'depth'),
  // SiLU at lr 3e-3, batch 256 reached W2 ≈ 0.22 on moons in 2 000 steps (SELU at the
  // published lr 1e-3: 0.33), which is what a live demo needs.
  activation: oneOf<Activation>('silu', 'act', ACTIVATION_IDS, 'activation'),
  lr: numIn(3e-3, 'lr', 1e-5, 0.1, 'learning rate'),
  batch: intIn(256, 'b', 8, 4096, 'batch size'),
  seed: intIn(1, 'seed', 0, 2 ** 31 - 1, 'seed'),
  ema: numIn(0, 'ema', 0, 0.9999, 'weight average decay'),
  solver: oneOf<SamplingSolverId>('euler', 'sol', SAMPLING_SOLVER_IDS, 'solver'),
  steps: intIn(50, 'n', 1, 200, 'solver steps'),
  // SciPy's default rtol; 10⁻⁶ costs ~4× the evaluations of 10⁻³ on moons, 0.1 ~ a few steps.
  tol: numIn(1e-3, 'tol', 1e-6, 0.1, 'solver tolerance'),
  particles: intIn(3000, 'p', 100, 50000, 'particle count'),
  overlays: { default: DEFAULT_OVERLAYS, url: 'ov', check: checkOverlays },
  language: oneOf<Language>('en', 'lang', LANGUAGES, 'language'),
  backend: oneOf<BackendPreference>('auto', 'backend', BACKEND_IDS, 'backend'),
  speed: numIn(1, 'speed', 0.1, 4, 'speed'),
  loop: {
    default: true,
    url: 'loop',
    check: (v) => (typeof v === 'boolean' ? null : 'loop must be on or off'),
  },
  brushSize: numIn(0.4, 'bs', 0.05, 2, 'brush size'),
  brushDensity: intIn(6, 'bd', 1, 30, 'brush density'),
  layout: oneOf<LayoutMode>('playground', 'view', LAYOUT_MODES, 'layout'),
  lesson: {
    default: '',
    url: 'lesson',
    check: (v) =>
      v === '' || LESSON_IDS.includes(v)
        ? null
        : `lesson must be one of ${LESSON_IDS.join(', ')}, got "${String(v)}"`,
  },
  scene: intIn(1, 'scene', 1, MAX_SCENES, 'scene'),
  embed: {
    default: [],
    url: 'embed',
    check: checkEmbedViews,
    codec: { encode: encodeEmbedViews, decode: decodeEmbedViews },
  },
  controls: {
    default: [],
    url: 'controls',
    check: checkEmbedControls,
    codec: { encode: encodeEmbedControls, decode: decodeEmbedControls },
  },
  autoplay: {
    default: false,
    url: 'autoplay',
    check: (v) => (typeof v === 'boolean' ? null : 'autoplay must be on or off'),
    codec: { encode: (v) => (v ? '' : '0'), decode: decodeAutoplay },
  },
  ...classFields(MAX_DRAWN),
};

const FIELD_NAMES = Object.keys(FIELDS) as (keyof Settings)[];

/** Every field's default, from the table. */
export const DEFAULT_SETTINGS = Object.fromEntries(
  FIELD_NAMES.map((k) => [k, FIELDS[k].default]),
) as unknown as Settings;

export type SettingsErrors = Partial<Record<keyof Settings, string>>;

/**
 * Applies a patch field by field: valid values are taken, invalid ones are refused (the last
 * valid value is kept) and reported. Scheduler parameters are checked against the scheduler
 * (flow/schedulers.ts), so a degenerate path never reaches the trainer.
 */
export function applySettingsPatch(
  current: Settings,
  patch: Partial<Settings>,
): { settings: Settings; errors: SettingsErrors } {
  const next: Settings = { ...current };
  const errors: SettingsErrors = {};
  for (const key of Object.keys(patch) as (keyof Settings)[]) {
    const value = patch[key];
    const check = FIELDS[key]?.check as Check<unknown> | undefined;
    if (!check) continue;
    const problem = check(value);
    if (problem) errors[key] = problem;
    else (next as unknown as Record<string, unknown>)[key] = value;
  }
  const schedulerProblem = validateSchedulerParams(next.scheduler, next.schedulerParams);
  if (schedulerProblem) {
    errors.schedulerParams = schedulerProblem;
    next.schedulerParams = current.schedulerParams;
    if (validateSchedulerParams(next.scheduler, next.schedulerParams)) next.schedulerParams = {};
  }
  settleLesson(current, next, patch, errors);
  settleClasses(next, patch, errors);
  return { settings: next, errors };
}

/** Number of target points of the current settings' source. */
export function targetCount(s: Settings): number {
  return s.target === 'drawn' ? s.drawn.length / 2 : PRESET_POINTS;
}
