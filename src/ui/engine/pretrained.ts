/**
 * Fetches a shipped pretrained model file (public/pretrained/, `npm run pretrained`). The page
 * only fetches; the worker validates and loads it through the model layer (importModel →
 * model/weights.ts parseModelFile), exactly like a file a user opens.
 */
import { PRETRAINED_DIR } from '../../state/pretrained';

/** A download started before the page rendered (`prefetchPretrained`), taken once. */
let early: { file: string; body: Promise<unknown> } | null = null;

async function load(file: string): Promise<unknown> {
  try {
    const res = await fetch(new URL(PRETRAINED_DIR + file, document.baseURI));
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** Starts downloading `file` now (at page start); the next `fetchPretrained(file)` gets it. */
export function prefetchPretrained(file: string): void {
  early = { file, body: load(file) };
}

/** The parsed JSON of `file`, or null when it cannot be fetched (then the view waits for Train). */
export function fetchPretrained(file: string): Promise<unknown> {
  if (early?.file === file) {
    const { body } = early;
    early = null;
    return body;
  }
  return load(file);
}
