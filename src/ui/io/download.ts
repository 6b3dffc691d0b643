/**
 * Saving a file from the page. A sandboxed frame without `allow-downloads` drops downloads
 * without a word, so it is recognised first: a same-origin frame's `sandbox` attribute says
 * so outright; a frame on another origin, or with an opaque one (`window.origin === 'null'`,
 * a sandbox without `allow-same-origin`), cannot read its own flags, so the download is tried
 * and the page says that it may have been blocked.
 */
import { say } from './ioStore';

export type SaveResult = 'saved' | 'blocked' | 'maybe-blocked';

/** Whether this document may download: yes, no, or unknown (an opaque sandboxed frame). */
export function downloadsAllowed(): boolean | null {
  let framed: boolean;
  try {
    framed = window.self !== window.top;
  } catch {
    framed = true;
  }
  if (!framed) return true;
  let frame: Element | null = null;
  try {
    frame = window.frameElement;
  } catch {
    frame = null;
  }
  if (frame instanceof HTMLIFrameElement && frame.hasAttribute('sandbox')) {
    return frame.sandbox.contains('allow-downloads');
  }
  if (frame) return true;
  // A frame on another origin (opaque or not) cannot see its own sandbox flags.
  return null;
}

/** Saves `blob` as `name` through a temporary link; says when it cannot, never silently. */
export function saveBlob(blob: Blob, name: string): SaveResult {
  const allowed = downloadsAllowed();
  if (allowed === false) return 'blocked';
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } catch {
    return 'blocked';
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return allowed === null ? 'maybe-blocked' : 'saved';
}

/** `saveBlob`, then its message in `place` (ioStore). */
export function saveAndSay(blob: Blob, name: string, place: string): SaveResult {
  const r = saveBlob(blob, name);
  const key = r === 'saved' ? 'ioSaved' : r === 'blocked' ? 'ioDownloadBlocked' : 'ioDownloadMaybe';
  const kind = r === 'saved' ? 'ok' : r === 'blocked' ? 'error' : 'info';
  say(place, { kind, text: { key, params: { name } } });
  return r;
}
