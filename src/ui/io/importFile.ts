/**
 * One entry for every imported file (picker or drop): points (CSV, JSON), an image (to the
 * preview first) or a model file (JSON with the model format tag). Each is checked in full
 * before anything changes; a refusal is said with the file's name and changes nothing. Loaded
 * on first use (dynamic import): the parsers cost the first paint nothing.
 */
import { imageFileProblem } from '../../io/image';
import { readModelText } from '../../io/modelFile';
import { readPointsText, MAX_POINTS_FILE_BYTES } from '../../io/points';
import type { Message } from '../../io/refusal';
import { appStore, setDrawn } from '../../state/appStore';
import type { Engine } from '../scene/engine';
import { decodeImage } from './decodeImage';
import { IMPORT_PLACE, ioStore, say } from './ioStore';

const refuse = (name: string, text: Message) =>
  say(IMPORT_PLACE, { kind: 'error', text, name, refused: true });

type Kind = 'image' | 'json' | 'csv' | null;
function kindOf(file: File): Kind {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (file.type.startsWith('image/') || ['png', 'jpg', 'jpeg', 'svg', 'gif', 'webp'].includes(ext))
    return 'image';
  if (ext === 'json' || file.type === 'application/json') return 'json';
  if (['csv', 'tsv', 'txt'].includes(ext) || file.type.startsWith('text/')) return 'csv';
  return null;
}

/** The image's MIME type (from the name when the browser gives none). */
function imageType(file: File): string {
  if (file.type) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext === 'svg' ? 'image/svg+xml' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
}

/** Reads, checks and applies one file; resolves when done (or refused). */
export async function importFile(file: File, engine: Engine | null): Promise<void> {
  const name = file.name;
  const kind = kindOf(file);
  if (!kind) return refuse(name, { key: 'ioFileType' });
  if (kind === 'image') return openImage(file);
  // Model files may be large; points files are read only up to their own limit.
  const text = kind === 'csv' && file.size > MAX_POINTS_FILE_BYTES ? '' : await file.text();
  if (kind === 'json' && isModelLike(text)) return importModel(text, file.size, name, engine);
  const r = readPointsText(text, file.size);
  if (!r.ok) return refuse(name, r.error);
  setDrawn(r.points, true, r.labels);
  say(IMPORT_PLACE, {
    kind: 'ok',
    text: { key: 'ioImported', params: { n: r.points.length / 2, name } },
    name,
    note: r.notice,
  });
}

/** A JSON object with a `format` key is meant as a model file (and checked as one). */
function isModelLike(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && 'format' in json && !Array.isArray(json);
  } catch {
    return false;
  }
}

async function importModel(text: string, bytes: number, name: string, engine: Engine | null) {
  const r = readModelText(text, appStore.getState().settings, bytes);
  if (!r.ok) return refuse(name, r.error);
  if (!engine) return refuse(name, { key: 'ioModelBroken', params: { detail: 'not ready' } });
  try {
    const step = await engine.loadModel(r.file, r.settings);
    say(IMPORT_PLACE, { kind: 'ok', text: { key: 'ioModelLoaded', params: { name, step } }, name });
  } catch (e) {
    refuse(name, { key: 'ioModelBroken', params: { detail: (e as Error).message } });
  }
}

async function openImage(file: File): Promise<void> {
  const problem = imageFileProblem(file.size, imageType(file));
  if (problem && !problem.ok) return refuse(file.name, problem.error);
  try {
    const pixels = await decodeImage(file);
    ioStore.setState({ draft: { name: file.name, pixels } });
    say(IMPORT_PLACE, null);
  } catch {
    refuse(file.name, { key: 'ioImageDecode' });
  }
}
