/**
 * The one training worker of the page, shared by every session (the playground's 'main'
 * trainer now; the scheduler comparison's 'ot', 'vp', 've' trainers later — the worker trains
 * ids round-robin). It starts the tfjs backend the settings ask for, reports which one and
 * why, and restarts the worker when the backend preference changes.
 */
import type { BackendPreference } from '../../model/backend';
import { patchRun } from '../../state/appStore';
import { TrainingClient } from '../../worker/client';

type Attach = (client: TrainingClient) => (() => void)[];

export class WorkerLink {
  private current: TrainingClient | null = null;
  private ready: Promise<void> | null = null;
  private pref: BackendPreference | null = null;
  private readonly attachers = new Set<Attach>();
  private detach: (() => void)[] = [];
  private readonly restartListeners = new Set<() => void>();

  get client(): TrainingClient | null {
    return this.current;
  }

  /** Subscribes to the client's events now and after every restart. */
  attach(attach: Attach): () => void {
    this.attachers.add(attach);
    if (this.current) this.detach.push(...attach(this.current));
    return () => this.attachers.delete(attach);
  }

  /** Called when the worker restarts: every trainer in it is gone. */
  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Starts (or, for a new backend preference, restarts) the worker; resolves when ready. */
  boot(pref: BackendPreference): Promise<void> {
    if (this.ready && this.pref === pref) return this.ready;
    const restarting = this.current !== null;
    this.dispose();
    this.pref = pref;
    let client: TrainingClient;
    try {
      client = new TrainingClient();
    } catch (e) {
      patchRun({ status: 'error', error: (e as Error).message });
      this.ready = Promise.resolve();
      return this.ready;
    }
    this.current = client;
    this.attachers.forEach((a) => this.detach.push(...a(client)));
    this.detach.push(
      client.onBackend((b) => patchRun({ backend: b.name, backendReason: b.reason })),
    );
    if (restarting) this.restartListeners.forEach((l) => l());
    patchRun({ backend: null, backendReason: null });
    this.ready = client.init(pref).then(
      (info) => patchRun({ backend: info.name, backendReason: info.reason }),
      (e: Error) => patchRun({ status: 'error', error: e.message }),
    );
    return this.ready;
  }

  dispose(): void {
    this.detach.splice(0).forEach((d) => d());
    this.current?.dispose();
    this.current = null;
    this.ready = null;
  }
}
