/**
 * What import and export show: the last message (a result or a refusal, with the file's
 * name), the progress of an animation being encoded, and an image waiting in its preview.
 * One writer per action (ui/io/*), read by the panels.
 */
import type { Pixels } from '../../io/image';
import type { Message } from '../../io/refusal';
import { createStore } from '../../state/store';

export interface IoMessage {
  kind: 'ok' | 'error' | 'info';
  /** The main line: a result, or the reason of a refusal (then worded with `name`). */
  text: Message;
  /** The file or export it is about. */
  name?: string;
  /** A second line (a rescaling notice). */
  note?: Message | null;
  /** An import that was refused: worded "<name> was not imported: …; nothing changed". */
  refused?: boolean;
}

export interface EncodeProgress {
  what: 'GIF' | 'WebM';
  /** The view being encoded (its menu shows the progress). */
  view: string;
  /** Frames done, of n. */
  i: number;
  n: number;
}

export interface ImageDraft {
  name: string;
  pixels: Pixels;
}

export interface IoState {
  /** The last message of each place: the target panel (import), a view, the model export, … */
  messages: Readonly<Record<string, IoMessage>>;
  encoding: EncodeProgress | null;
  draft: ImageDraft | null;
}

/** Where import messages show (the target panel), and the link's network messages (top). */
export const IMPORT_PLACE = 'import';
export const LINK_PLACE = 'link';
/** What the file picker offers. */
export const IMPORT_ACCEPT =
  '.csv,.tsv,.txt,.json,text/csv,application/json,image/png,image/jpeg,image/svg+xml,image/gif,image/webp';

export const ioStore = createStore<IoState>({ messages: {}, encoding: null, draft: null });

/** Shows a message in `place` (replacing that place's last one; null clears it). */
export function say(place: string, message: IoMessage | null): void {
  const messages = { ...ioStore.getState().messages };
  if (message) messages[place] = message;
  else delete messages[place];
  ioStore.setState({ messages });
}
