/**
 * Links to and from an embed: the `<iframe>`'s address for an embed choice, and the full page
 * with the same state (the "Open full playground" link: the embed keys dropped, the embed's
 * page open).
 */
import { embedPage, type EmbedChoice } from './embed';
import type { Settings } from './settings';
import { encodeSettings } from './url';

/** This page's address without its hash (where an embed or a full-page link points). */
export function pageBase(): string {
  return typeof location === 'undefined' ? '' : location.href.replace(/#.*$/, '');
}

const withHash = (base: string, hash: string) => (hash ? `${base}#${hash}` : base);

/** The full page with these settings: the embed keys dropped, the embed's page open. */
export function fullPageLink(s: Settings, base = pageBase()): string {
  const layout = embedPage(s.embed) ?? s.layout;
  return withHash(base, encodeSettings({ ...s, embed: [], controls: [], autoplay: false, layout }));
}

/** An embed of these settings showing `choice` (the `<iframe>`'s src). */
export function embedLink(s: Settings, choice: EmbedChoice, base = pageBase()): string {
  const layout = embedPage(choice.views) ?? s.layout;
  return withHash(
    base,
    encodeSettings({
      ...s,
      layout,
      embed: [...choice.views],
      controls: [...choice.controls],
      autoplay: choice.autoplay,
    }),
  );
}
