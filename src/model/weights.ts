/**
 * Versioned model files: the architecture, the scheduler, the data set and seed they were
 * trained with, and the weights. Parsing checks everything, so a file that does not match
 * gets a clear error, never a silently wrong model.
 */
import { SCHEDULER_IDS, validateSchedulerParams } from '../flow/schedulers';
import type { SchedulerId, SchedulerParams } from '../flow/types';
import { parameterShapes, validateMlpConfig, type MlpConfig } from './mlpConfig';
import { decodeInt8Columns, encodeInt8Columns, type Int8Columns } from './quantize';

/** The `format` tag that marks a Flow Matching Playground model file. */
export const MODEL_FORMAT = 'fm-playground-model';
/** The newest file version this code reads and the one it writes. */
export const MODEL_VERSION = 1;

/** One weight array: plain numbers, or (a matrix in a shipped file) int8 codes per column. */
export type WeightArray = { shape: number[]; data: number[] } | ({ shape: number[] } & Int8Columns);

/** A saved model: plain JSON, versioned, self-describing. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  architecture: MlpConfig;
  scheduler: { id: SchedulerId; params: SchedulerParams };
  /** A data-set id, or 'drawn' for a target drawn by hand. */
  dataset: string;
  seed: number;
  step: number;
  weights: WeightArray[];
  /**
   * Optional: the playground's settings it was trained with, as the link's hash text
   * (state/url.ts), so opening the file restores them with the network. Version 1 files
   * without it stay valid.
   */
  settings?: string;
}

/** Longest settings text a model file may carry (a 4 000-point drawing is about 22 KB). */
export const MAX_SETTINGS_CHARS = 100_000;

/** A model file that cannot be used; the message says why, in words for the user. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** Builds the JSON-able file for weights in `parameterShapes(architecture)` order. */
export function toModelFile(
  meta: Omit<ModelFile, 'format' | 'version' | 'weights'>,
  weights: readonly Float32Array[],
): ModelFile {
  const shapes = parameterShapes(meta.architecture);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    ...structuredClone(meta),
    weights: weights.map((w, i) => ({ shape: shapes[i] ?? [w.length], data: Array.from(w) })),
  };
}

/**
 * The same model with every matrix stored as 8-bit codes (model/quantize.ts: a quarter of
 * the size, each weight within half a step of its column's scale) and biases to 5 digits.
 */
export function quantizeModelFile(file: ModelFile, weights: readonly Float32Array[]): ModelFile {
  return {
    ...file,
    weights: file.weights.map(({ shape }, i) => {
      const w = weights[i]!;
      if (shape.length === 2) return { shape, ...encodeInt8Columns(w, shape[0]!, shape[1]!) };
      return { shape, data: Array.from(w, (v) => Number(v.toPrecision(5))) };
    }),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates an untrusted value (parsed JSON) as a model file; throws ModelFileError. */
export function parseModelFile(json: unknown): { file: ModelFile; weights: Float32Array[] } {
  const fail = (msg: string): never => {
    throw new ModelFileError(msg);
  };
  if (!isObject(json) || json.format !== MODEL_FORMAT) {
    fail('This is not a Flow Matching Playground model file.');
  }
  const f = json as Record<string, unknown>;
  if (typeof f.version !== 'number') fail('The model file has no version number.');
  if ((f.version as number) > MODEL_VERSION) {
    fail(
      `The model file is version ${f.version}, newer than this app supports (${MODEL_VERSION}).`,
    );
  }
  if (f.version !== MODEL_VERSION) fail(`Unsupported model file version ${f.version}.`);
  if (!isObject(f.architecture)) fail('The model file has no architecture.');
  const arch = f.architecture as unknown as MlpConfig;
  const archProblem = validateMlpConfig(arch);
  if (archProblem) fail(`Invalid architecture: ${archProblem}.`);
  const sched = f.scheduler;
  if (!isObject(sched) || !SCHEDULER_IDS.includes(sched.id as SchedulerId)) {
    fail('The model file names no known scheduler (ot, vp, ve, cosine).');
  }
  const { id, params = {} } = sched as { id: SchedulerId; params?: SchedulerParams };
  const paramProblem = isObject(params)
    ? validateSchedulerParams(id, params)
    : 'parameters must be an object';
  if (paramProblem) fail(`Invalid scheduler parameters: ${paramProblem}.`);
  if (typeof f.dataset !== 'string') fail('The model file does not say which data set it fits.');
  for (const key of ['seed', 'step'] as const) {
    if (typeof f[key] !== 'number' || !Number.isFinite(f[key])) fail(`"${key}" must be a number.`);
  }
  if (
    f.settings !== undefined &&
    (typeof f.settings !== 'string' || f.settings.length > MAX_SETTINGS_CHARS)
  ) {
    fail(`"settings" must be link text of at most ${MAX_SETTINGS_CHARS} characters.`);
  }
  const shapes = parameterShapes(arch);
  if (!Array.isArray(f.weights)) fail('The model file has no weights.');
  const raw = f.weights as unknown[];
  if (raw.length !== shapes.length) {
    fail(`The architecture needs ${shapes.length} weight arrays but the file has ${raw.length}.`);
  }
  const weights = raw.map((w, i) => {
    const need = shapes[i]!;
    const layer = `Weight array ${i + 1} (layer ${Math.floor(i / 2) + 1} ${i % 2 ? 'bias' : 'matrix'})`;
    const packed = isObject(w) && typeof w.int8 === 'string' && Array.isArray(w.scales);
    if (!isObject(w) || !Array.isArray(w.shape) || !(packed || Array.isArray(w.data))) {
      return fail(`${layer} is malformed.`);
    }
    if (w.shape.join(',') !== need.join(',')) {
      fail(
        `${layer} has shape [${w.shape.join(', ')}] but the architecture needs [${need.join(', ')}].`,
      );
    }
    if (packed) {
      const [rows = 1, cols = need[0]!] = need.length === 2 ? need : [1, need[0]];
      const decoded = decodeInt8Columns(w as unknown as Int8Columns, rows, cols);
      return decoded ?? fail(`${layer} has 8-bit codes or scales that do not fit its shape.`);
    }
    const size = need.reduce((a, b) => a * b, 1);
    if ((w.data as unknown[]).length !== size)
      fail(`${layer} has ${(w.data as unknown[]).length} values, expected ${size}.`);
    if (!(w.data as unknown[]).every((v) => typeof v === 'number' && Number.isFinite(v))) {
      fail(`${layer} contains values that are not finite numbers.`);
    }
    return Float32Array.from(w.data as number[]);
  });
  // Rebuilt field by field: nothing unvalidated reaches the app.
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    architecture: {
      width: arch.width,
      depth: arch.depth,
      activation: arch.activation,
      timeEncoding: arch.timeEncoding,
      ...(arch.classes ? { classes: arch.classes } : {}),
    },
    scheduler: { id, params: { ...params } },
    dataset: f.dataset as string,
    seed: f.seed as number,
    step: f.step as number,
    weights: raw as ModelFile['weights'],
    ...(typeof f.settings === 'string' ? { settings: f.settings } : {}),
  };
  return { file, weights };
}
