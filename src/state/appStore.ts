/**
 * The application store: the Settings, the few run figures React shows (a few updates a
 * second at most), and UI state that must outlive any one component (the drawing's undo
 * history, the open tab). Per-frame data (particle positions, t while playing) never lives
 * here: see ui/scene/.
 */
import { applySettingsPatch, type Settings, type SettingsErrors } from './settings';
import { LANGUAGE_KEY, readStored, writeStored } from './storage';
import { createStore } from './store';
import { decodeSettings, encodeSettings } from './url';

export type RunStatus = 'idle' | 'starting' | 'training' | 'paused' | 'error';
export type Tab = 'target' | 'train' | 'sample' | 'density' | 'learn';
export type Tool = 'brush' | 'eraser';

export interface RunState {
  status: RunStatus;
  step: number;
  /** Mean loss of the latest report (NaN before the first). */
  loss: number;
  stepsPerSec: number;
  backend: string | null;
  backendReason: string | null;
  error: string | null;
  /** [step, loss] pairs, thinned to a bounded length. */
  losses: [number, number][];
  /** [step, sliced W2 to the target] pairs. */
  quality: [number, number][];
  /** Steps of the network the learned view currently shows (−1: none yet). */
  shownStep: number;
  /** The adaptive solver's evaluations per particle in the shown sample (null: fixed steps). */
  shownNfe: { mean: number; min: number; max: number } | null;
  /** What the shown sample was drawn with: its class choice and guidance w (null: unconditional). */
  shownSampling: { sampleClass: string; guidance: number } | null;
  /** The shipped pretrained file the network came from, not trained further here (or null). */
  pretrained: string | null;
  /** Why no pretrained network fits: a drawn target, a conditional or another setup (null: one fits). */
  needsTraining: 'drawn' | 'conditional' | 'setup' | null;
}

export interface AppState {
  settings: Settings;
  /** Field-level messages for refused values (cleared when the field is set validly). */
  errors: SettingsErrors;
  /** Messages about the link the page was opened with. */
  notices: string[];
  /** Earlier drawings (points and their classes), the latest last. */
  undo: { drawn: number[]; labels: number[] }[];
  tab: Tab;
  tool: Tool;
  playing: boolean;
  run: RunState;
}

export const INITIAL_RUN: RunState = {
  status: 'idle',
  step: 0,
  loss: NaN,
  stepsPerSec: 0,
  backend: null,
  backendReason: null,
  error: null,
  losses: [],
  quality: [],
  shownStep: -1,
  shownNfe: null,
  shownSampling: null,
  pretrained: null,
  needsTraining: null,
};

/** Settings from the page's link, with the remembered language when the link names none. */
export function initialState(hash: string): AppState {
  const { settings, errors } = decodeSettings(hash);
  const stored = readStored(LANGUAGE_KEY);
  const linkNamesLanguage = new URLSearchParams(hash.replace(/^#/, '')).has('lang');
  const language =
    !linkNamesLanguage && (stored === 'en' || stored === 'zh') ? stored : settings.language;
  return {
    settings: { ...settings, language },
    errors: {},
    notices: errors,
    undo: [],
    tab: 'target',
    tool: 'brush',
    // An embed without `autoplay` waits, paused (its layout shows t = 1), for its play button.
    playing: settings.embed.length === 0 || settings.autoplay,
    run: INITIAL_RUN,
  };
}

const hash = typeof location === 'undefined' ? '' : location.hash;
export const appStore = createStore<AppState>(initialState(hash));

/** Applies a link opened in this page (a hash change): its settings, with its messages. */
export function applyLink(hash: string): void {
  const next = initialState(hash);
  appStore.setState({ settings: next.settings, notices: next.notices, errors: {} });
}

/** Sets settings fields; invalid values are refused (last valid kept) with a message. */
export function updateSettings(patch: Partial<Settings>): SettingsErrors {
  const { settings, errors } = appStore.getState();
  const result = applySettingsPatch(settings, patch);
  const nextErrors: SettingsErrors = { ...errors };
  for (const key of Object.keys(patch) as (keyof Settings)[]) delete nextErrors[key];
  Object.assign(nextErrors, result.errors);
  appStore.setState({ settings: result.settings, errors: nextErrors });
  if (patch.language && !result.errors.language) writeStored(LANGUAGE_KEY, patch.language);
  return result.errors;
}

export function patchRun(patch: Partial<RunState>): void {
  appStore.setState((s) => ({ run: { ...s.run, ...patch } }));
}

const UNDO_LIMIT = 50;

/**
 * Replaces the drawn points and their classes (one per point, or none: all class 0);
 * `undoable` remembers the previous drawing (once per stroke).
 */
export function setDrawn(points: number[], undoable = true, labels: number[] = []): void {
  const { settings, undo } = appStore.getState();
  if (undoable) {
    const previous = { drawn: settings.drawn, labels: settings.drawnLabels };
    appStore.setState({ undo: [...undo.slice(-UNDO_LIMIT + 1), previous] });
  }
  updateSettings({ drawn: points, drawnLabels: labels, target: 'drawn' });
}

/** Puts the previous drawing back, its classes with it. */
export function undoDrawn(): void {
  const { undo } = appStore.getState();
  const previous = undo[undo.length - 1];
  if (!previous) return;
  appStore.setState({ undo: undo.slice(0, -1) });
  updateSettings({ drawn: previous.drawn, drawnLabels: previous.labels });
}

/** Keeps the URL hash in step with the settings (debounced; harmless where history is locked). */
export function syncUrl(delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return appStore.subscribe((s, prev) => {
    if (s.settings === prev.settings) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        const text = encodeSettings(appStore.getState().settings);
        history.replaceState(null, '', text ? `#${text}` : location.pathname + location.search);
      } catch {
        // Some sandboxed frames refuse history changes; the link simply is not updated.
      }
    }, delayMs);
  });
}
