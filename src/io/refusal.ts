/**
 * What an import says back: either the result, or a refusal as a catalogue key with its
 * values (so the page words it in English or Chinese). Plain TypeScript, no DOM.
 */
import type { MessageKey } from '../i18n/en';

export type Params = Record<string, string | number>;

/** A message from the catalogues, by key, with its parameters. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: Message };

export const refuse = (key: MessageKey, params?: Params): { ok: false; error: Message } => ({
  ok: false,
  error: params ? { key, params } : { key },
});

/** Longest piece of a file a message quotes; control and direction characters escaped. */
export function quote(text: string, max = 24): string {
  const chars = Array.from(text);
  const cut = chars
    .slice(0, max)
    .join('')
    .replace(
      // eslint-disable-next-line no-control-regex -- control characters are what it escapes
      /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  return `“${cut}${chars.length > max ? '…' : ''}”`;
}

/** Bytes as a short size for messages: 1.5 MB, 800 KB. */
export function sizeText(bytes: number): string {
  if (bytes >= 1e6) return `${Number((bytes / 1e6).toPrecision(3))} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}
