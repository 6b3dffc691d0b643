/**
 * Test-only: a fake worker client that records every request and answers as the worker would,
 * without training anything, and a fake worker link that boots and restarts it.
 */
import { SOLVERS } from '../../flow/solvers';
import type { Points, SolverId } from '../../flow/types';
import type {
  NfePoint,
  SampleReply,
  SampleRequest,
  TrainerSetup,
  TrainingStats,
} from '../../worker/protocol';
import type { CompareClient } from './readings';
import type { CompareLink } from './trainerSet';

export type Call = { type: string; id?: string; args: unknown[] };

/** Records every request; answers like the worker would, without training anything. */
export class FakeClient implements CompareClient {
  readonly calls: Call[] = [];
  private readonly statsListeners = new Set<(s: TrainingStats) => void>();

  private record(type: string, id: string | undefined, ...args: unknown[]) {
    this.calls.push({ type, id, args });
  }
  of(type: string): Call[] {
    return this.calls.filter((c) => c.type === type);
  }
  configure(id: string, setup: TrainerSetup) {
    this.record('configure', id, setup);
    return Promise.resolve({ step: 0 });
  }
  start(ids: string[]) {
    this.record('start', undefined, ids);
    return Promise.resolve(null);
  }
  pause() {
    this.record('pause', undefined);
    return Promise.resolve(null);
  }
  reset(id: string) {
    this.record('reset', id);
    return Promise.resolve({ step: 0 });
  }
  importModel(id: string, file: unknown) {
    this.record('importModel', id, file);
    return Promise.resolve({ step: 3000 });
  }
  /** Whether the fake flow is a half circle from x0 to the origin instead of a straight line. */
  curved = false;
  /** A path from x0 to the origin (straight, or a half circle), recorded over steps + 1 frames. */
  sample(id: string, req: SampleRequest): Promise<SampleReply> {
    this.record('sample', id, req);
    const n = req.x0.length / 2;
    const frames = req.steps + 1;
    const trajectory = new Float32Array(2 * n * frames);
    for (let k = 0; k < frames; k++) {
      const s = k / req.steps;
      // Half circle on the diameter [x0, 0]: x0/2 + (x0/2) rotated by πs.
      const [c, sn] = this.curved ? [Math.cos(Math.PI * s), Math.sin(Math.PI * s)] : [1, 0];
      for (let i = 0; i < n; i++) {
        const [a, b] = [req.x0[2 * i]!, req.x0[2 * i + 1]!];
        const [x, y] = this.curved
          ? [a / 2 + (a * c - b * sn) / 2, b / 2 + (a * sn + b * c) / 2]
          : [a * (1 - s), b * (1 - s)];
        trajectory[2 * n * k + 2 * i] = x;
        trajectory[2 * n * k + 2 * i + 1] = y;
      }
    }
    return Promise.resolve({ trajectory, frames, n, nfe: req.steps, nfePer: null, step: 10 });
  }
  lossByTime(id: string, bins: number) {
    this.record('lossByTime', id, bins);
    return Promise.resolve(new Float32Array(bins).fill(1));
  }
  nfeSweep(id: string, x0: Points, solvers: SolverId[], nfes: number[], reference: Points) {
    this.record('nfeSweep', id, x0, solvers, nfes, reference);
    const points: NfePoint[] = [];
    for (const solver of solvers) {
      const stages = SOLVERS[solver].b.length;
      for (const nfe of nfes.filter((v) => v % stages === 0)) {
        points.push({ solver, nfe, steps: nfe / stages, slicedW2: 1 / nfe });
      }
    }
    return Promise.resolve(points);
  }
  onStats(l: (s: TrainingStats) => void) {
    this.statsListeners.add(l);
    return () => this.statsListeners.delete(l);
  }
  onError() {
    return () => undefined;
  }
  emit(s: TrainingStats) {
    this.statsListeners.forEach((l) => l(s));
  }
}

export class FakeLink implements CompareLink {
  client: FakeClient | null = null;
  private readonly restarts = new Set<() => void>();
  private readonly attachers: ((c: CompareClient) => (() => void)[])[] = [];
  boot() {
    if (!this.client) {
      this.client = new FakeClient();
      this.attachers.forEach((a) => a(this.client!));
    }
    return Promise.resolve();
  }
  attach(a: (c: CompareClient) => (() => void)[]) {
    this.attachers.push(a);
    if (this.client) a(this.client);
    return () => undefined;
  }
  onRestart(l: () => void) {
    this.restarts.add(l);
    return () => this.restarts.delete(l);
  }
  restart() {
    this.client = new FakeClient();
    this.attachers.forEach((a) => a(this.client!));
    this.restarts.forEach((l) => l());
  }
}
