/**
 * The imperative engine behind the React shell: one clock, the scene data, the two canvas
 * views, the training session and the read-only test hook. Its lifetime is one useEffect in
 * App. Settings reach it through a store subscription; positions never touch React.
 */
import { appStore } from '../../state/appStore';
import type { Settings } from '../../state/settings';
import { Clock } from '../engine/clock';
import { scaledSource } from '../../render/particles';
import {
  classesOf,
  exactFieldOf,
  GRID,
  launchPaths,
  learnedFieldSample,
  pathLinesOf,
  pathNoiseOf,
  particlesOf,
  sceneOf,
  schedulerOf,
} from './sceneData';
import { Session } from './session';
import { WorkerLink } from '../engine/workerLink';
import { isConditional, targetPoints } from '../../state/target';
import { installTestHook } from './testHook';
import type { Trajectory } from '../../render/trajectory';
import { ViewHost } from '../engine/viewHost';
import { playgroundViews, renderView, type PlaygroundViewId, type SceneData } from './views';

export type ViewKind = PlaygroundViewId;
const SETTINGS_DEBOUNCE_MS = 200;

export class Engine {
  /** The views' time; Play/Pause, speed and loop in the store drive it, and it reports back. */
  readonly clock: Clock;
  /** The page's training worker, shared with any later panel (e.g. scheduler comparison). */
  readonly link = new WorkerLink();
  readonly session: Session;
  readonly scene: SceneData;
  /** The mounted views (any of the registry, alone or together), drawn on the clock. */
  readonly views: ViewHost<ViewKind>;
  private readonly cleanups: (() => void)[] = [];
  private pendingPrev: Settings | null = null;
  private settingsTimer: ReturnType<typeof setTimeout> | undefined;
  private particlesStale = false;
  private fieldBusy = false;
  private fieldT = -1;
  private clicks = 0;

  constructor() {
    const { settings: s, playing } = appStore.getState();
    this.clock = new Clock({ playing, speed: s.speed, loop: s.loop });
    this.scene = sceneOf(s);
    this.session = new Session(this.link, {
      source: () => scaledSource(this.scene.particles.x0, this.scene.scheduler.sourceScale),
      onTrajectory: (traj) => this.setLearned(traj),
    });
    this.views = new ViewHost(
      this.clock,
      playgroundViews(() => this.scene),
    );
    this.cleanups.push(
      this.clock.onFrame((t) => this.frame(t)),
      this.clock.onPlaying((on) => {
        if (appStore.getState().playing !== on) appStore.setState({ playing: on });
      }),
      appStore.subscribe((st, prev) => {
        if (st.playing !== prev.playing) {
          if (st.playing) this.clock.play();
          else this.clock.pause();
        }
        if (st.settings.speed !== prev.settings.speed) this.clock.setSpeed(st.settings.speed);
        if (st.settings.loop !== prev.settings.loop) this.clock.setLoop(st.settings.loop);
        if (st.settings !== prev.settings) this.settingsChanged(st.settings, prev.settings);
      }),
      installTestHook(this),
    );
    void this.openLink(location.hash, true);
  }

  /**
   * A link with a trained network in it (`m=`) loads that network (ui/io/linkModelLoad.ts,
   * fetched only then); on first paint a link without one, or with malformed weights, shows
   * the pretrained network as usual.
   */
  async openLink(hash: string, firstPaint = false): Promise<void> {
    const carries = /[#&]m=/.test(hash);
    const opened = carries && (await import('../io/linkModelLoad')).openLinkModel(this, hash);
    if (!opened && firstPaint) await this.session.showPretrained();
  }

  /**
   * Loads a checked model file with the settings it implies (io/modelFile.ts) in one step,
   * then plays its flow from t = 0. Rejects, changing nothing, when the worker refuses it.
   */
  async loadModel(file: unknown, settings: Settings): Promise<number> {
    const step = await this.session.loadModel(file, settings);
    this.clock.seek(0);
    appStore.setState({ playing: true });
    return step;
  }

  /**
   * Frame renderer of view `kind` for exports, fixed at the scene of this moment (a refresh
   * during encoding does not mix two networks into one animation).
   */
  frames(kind: ViewKind, cssWidth: number, cssHeight: number, scale: number) {
    const scene: SceneData = { ...this.scene, launch: null };
    const canvas = document.createElement('canvas');
    return (t: number) => renderView(kind, scene, cssWidth, cssHeight, scale, t, canvas);
  }

  /** Mounts view `kind` on a canvas; returns the unmount. */
  attachView(kind: ViewKind, canvas: HTMLCanvasElement): () => void {
    return this.views.mount(kind, canvas);
  }

  train = (): Promise<void> => this.session.train();
  pause = (): Promise<void> => this.session.pause();
  step = (): Promise<void> => this.session.step();
  reflow = (): Promise<void> => this.session.reflow();
  /** One real training step with everything about it (ui/slowmo/ shows it stage by stage). */
  slowStep = () => this.session.slowStep();
  reset = (): Promise<void> => {
    this.scene.launch = null;
    return this.session.reset();
  };

  /** Launches one particle from a canvas pixel of the learned view (CSS pixels). */
  async launchAt(cssX: number, cssY: number): Promise<void> {
    const x0 = this.views.get('learned')?.toWorld?.(cssX, cssY);
    if (x0) await this.launchFrom(x0);
  }

  /** Highlights pair `index` (its conditional path) in the conditional view; null: none. */
  highlightPair(index: number | null): void {
    this.scene.pair = index;
    this.clock.invalidate();
  }

  /** Launches one particle from a point in data coordinates (null: removes the launched one). */
  async launchFrom(x0: [number, number] | null): Promise<void> {
    if (!x0) {
      this.scene.launch = null;
      this.clock.invalidate();
      return;
    }
    const { scheduler, target } = this.scene;
    const launch = {
      x0,
      path: null,
      conditional: launchPaths(scheduler, x0, target, this.clicks++),
    };
    this.scene.launch = launch;
    this.clock.invalidate();
    const path = await this.session.sampleOne(x0).catch(() => null);
    if (this.scene.launch === launch && path) {
      this.scene.launch = { ...launch, path };
      this.clock.invalidate();
    }
  }

  private setLearned(traj: Trajectory | null): void {
    this.scene.learned = traj;
    this.fieldT = -1;
    if (!traj) {
      this.scene.launch = null;
      this.scene.learnedField = null;
    }
    this.clock.invalidate();
  }

  private settingsChanged(s: Settings, prev: Settings): void {
    const sc = this.scene;
    const targetChanged =
      s.target !== prev.target || s.drawn !== prev.drawn || s.seed !== prev.seed;
    const pathChanged =
      s.scheduler !== prev.scheduler || s.schedulerParams !== prev.schedulerParams;
    if (targetChanged) sc.target = targetPoints(s);
    if (pathChanged) sc.scheduler = schedulerOf(s);
    const pairsChanged =
      s.particles !== prev.particles ||
      s.coupling !== prev.coupling ||
      (s.coupling === 'ot' && isConditional(s) !== isConditional(prev));
    // OT pairing costs a few hundred ms for many particles: while drawing, pair once per pause.
    const drawing = s.drawn !== prev.drawn && s.coupling === 'ot';
    if (targetChanged || pathChanged || pairsChanged) {
      if (drawing) this.particlesStale = true;
      else this.rebuildParticles(s, targetChanged || pairsChanged);
    }
    sc.overlays = s.overlays;
    const classesChanged =
      s.conditional !== prev.conditional ||
      s.sampleClass !== prev.sampleClass ||
      s.drawnLabels !== prev.drawnLabels;
    if (classesChanged && !(targetChanged || pathChanged || pairsChanged)) {
      sc.classes = classesOf(s, sc.particles);
    }
    if (s.pathSigma !== prev.pathSigma) {
      sc.pathSigma = s.pathSigma;
      sc.pathNoise = pathNoiseOf(s, sc.particles.n);
      sc.exactField = exactFieldOf(sc.scheduler, sc.target, s.pathSigma);
    }
    this.fieldT = -1;
    this.clock.invalidate();
    // Drawing changes the target on every pointer move: tell the worker once per pause.
    this.pendingPrev ??= prev;
    clearTimeout(this.settingsTimer);
    this.settingsTimer = setTimeout(() => {
      const first = this.pendingPrev ?? prev;
      this.pendingPrev = null;
      const now = appStore.getState().settings;
      if (this.particlesStale) this.rebuildParticles(now, true);
      void this.session.settingsChanged(now, first);
    }, SETTINGS_DEBOUNCE_MS);
  }

  private rebuildParticles(s: Settings, pairs: boolean): void {
    const sc = this.scene;
    this.particlesStale = false;
    if (pairs) sc.particles = particlesOf(s, sc.target);
    sc.classes = classesOf(s, sc.particles);
    sc.pathNoise = pathNoiseOf(s, sc.particles.n);
    sc.pathLines = pathLinesOf(sc.scheduler, sc.particles);
    sc.exactField = exactFieldOf(sc.scheduler, sc.target, s.pathSigma);
    sc.launch = null;
    this.clock.invalidate();
  }

  private frame(t: number): void {
    if (this.scene.overlays.learnedField) this.requestField(t);
  }

  /** Asks the worker for the learned field at t: one request in flight, latest t wins. */
  private requestField(t: number): void {
    if (this.fieldBusy || !this.scene.learned || Math.abs(t - this.fieldT) < 0.005) return;
    this.fieldBusy = true;
    this.fieldT = t;
    this.session
      .field(GRID, t)
      .then((v) => {
        if (v && this.scene.learned) this.scene.learnedField = learnedFieldSample(v);
      })
      .catch(() => undefined)
      .finally(() => {
        this.fieldBusy = false;
        this.clock.invalidate();
      });
  }

  dispose(): void {
    clearTimeout(this.settingsTimer);
    this.cleanups.forEach((c) => c());
    this.views.dispose();
    this.clock.dispose();
    this.session.dispose();
    this.link.dispose();
  }
}
