/**
 * The page's keyboard shortcuts (listed in the keys dialog and the README): Space play/pause,
 * ← → scrub time, T train/pause, R reset, PageDown/PageUp next/previous scene, F presenter
 * mode, Esc leave it, ? the list. In presenter mode B or . blank the screen and F5 (a
 * clicker's "start slideshow") enters presenter mode instead of reloading. Keys never act
 * while the focus is in a text field or a select, arrows never while a control uses them
 * (sliders, tabs), Space never on a button (Space presses it).
 */
import { appStore } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import type { CompareController } from '../compare/controller';
import { pickLayout } from '../layouts';
import { stepScene } from '../lesson/nav';
import type { Engine } from '../scene/engine';
import {
  closeSlowMotion,
  LAST_STAGE,
  nextStage,
  previousStage,
  slowMoStore,
} from '../slowmo/slowMotion';
import { presenterStore, setPresenting, togglePresenting } from './presenter';

/** How far ← and → move t (Shift: a fine step). */
const SCRUB = 0.05;
const SCRUB_FINE = 0.01;

function isTextField(el: HTMLElement | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  return tag === 'INPUT' && !['range', 'checkbox', 'radio'].includes((el as HTMLInputElement).type);
}

/** A control that uses the arrow keys itself. */
function usesArrows(el: HTMLElement | null): boolean {
  if (!el) return false;
  return el.tagName === 'INPUT' || Boolean(el.closest('[role="tablist"], [role="radiogroup"]'));
}

/** A control that Space presses or ticks (a button, a checkbox); a slider is not one. */
function presses(el: HTMLElement | null): boolean {
  if (!el) return false;
  return (
    el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && (el as HTMLInputElement).type !== 'range')
  );
}

export function installKeys(engine: Engine, compare: CompareController): () => void {
  const onCompare = () => pickLayout(appStore.getState().settings).engine === 'compare';
  const bare = () => pickLayout(appStore.getState().settings).bare === true;
  const clock = () => (onCompare() ? compare.views.clock : engine.clock);
  const setPlaying = (fn: (on: boolean) => boolean) => {
    if (onCompare()) compareStore.setState((s) => ({ playing: fn(s.playing) }));
    else appStore.setState((s) => ({ playing: fn(s.playing) }));
  };
  const training = () => {
    const status = onCompare() ? compareStore.getState().status : appStore.getState().run.status;
    return status === 'training' || status === 'starting';
  };
  const actions: Record<string, (e: KeyboardEvent) => void> = {
    ' ': () => setPlaying((on) => !on),
    ArrowLeft: (e) => scrub(e.shiftKey ? -SCRUB_FINE : -SCRUB),
    ArrowRight: (e) => scrub(e.shiftKey ? SCRUB_FINE : SCRUB),
    r: () => void (onCompare() ? compare.reset() : engine.reset()),
    f: togglePresenting,
    t: () => {
      if (onCompare()) void (training() ? compare.pause() : compare.train());
      else void (training() ? engine.pause() : engine.train());
    },
    '?': () => presenterStore.setState((s) => ({ keys: !s.keys })),
    Escape: () => setPresenting(false),
  };
  /**
   * While a slow-motion step is shown, PageDown/PageUp walk its stages first: PageDown on the
   * last stage moves on to the next scene (outside a lesson it is the panel's Done), PageUp on
   * the first goes back a scene. True when the key was used here.
   */
  const slowStepKey = (delta: 1 | -1): boolean => {
    const { status, stage } = slowMoStore.getState();
    if (status !== 'showing' || onCompare()) return false;
    if (delta > 0 && stage < LAST_STAGE) nextStage(engine);
    else if (delta < 0 && stage > 0) previousStage(engine);
    else if (delta > 0 && appStore.getState().settings.layout !== 'lesson')
      void closeSlowMotion(engine);
    else return false;
    return true;
  };
  const scrub = (dt: number) => {
    setPlaying(() => false);
    const c = clock();
    c.seek(c.t + dt);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const el = e.target as HTMLElement | null;
    const { presenting, keys, blank } = presenterStore.getState();
    if (blank) {
      // A blanked screen comes back on any key, which does nothing else.
      e.preventDefault();
      presenterStore.setState({ blank: false });
      return;
    }
    if (keys) {
      if (e.key === 'Escape' || e.key === '?') {
        e.preventDefault();
        presenterStore.setState({ keys: false });
      }
      return;
    }
    if (isTextField(el)) return;
    // Another dialog (the Embed dialog) owns the keyboard while it has the focus.
    if (el?.closest?.('[role="dialog"]')) return;
    if (e.key === 'PageDown' || e.key === 'PageUp') {
      if (slowStepKey(e.key === 'PageDown' ? 1 : -1) || stepScene(e.key === 'PageDown' ? 1 : -1))
        e.preventDefault();
      return;
    }
    if (presenting && (e.key === 'F5' || e.key === 'b' || e.key === 'B' || e.key === '.')) {
      e.preventDefault();
      if (e.key !== 'F5') presenterStore.setState({ blank: true });
      return;
    }
    if (e.key === 'F5' && appStore.getState().settings.layout === 'lesson') {
      e.preventDefault();
      setPresenting(true);
      return;
    }
    if (e.repeat && e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    if (e.key === ' ' && presses(el)) return;
    if (e.key.startsWith('Arrow') && usesArrows(el)) return;
    if (e.key === 'Escape' && !presenting) return;
    const name = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    // An embed has no header: presenter mode and its keys dialog are the full page's.
    if (bare() && (name === 'f' || name === '?')) return;
    const action = actions[name];
    if (!action) return;
    e.preventDefault();
    action(e);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
