/**
 * What a lesson is, as data: an id, a title in each language and its scenes. A scene is a
 * settings patch (applied over the experiment's defaults, so a scene link opens exactly as
 * walking there does), the views it shows (ids of `VIEWS`, ui/viewParts.tsx), the controls it
 * needs, and actions run in order when the scene opens. The captions (English and Chinese, with
 * KaTeX math `$…$`, `$$…$$`) are a second file, loaded when the lesson opens (`text`). The action kinds and what each does are in ui/lesson/actions.ts.
 */
import type { SchedulerId } from '../flow/types';
import type { Settings } from '../state/settings';
import type { ViewId } from '../ui/viewParts';

/** Text in both catalogue languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/**
 * The parameters of each action kind, by kind. An action is `{ kind, ...parameters }`; a new
 * kind is one entry here and its runner in ui/lesson/actions.ts (the compiler asks for it).
 */
export interface ActionParams {
  /**
   * Train the playground's network (from fresh weights with `fresh`) until the exact W2 of
   * the learned view's samples to the target is at most `w2`, or `steps` more steps were
   * taken, whichever comes first; then pause.
   */
  train: { steps: number; w2?: number; fresh?: boolean };
  /** Play the scene's clock from t = `from` to t = `to` and stop there. */
  play: { from: number; to: number };
  /** Launch one particle at a point of the learned view (data coordinates). */
  launch: { at: [number, number] };
  /** Highlight pair `index` (its conditional path and particle) in the flow views. */
  pair: { index: number };
  /**
   * Set the guidance scale w (classifier-free guidance of a conditional network) and wait
   * until the learned view shows the flow sampled with it.
   */
  guidance: { w: number };
  /** Switch the path (scheduler) while the scene is shown. */
  scheduler: { id: SchedulerId };
  /** Open the comparison's networks (shipped ones where they fit) and train them all. */
  compare: { train: boolean };
  /**
   * Take one real training step in slow motion (ui/slowmo/) and walk through its stages, one
   * every `stageMs` milliseconds (default 2500); it stays on its last stage until the scene is
   * left, which closes it.
   */
  slowStep: { stageMs?: number };
}

export type ActionKind = keyof ActionParams;
export type LessonAction = { [K in ActionKind]: { kind: K } & ActionParams[K] }[ActionKind];

/** The controls a scene shows besides scene navigation. */
export type SceneControl = 'time' | 'train' | 'guidance';

export interface Scene {
  /** Short and stable: part of test names, never of links (links use the scene's number). */
  id: string;
  title: Bilingual;
  /** Settings over the experiment defaults and the lesson's own `settings`. */
  settings?: Partial<Settings>;
  views: readonly ViewId[];
  /** Default: the time bar only. */
  controls?: readonly SceneControl[];
  actions?: readonly LessonAction[];
}

export interface Lesson {
  /** The link's `lesson=` value: lower-case letters, digits and '-'. */
  id: string;
  title: Bilingual;
  /** One line on the lessons list. */
  summary: Bilingual;
  /** Settings every scene starts from (a scene's own patch goes over them). */
  settings?: Partial<Settings>;
  scenes: readonly Scene[];
  /** The captions, by scene id: `() => import('./<lesson>.text')`. */
  text: () => Promise<{ default: LessonText }>;
}

/** Each scene's caption, by scene id. */
export type LessonText = Readonly<Record<string, Bilingual>>;
