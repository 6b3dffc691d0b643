/**
 * The comparison's canvases: the three animated columns (drawn every frame of its own clock),
 * the static whole-trajectory pictures of the coupling section, and the per-frame listeners
 * (time slider, readout). It reads the scene and the trajectories from the controller and
 * keeps nothing of its own but the canvases and the frame statistics.
 */
import { watchResize } from '../../render/canvas';
import type { Trajectory } from '../../render/trajectory';
import { DrawTimes } from '../engine/framePacer';
import { ColumnCanvas, drawPaths } from './columnView';
import { CompareClock } from './compareClock';
import { insetHalf, type CompareScene } from './compareScene';
import type { ColumnId, CompareId } from './compareSetup';

/** What the views read from the controller. */
export interface ViewSource {
  scene(): CompareScene;
  trajectory(id: CompareId): Trajectory | null;
  playing(): boolean;
}

const DRAW_HISTORY = 240;

export class CompareViews {
  readonly clock: CompareClock;
  /** Draw time of the recent frames (ms), for the benchmark and the test hook. */
  readonly drawMs = new DrawTimes(DRAW_HISTORY);
  readonly drawn: Record<ColumnId, number> = { ot: 0, vp: 0, ve: 0 };
  private readonly columns = new Map<ColumnId, ColumnCanvas>();
  private readonly pathCanvases = new Map<CompareId, HTMLCanvasElement>();
  private readonly tickers = new Set<(t: number) => void>();
  private active = false;

  constructor(private readonly source: ViewSource) {
    this.clock = new CompareClock(
      (t) => this.frame(t),
      () => source.playing(),
    );
  }

  /** Shown (animate, draw the pictures) or hidden. */
  setActive(on: boolean): void {
    this.active = on;
    this.clock.setEnabled(on);
    if (on) this.redrawAll();
  }

  attachColumn(id: ColumnId, canvas: HTMLCanvasElement): () => void {
    const view = new ColumnCanvas(canvas);
    this.columns.set(id, view);
    const unwatch = watchResize(canvas, () => {
      view.resize();
      this.clock.invalidate();
    });
    this.clock.invalidate();
    return () => {
      unwatch();
      if (this.columns.get(id) === view) this.columns.delete(id);
    };
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

  /** Called every frame with t (the time slider and its readout follow it imperatively). */
  onTick(listener: (t: number) => void): () => void {
    this.tickers.add(listener);
    return () => this.tickers.delete(listener);
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

  private frame(t: number): void {
    const started = performance.now();
    const sc = this.source.scene();
    for (const [id, view] of this.columns) {
      view.draw(
        {
          scheduler: sc.schedulers[id],
          target: sc.target,
          particles: sc.particles,
          source: sc.sources[id],
          traj: this.source.trajectory(id),
          pair: sc.pair,
          pairPath: sc.pairPaths[id],
          insetHalf: insetHalf(sc.schedulers[id]),
        },
        t,
      );
      this.drawn[id]++;
    }
    this.tickers.forEach((l) => l(t));
    this.drawMs.record(performance.now() - started);
  }

  dispose(): void {
    this.clock.dispose();
  }
}
