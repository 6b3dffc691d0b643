/**
 * Translation: `translate(lang, key, params)` and the `useT()` hook bound to the language in
 * the store. Both catalogues have exactly the same keys (checked by the compiler and a test).
 */
import { useCallback } from 'react';
import { appStore } from '../state/appStore';
import type { Language } from '../state/settings';
import { useStore } from '../state/store';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type { MessageKey };
export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, zh };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** The message with `{name}` parameters filled in. */
export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const text = CATALOGUES[lang][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] === undefined ? m : String(params[name]),
  );
}

const selectLanguage = (s: ReturnType<typeof appStore.getState>) => s.settings.language;

export function useLanguage(): Language {
  return useStore(appStore, selectLanguage);
}

/** `t(key, params)` in the current language; components re-render when it changes. */
export function useT(): Translate {
  const lang = useLanguage();
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}
