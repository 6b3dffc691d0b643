/**
 * The comparison's canvases: a registry of its animated columns (one per scheduler, each
 * mountable alone on any clock), the host that draws the mounted ones on the page's clock,
 * and the static whole-trajectory pictures of the coupling section. It reads the scene and
 * the trajectories from the controller and keeps nothing of its own but the canvases.
 */
import { watchResize } from '../../render/canvas';
import type { Trajectory } from '../../render/trajectory';
import { ColumnCanvas, drawPaths } from './columnView';
import { Clock } from '../engine/clock';
import { ViewHost, type ViewRegistry } from '../engine/viewHost';
import { insetHalf, type CompareScene } from './compareScene';
import { pathSigmaOf, VIEW_COLUMN_IDS, type CompareId, type ViewColumnId } from './compareSetup';

/** What the views read from the controller. */
export interface ViewSource {
  scene(): CompareScene;
  trajectory(id: CompareId): Trajectory | null;
  playing(): boolean;
}

const DRAW_HISTORY = 240;

/** The comparison's animated views by id: one column per scheduler, and OT with σ. */
export function columnViews(source: ViewSource): ViewRegistry<ViewColumnId> {
  const column = (id: ViewColumnId) => (canvas: HTMLCanvasElement) => {
    const view = new ColumnCanvas(canvas);
    return {
      draw: (t: number) => {
        const sc = source.scene();
        view.draw(
          {
            scheduler: sc.schedulers[id],
            target: sc.target,
            particles: sc.particles,
            source: sc.sources[id],
            traj: source.trajectory(id),
            pair: sc.pair,
            pairPath: sc.pairPaths[id],
            insetHalf: insetHalf(sc.schedulers[id]),
            pathSigma: pathSigmaOf(id),
          },
          t,
        );
      },
      resize: () => view.resize(),
    };
  };
  return Object.fromEntries(
    VIEW_COLUMN_IDS.map((id) => [id, column(id)]),
  ) as ViewRegistry<ViewColumnId>;
}

export class CompareViews {
  /** The columns' time (speed 1, looping); compareStore's `playing` drives it. */
  readonly clock: Clock;
  /** The mounted columns, drawn on the clock. */
  readonly host: ViewHost<ViewColumnId>;
  private readonly pathCanvases = new Map<CompareId, HTMLCanvasElement>();
  private active = false;

  constructor(private readonly source: ViewSource) {
    this.clock = new Clock({ playing: source.playing() });
    this.clock.setEnabled(false);
    this.host = new ViewHost(this.clock, columnViews(source), DRAW_HISTORY);
  }

  /** Frames in which each column was drawn (the test hook reads them). */
  get drawn(): Record<ViewColumnId, number> {
    return this.host.drawn;
  }

  /** Draw time of the recent frames (ms), for the benchmark and the test hook. */
  get drawMs() {
    return this.host.drawMs;
  }

  /** Shown (animate, draw the pictures) or hidden. */
  setActive(on: boolean): void {
    this.active = on;
    this.clock.setEnabled(on);
    if (on) this.redrawAll();
  }

  attachColumn(id: ViewColumnId, canvas: HTMLCanvasElement): () => void {
    return this.host.mount(id, canvas);
  }

  /** A static picture of the whole learned trajectories of trainer `id` (coupling section). */
  attachPaths(id: CompareId, canvas: HTMLCanvasElement): () => void {
    this.pathCanvases.set(id, canvas);
    const unwatch = watchResize(canvas, () => this.drawPathsOf(id));
    return () => {
      unwatch();
      if (this.pathCanvases.get(id) === canvas) this.pathCanvases.delete(id);
    };
  }

  /** Trainer `id` has new trajectories. */
  trajectoryChanged(id: CompareId): void {
    this.drawPathsOf(id);
    this.clock.invalidate();
  }

  redrawAll(): void {
    for (const id of this.pathCanvases.keys()) this.drawPathsOf(id);
    this.clock.invalidate();
  }

  private drawPathsOf(id: CompareId): void {
    const canvas = this.pathCanvases.get(id);
    if (!canvas || !this.active) return;
    const { target, particles } = this.source.scene();
    drawPaths(canvas, target, particles, this.source.trajectory(id));
  }

  dispose(): void {
    this.host.dispose();
    this.clock.dispose();
  }
}
