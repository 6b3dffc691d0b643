/**
 * Copying text to the clipboard, never silently: where the browser refuses (a sandboxed
 * frame without clipboard permission, a page on plain http, no Clipboard API at all) the
 * caller is told so and selects the text for a manual copy.
 */

/** 'copied', or 'refused' (the caller then shows and selects the text). */
export async function copyText(text: string): Promise<'copied' | 'refused'> {
  try {
    if (!navigator.clipboard?.writeText || !policyAllowsClipboard()) return 'refused';
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'refused';
  }
}

/** Focuses and selects the whole text of a field, for Ctrl+C. */
export function selectAll(el: HTMLInputElement | HTMLTextAreaElement | null): void {
  if (!el) return;
  el.focus();
  el.select();
}

/**
 * Whether the frame's permissions policy lets it write to the clipboard (Chromium says so
 * ahead; calling anyway there logs a policy violation). Unknown elsewhere: then we try.
 */
function policyAllowsClipboard(): boolean {
  const policy = (document as { featurePolicy?: { allowsFeature(f: string): boolean } })
    .featurePolicy;
  return policy ? policy.allowsFeature('clipboard-write') : true;
}
