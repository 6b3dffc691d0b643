/**
 * Fetches a shipped pretrained model file (public/pretrained/, `npm run pretrained`). The page
 * only fetches; the worker validates and loads it through the model layer (importModel →
 * model/weights.ts parseModelFile), exactly like a file a user opens.
 */
import { PRETRAINED_DIR } from '../../state/pretrained';

/** The parsed JSON of `file`, or null when it cannot be fetched (then the view waits for Train). */
export async function fetchPretrained(file: string): Promise<unknown> {
  try {
    const res = await fetch(new URL(PRETRAINED_DIR + file, document.baseURI));
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}
