/**
 * A model file opened in the page: checked completely here (model/weights.ts parseModelFile,
 * which needs no tfjs) before anything changes, and turned into the settings it implies: the
 * file's architecture, path and seed, plus the playground settings it carries (its `settings`
 * link text), or else its preset data set. The language, layout and backend stay the page's.
 * Refusals are catalogue keys; a broken file's own reason is quoted in English.
 */
import { DATASET_IDS, DATASETS } from '../flow/datasets';
import type { DatasetId } from '../flow/types';
import { MODEL_FORMAT, MODEL_VERSION, ModelFileError, parseModelFile } from '../model/weights';
import type { ModelFile } from '../model/weights';
import { targetClasses } from '../state/classes';
import { applySettingsPatch, type Settings } from '../state/settings';
import { decodeSettings, encodeSettings } from '../state/url';
import { refuse, sizeText, type Message, type Outcome } from './refusal';

/** Largest model file read (a 8 × 512 network in plain JSON is about 25 MB). */
export const MAX_MODEL_FILE_BYTES = 32_000_000;

export type ModelOutcome = Outcome<{
  file: ModelFile;
  weights: Float32Array[];
  settings: Settings;
}>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the page's settings become with this model file (or why they cannot). */
export function settingsForModel(
  file: ModelFile,
  current: Settings,
): Outcome<{ settings: Settings }> {
  if (file.architecture.timeEncoding !== 'linear') {
    return refuse('ioModelPlayground', { detail: 'Fourier time features' });
  }
  let base = current;
  if (file.settings !== undefined) {
    const carried = decodeSettings(file.settings);
    if (carried.errors.length > 0) return refuse('ioModelSettings', { detail: carried.errors[0]! });
    const { language, layout, backend } = current;
    base = { ...carried.settings, language, layout, backend };
  } else if (DATASET_IDS.includes(file.dataset as DatasetId)) {
    base = { ...current, target: file.dataset as DatasetId };
  } else if (file.dataset === 'drawn') {
    base = { ...current, target: 'drawn' };
  }
  const { settings, errors } = applySettingsPatch(base, {
    width: file.architecture.width,
    depth: file.architecture.depth,
    activation: file.architecture.activation,
    scheduler: file.scheduler.id,
    schedulerParams: file.scheduler.params,
    seed: file.seed,
    // A network with a class input is trained on classes; one without on none.
    conditional: (file.architecture.classes ?? 0) >= 2,
  });
  const problem = Object.values(errors)[0];
  if (problem) return refuse('ioModelPlayground', { detail: problem });
  const misfit = classMisfit(file, settings.target) ?? drawnMisfit(file, settings);
  return misfit ?? { ok: true, settings };
}

/** A conditional network on a drawing: its colours must give the network's class count. */
function drawnMisfit(file: ModelFile, s: Settings): { ok: false; error: Message } | null {
  const classes = file.architecture.classes ?? 0;
  if (classes === 0 || s.target !== 'drawn' || targetClasses(s) === classes) return null;
  return refuse('guidanceModelClasses', {
    classes,
    target: 'drawn',
    targetClasses: targetClasses(s),
  });
}

/**
 * A conditional network (architecture.classes ≥ 2) only fits a preset data set with that many
 * classes (a drawing's colours are the page's to check); null when it fits.
 */
export function classMisfit(file: ModelFile, target: string): { ok: false; error: Message } | null {
  const classes = file.architecture.classes ?? 0;
  if (classes === 0 || !DATASET_IDS.includes(target as DatasetId)) return null;
  const targetClasses = DATASETS[target as DatasetId].classes;
  if (targetClasses === classes) return null;
  return refuse('guidanceModelClasses', { classes, target, targetClasses });
}

/** A model file's text, checked in full, with the settings the page takes from it. */
export function readModelText(text: string, current: Settings, bytes = text.length): ModelOutcome {
  if (bytes > MAX_MODEL_FILE_BYTES) {
    return refuse('ioFileTooBig', { size: sizeText(bytes), max: sizeText(MAX_MODEL_FILE_BYTES) });
  }
  if (text.trim() === '') return refuse('ioEmpty');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return refuse('ioBadJson');
  }
  return readModelJson(json, current);
}

/** `readModelText` after JSON.parse. */
export function readModelJson(json: unknown, current: Settings): ModelOutcome {
  if (!isObject(json) || json.format !== MODEL_FORMAT) return refuse('ioModelNotModel');
  const v = json.version;
  if (typeof v === 'number' && v > MODEL_VERSION) {
    return refuse('ioModelNewer', { v, max: MODEL_VERSION });
  }
  if (v !== MODEL_VERSION) return refuse('ioModelVersion', { v: String(v), max: MODEL_VERSION });
  let parsed: ReturnType<typeof parseModelFile>;
  try {
    parsed = parseModelFile(json);
  } catch (e) {
    if (e instanceof ModelFileError) return refuse('ioModelBroken', { detail: e.message });
    throw e;
  }
  const next = settingsForModel(parsed.file, current);
  if (!next.ok) return next;
  return { ok: true, ...parsed, settings: next.settings };
}

/** The file to save: the worker's model file plus the settings as link text. */
export function withSettings(file: ModelFile, settings: Settings): ModelFile {
  return { ...file, settings: encodeSettings(settings) };
}
