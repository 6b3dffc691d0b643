/**
 * The one training worker of the page, shared by every session (the playground's 'main'
 * trainer now; the scheduler comparison's 'ot', 'vp', 've' trainers later — the worker trains
 * ids round-robin). It starts the engine the settings ask for, reports which one and why, and
 * restarts the worker when the backend preference changes. On 'auto' the worker starts on the
 * fused kernel alone and measures the engines later: after the first frames of the first flow
 * (`chooseAfterFrames`), at the latest CHOICE_FALLBACK_MS after the start, or when training
 * begins; the reason on screen is then the measured one.
 */
import type { BackendPreference } from '../../model/backend';
import { patchRun } from '../../state/appStore';
import { TrainingClient } from '../../worker/client';
import type { InitInfo } from '../../worker/protocol';

type Attach = (client: TrainingClient) => (() => void)[];

/** The measured engine choice is made this long after a pending start at the latest. */
const CHOICE_FALLBACK_MS = 3000;

/** A worker started before the page rendered (`WorkerLink.prestart`), for the first boot. */
let early: { pref: BackendPreference; client: TrainingClient; init: Promise<InitInfo> } | null =
  null;

export class WorkerLink {
  private current: TrainingClient | null = null;
  private ready: Promise<void> | null = null;
  private pref: BackendPreference | null = null;
  private readonly attachers = new Set<Attach>();
  private detach: (() => void)[] = [];
  private readonly restartListeners = new Set<() => void>();
  /** The worker started on a first engine and the measured choice is not yet asked for. */
  private choiceDue = false;
  private choiceTimer: ReturnType<typeof setTimeout> | undefined;

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

  /**
   * Starts the worker and its engine at once, while the page's code is still setting up; the
   * first `boot` with the same preference takes it over. Where no worker can start, nothing
   * happens here: `boot` says why.
   */
  static prestart(pref: BackendPreference): void {
    early?.client.dispose();
    early = null;
    try {
      const client = new TrainingClient();
      const init = client.init(pref);
      init.catch(() => undefined); // boot reports it
      early = { pref, client, init };
    } catch {
      // boot() tries again and reports the error.
    }
  }

  /** Starts (or, for a new backend preference, restarts) the worker; resolves when ready. */
  boot(pref: BackendPreference): Promise<void> {
    if (this.ready && this.pref === pref) return this.ready;
    const restarting = this.current !== null;
    this.dispose();
    this.pref = pref;
    const started = early;
    early = null;
    if (started && started.pref !== pref) started.client.dispose();
    let client: TrainingClient;
    try {
      client = started?.pref === pref ? started.client : new TrainingClient();
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
    const init = started?.client === client ? started.init : client.init(pref);
    this.ready = init.then(
      (info) => {
        patchRun({ backend: info.name, backendReason: info.reason });
        if (!info.pending || client !== this.current) return;
        this.choiceDue = true;
        this.choiceTimer = setTimeout(() => this.chooseEngine(), CHOICE_FALLBACK_MS);
      },
      (e: Error) => patchRun({ status: 'error', error: e.message }),
    );
    return this.ready;
  }

  /** Asks the worker for the measured engine choice if it is still due (else nothing). */
  chooseEngine(): void {
    const client = this.current;
    if (!this.choiceDue || !client) return;
    this.choiceDue = false;
    clearTimeout(this.choiceTimer);
    client.chooseEngine().then(
      (info) => {
        if (client === this.current) patchRun({ backend: info.name, backendReason: info.reason });
      },
      (e: Error) => {
        if (client === this.current) patchRun({ status: 'error', error: e.message });
      },
    );
  }

  /** `chooseEngine` once the page has drawn two more frames (the first flow is on screen). */
  chooseAfterFrames(): void {
    if (!this.choiceDue) return;
    if (typeof requestAnimationFrame === 'undefined') return this.chooseEngine();
    requestAnimationFrame(() => requestAnimationFrame(() => this.chooseEngine()));
  }

  dispose(): void {
    this.choiceDue = false;
    clearTimeout(this.choiceTimer);
    this.detach.splice(0).forEach((d) => d());
    this.current?.dispose();
    this.current = null;
    this.ready = null;
  }
}
