/**
 * Views as parts: a registry maps a view id to a factory that turns a canvas into a view, and
 * a host mounts any of them by id, alone or with others, and draws every mounted view on each
 * frame of one clock. A layout (or a test) decides which ids it shows; nothing else changes.
 */
import { watchResize } from '../../render/canvas';
import type { Clock } from './clock';
import { DrawTimes } from './framePacer';

/** A view on a canvas: drawn at t every frame, told when its box changes size. */
export interface MountedView {
  draw(t: number): void;
  resize(): void;
  /** World coordinates of a CSS pixel of the canvas (views that take clicks). */
  toWorld?(cssX: number, cssY: number): [number, number];
}

/** How to make each view of a page from a canvas, by id. */
export type ViewRegistry<Id extends string> = Record<
  Id,
  (canvas: HTMLCanvasElement) => MountedView
>;

export class ViewHost<Id extends string> {
  /** Frames in which each view was drawn (the test hooks read them). */
  readonly drawn = {} as Record<Id, number>;
  /** Milliseconds each of the last frames took to draw, all views together. */
  readonly drawMs: DrawTimes;
  private readonly mounted = new Map<Id, MountedView>();
  private readonly stop: () => void;

  constructor(
    readonly clock: Clock,
    private readonly registry: ViewRegistry<Id>,
    drawHistory?: number,
  ) {
    this.drawMs = new DrawTimes(drawHistory);
    for (const id of Object.keys(registry) as Id[]) this.drawn[id] = 0;
    this.stop = clock.onFrame((t) => this.frame(t));
  }

  /** Mounts view `id` on `canvas` (replacing one mounted under that id); returns the unmount. */
  mount(id: Id, canvas: HTMLCanvasElement): () => void {
    const view = this.registry[id](canvas);
    this.mounted.set(id, view);
    const unwatch = watchResize(canvas, () => {
      view.resize();
      this.clock.invalidate();
    });
    this.clock.invalidate();
    return () => {
      unwatch();
      if (this.mounted.get(id) === view) this.mounted.delete(id);
    };
  }

  /** The view mounted under `id`, if any. */
  get(id: Id): MountedView | undefined {
    return this.mounted.get(id);
  }

  private frame(t: number): void {
    const started = performance.now();
    for (const [id, view] of this.mounted) {
      view.draw(t);
      this.drawn[id]++;
    }
    this.drawMs.record(performance.now() - started);
  }

  dispose(): void {
    this.stop();
    this.mounted.clear();
  }
}
