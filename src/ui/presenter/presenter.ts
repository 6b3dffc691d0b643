/**
 * Presenter mode: large type and high contrast for a projector, only the controls a scene
 * needs, full screen where the page may have it. A class on <html> (`presenting`) switches the
 * styles (presenter.css), so every page and layout scales from one root font size. Full screen
 * is asked for, never required: in a frame without `allow="fullscreen"` the request is refused
 * and presenter mode simply stays in the window. Leaving full screen (the browser's own Esc)
 * leaves presenter mode too.
 */
import { createStore } from '../../state/store';

export interface PresenterState {
  presenting: boolean;
  /** The keyboard shortcuts dialog is open. */
  keys: boolean;
  /** The screen is blanked (B or . in presenter mode, as in slide software). */
  blank: boolean;
}

export const presenterStore = createStore<PresenterState>({
  presenting: false,
  keys: false,
  blank: false,
});

/** Whether presenter mode itself took the page to full screen (so leaving it goes back). */
let ownFullscreen = false;

function fullscreenAllowed(): boolean {
  return typeof document !== 'undefined' && document.fullscreenEnabled === true;
}

export function setPresenting(on: boolean): void {
  if (presenterStore.getState().presenting === on) return;
  presenterStore.setState({ presenting: on, blank: false });
  document.documentElement.classList.toggle('presenting', on);
  if (on && fullscreenAllowed() && !document.fullscreenElement) {
    ownFullscreen = true;
    document.documentElement.requestFullscreen().catch(() => {
      // Refused (no user gesture, or a frame that may not): large type in the window.
      ownFullscreen = false;
    });
  }
  if (!on && ownFullscreen) {
    ownFullscreen = false;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
  }
}

export const togglePresenting = (): void => setPresenting(!presenterStore.getState().presenting);

/** Follows the browser leaving full screen (its own Esc); returns the unsubscribe. */
export function followFullscreen(): () => void {
  if (typeof document === 'undefined') return () => undefined;
  const onChange = () => {
    if (!document.fullscreenElement && ownFullscreen) {
      ownFullscreen = false;
      setPresenting(false);
    }
  };
  document.addEventListener('fullscreenchange', onChange);
  return () => document.removeEventListener('fullscreenchange', onChange);
}
