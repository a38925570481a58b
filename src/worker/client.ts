/**
 * The one owner of the search worker on the UI side: creates it, attaches its handlers once,
 * sends commands, forwards its messages, and restarts it from the run log after a crash or a
 * lost GPU device (tfjs-backend-webgpu 4.22 cannot recover a device itself; see E2E.md).
 * No DOM and no store: the app passes callbacks.
 */
import type { OneShotCheckpoint } from '../nas/oneshot/checkpoint';
import type { CompareSpec } from '../nas/compare';
import type { RunConfig } from '../nas/config';
import { message, type Message } from '../nas/message';
import type { RunEvent } from '../nas/runlog';
import type { FromWorker, ModelFormat, RunStatus, ToWorker } from './protocol';
import type { ComputePreference } from '../train/compute';
import { onUserDatasetsChange, userDatasets } from '../nas/userDatasets';

/** The part of `Worker` the client uses (a fake one in unit tests, so no DOM types here). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  terminate(): void;
  onmessage: ((ev: { data: FromWorker }) => unknown) | null;
  onerror: ((ev: { message: string; preventDefault(): void }) => unknown) | null;
  onmessageerror: (() => unknown) | null;
}

export interface SearchWorkerClientOptions {
  /** Receives every message of the current worker, in order. */
  onMessage(msg: FromWorker): void;
  /**
   * Called when a crashed worker is replaced, before it is initialised: the app drops the
   * unfinished proposal from its log (the new worker proposes it again).
   */
  onRestart(restarts: number, reason: Message | string): void;
  /** The run to restore into a new worker: its config and every finished event so far. */
  getRun(): { config: RunConfig; events: readonly RunEvent[] };
  /** Makes a worker (tests pass a fake). */
  createWorker?: () => WorkerLike;
  /** The machine's compute setting, sent to every new worker before its run (absent: auto). */
  compute?: () => ComputePreference;
  /**
   * Saves the run's log with `unshown` (every event the worker posted that the app has not been
   * given yet, oldest first) after what the app holds; resolves once saved (src/ui/runs.ts).
   * Given, the app is shown only saved events, so a reload finds at least what was on screen,
   * and the worker is paced: each 'events' message is answered with 'saved' once saved, and a
   * table run keeps at most PACED_WINDOW slices unanswered (src/worker/controller.ts).
   */
  saveAhead?: (unshown: readonly RunEvent[]) => Promise<void>;
}

/** A message waiting in the inbox, and whether the events it carries are saved. */
interface Inbound {
  msg: FromWorker;
  saved: Promise<void> | null;
  done: boolean;
}

/** What restoring a run in a new worker ended in (`tryOpen`). */
export type OpenOutcome = { ok: true } | { ok: false; problem: Message };

/** Restarts allowed within `RESTART_WINDOW_MS` before the client gives up (a crash loop). */
const MAX_RESTARTS_IN_WINDOW = 3;
const RESTART_WINDOW_MS = 60_000;

/**
 * GPU bytes that tfjs may hold before the worker is recycled. tfjs keeps freed GPU buffers in
 * a pool per size, so after hundreds of differently shaped networks the pool can grow although
 * every tensor was disposed; a fresh worker (restored from the run log) starts with none.
 */
export const RECYCLE_GPU_BYTES = 1024 ** 3;

/** What the worker was asked to do last; decides how a restarted worker resumes. */
type Intent = 'idle' | 'run' | 'step';

/**
 * The browser's Worker, typed by what the client uses, so this module also compiles for the
 * Node unit tests (no DOM lib there). Vite bundles the worker from the `new Worker(new URL())`.
 */
declare const Worker: new (url: URL, options: { type: 'module' }) => WorkerLike;

function createSearchWorker(): WorkerLike {
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
}

export class SearchWorkerClient {
  private worker: WorkerLike | null = null;
  /** Commands waiting for the worker's `ready`. */
  private queue: ToWorker[] = [];
  private ready = false;
  private intent: Intent = 'idle';
  private restartTimes: number[] = [];
  private waiters: { accept: (msg: FromWorker) => boolean; resolve: (msg: FromWorker) => void }[] = [];
  private restartCount = 0;
  /** One-shot runs: the latest epoch-boundary state the worker sent, for a restart to resume from. */
  private checkpoint: OneShotCheckpoint | null = null;
  private lastStatus: RunStatus = 'idle';
  /** The last memory report was over RECYCLE_GPU_BYTES: recycle after the next result. */
  private recycleDue = false;
  /** Messages of the current worker waiting for events before them to be saved (saveAhead). */
  private inbox: Inbound[] = [];
  /** The events of `inbox`, in order. */
  private unshown: RunEvent[] = [];
  /** The worker whose inbox is being drained, if any. */
  private draining: WorkerLike | null = null;

  constructor(private readonly options: SearchWorkerClientOptions) {
    // The worker's copy of the imported datasets follows an import or a deletion here.
    onUserDatasetsChange(() => this.worker?.postMessage({ type: 'datasets', datasets: userDatasets() }));
  }

  /** A new worker that knows the compute setting and the imported datasets before any run. */
  private newWorker(): WorkerLike {
    const worker = (this.options.createWorker ?? createSearchWorker)();
    const compute = this.options.compute?.();
    if (compute && compute !== 'auto') worker.postMessage({ type: 'compute', preference: compute });
    const datasets = userDatasets();
    if (datasets.length > 0) worker.postMessage({ type: 'datasets', datasets });
    return worker;
  }

  /** Times the worker was replaced after a crash. */
  get restarts(): number {
    return this.restartCount;
  }

  /** True once the current worker reported `ready`. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Starts a worker for a run (new when `events` is empty, restored otherwise). */
  init(
    config: RunConfig,
    events: readonly RunEvent[],
    resume: 'idle' | 'running' = 'idle',
    checkpoint?: OneShotCheckpoint,
  ): void {
    this.spawn();
    this.queue = [];
    this.intent = resume === 'running' ? 'run' : 'idle';
    this.checkpoint = checkpoint ?? null;
    this.post({
      type: 'init',
      config,
      events: [...events],
      resume,
      ...this.pacing(),
      ...(checkpoint ? { checkpoint } : {}),
    });
  }

  /**
   * Starts a new, empty run. An idle worker is re-initialised in place (it keeps its backend
   * and data); a busy one is replaced, so no message of the old run can arrive afterwards.
   */
  reset(config: RunConfig): void {
    if (this.worker && this.ready && this.lastStatus !== 'running' && this.intent === 'idle') {
      this.ready = false;
      this.queue = [];
      this.checkpoint = null;
      this.post({ type: 'init', config, events: [], resume: 'idle', ...this.pacing() });
      return;
    }
    this.init(config, [], 'idle');
  }

  /**
   * Restores a run in a new worker while the current one goes on (an imported log: the restore
   * is its replay check). `source` is the run, or the log's JSON text, which the new worker reads
   * itself (meanwhile the app reads it too). Once the new worker is ready, `adopt` runs (the app
   * shows the run) and the new worker replaces the current one, its messages so far delivered;
   * if it cannot restore the run (a log its config and seed do not propose) or crashes, or the
   * opening is cancelled, it is dropped and nothing else changes.
   */
  tryOpen(
    source: { text: string } | { config: RunConfig; events: readonly RunEvent[] },
    adopt: () => void,
  ): { outcome: Promise<OpenOutcome>; cancel(): void } {
    const candidate = this.newWorker();
    const held: FromWorker[] = [];
    let settle: (outcome: OpenOutcome) => void = () => {};
    const outcome = new Promise<OpenOutcome>((resolve) => (settle = resolve));
    const fail = (problem: Message) => {
      candidate.terminate();
      settle({ ok: false, problem });
    };
    candidate.onmessage = (ev) => {
      const msg = ev.data;
      if (msg.type === 'error') return fail(msg.message);
      held.push(msg);
      if (msg.type !== 'ready') return;
      adopt();
      this.worker?.terminate();
      this.attach(candidate);
      this.queue = [];
      this.intent = 'idle';
      for (const m of held) this.receive(m);
      settle({ ok: true });
    };
    candidate.onerror = (ev) => {
      ev.preventDefault();
      fail(ev.message ? message('runlog.replay', { reason: ev.message }) : message('worker.crashed'));
    };
    candidate.onmessageerror = () => fail(message('worker.unreadable'));
    candidate.postMessage(
      'text' in source
        ? { type: 'import', text: source.text, ...this.pacing() }
        : {
            type: 'init',
            config: source.config,
            events: [...source.events],
            resume: 'idle',
            ...this.pacing(),
          },
    );
    return {
      outcome,
      cancel: () => {
        if (this.worker !== candidate) fail(message('worker.crashed'));
      },
    };
  }

  /**
   * Restores the run in a fresh worker, which reads the compute setting again (the backend is
   * picked once per worker). Only a run that is not advancing (a model in flight would be lost):
   * false, and nothing done, otherwise.
   */
  respawn(): boolean {
    if (!this.worker || this.intent !== 'idle') return false;
    const { config, events } = this.options.getRun();
    this.init(config, events, 'idle', this.checkpoint ?? undefined);
    return true;
  }

  /** Runs until the schedule is exhausted or `pause`. */
  start(): void {
    this.intent = 'run';
    this.send({ type: 'start' });
  }

  /** Stops after the model being trained now. */
  pause(): void {
    const advancing = this.intent !== 'idle';
    this.intent = 'idle';
    if (!this.ready) {
      // Not started yet: forget the start instead of starting and stopping.
      const queued = this.queue.some((m) => m.type === 'start' || m.type === 'step');
      this.queue = this.queue.filter((m) => m.type !== 'start' && m.type !== 'step');
      // A worker restarted while running resumes by itself (its init says so): stop it once ready.
      if (advancing && !queued) this.queue.push({ type: 'pause' });
      return;
    }
    this.send({ type: 'pause' });
  }

  /** One proposal, then pause. */
  step(): void {
    this.intent = 'step';
    this.send({ type: 'step' });
  }

  /** Resolves with the next message of a worker that `accept` takes (restarts included). */
  /** Runs a comparison of strategies in this worker (after its 'init'). */
  compare(base: RunConfig, spec: CompareSpec): void {
    this.send({ type: 'compare', base, spec });
  }

  /** Stops the comparison after the model being evaluated now. */
  stopComparison(): void {
    this.send({ type: 'compare-stop' });
  }

  /** Trains `arch` of a run of `config` again and sends it back as tfjs model files. */
  exportModel(config: RunConfig, arch: string, weightsFile: string, format: ModelFormat = 'tfjs'): void {
    this.send({ type: 'export-model', config, arch, weightsFile, format });
  }

  waitFor(accept: (msg: FromWorker) => boolean): Promise<FromWorker> {
    return new Promise((resolve) => this.waiters.push({ accept, resolve }));
  }

  /** Resolves with the next status the worker reports that `accept` takes. */
  async nextStatus(accept: (status: RunStatus) => boolean = () => true): Promise<RunStatus> {
    const msg = await this.waitFor((m) => m.type === 'status' && accept(m.status));
    return (msg as Extract<FromWorker, { type: 'status' }>).status;
  }

  /** Ends the worker for good (the page is going away). */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = false;
    this.queue = [];
  }

  /** Test hook: kills the worker abruptly and recovers as after a real crash. */
  crashForTest(): void {
    this.worker?.terminate();
    this.recover('crash requested by the test API');
  }

  private spawn(): void {
    this.worker?.terminate();
    this.attach(this.newWorker());
  }

  /** Makes `worker` the current one, listening to it. */
  private attach(worker: WorkerLike): void {
    this.worker = worker;
    this.inbox = [];
    this.unshown = [];
    this.ready = false;
    this.lastStatus = 'idle';
    worker.onmessage = (ev) => {
      if (this.worker === worker) this.accept(worker, ev.data);
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      if (this.worker === worker) this.recover(ev.message || message('worker.crashed'));
    };
    worker.onmessageerror = () => {
      if (this.worker === worker) this.recover(message('worker.unreadable'));
    };
  }

  private receive(msg: FromWorker): void {
    if (msg.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      for (const m of queued) this.post(m);
    } else if (msg.type === 'status') {
      this.lastStatus = msg.status;
      // 'idle' follows an init, which may precede a queued start: it does not end an intent.
      if (msg.status === 'paused' || msg.status === 'done' || msg.status === 'error') this.intent = 'idle';
    }
    if (msg.type === 'checkpoint') this.checkpoint = msg.checkpoint;
    if (msg.type === 'memory') this.recycleDue = (msg.memory.gpuBytes ?? 0) > RECYCLE_GPU_BYTES;
    this.deliver(msg);
    if (msg.type === 'error' && msg.kind === 'device-lost') this.recover(msg.message);
    else if (msg.type === 'events' && this.recycleDue && msg.events.some((e) => e.type === 'result')) {
      // At a model boundary: the finished model is in the log, so nothing is lost.
      this.recycleDue = false;
      const mb = Math.round(RECYCLE_GPU_BYTES / 2 ** 20);
      this.recover(message('worker.recycled', { mb }), false);
    }
  }

  private pacing(): { paced?: true } {
    return this.options.saveAhead ? { paced: true } : {};
  }

  /**
   * A message of the current worker: to the app at once, or (saveAhead) in order behind the
   * events still being saved, events only once saved.
   */
  private accept(worker: WorkerLike, msg: FromWorker): void {
    const saveAhead = this.options.saveAhead;
    if (!saveAhead || (msg.type !== 'events' && this.inbox.length === 0)) {
      this.receive(msg);
      return;
    }
    const item: Inbound = { msg, saved: null, done: msg.type !== 'events' };
    if (msg.type === 'events') {
      this.unshown.push(...msg.events);
      item.saved = saveAhead(this.unshown)
        .catch(() => undefined)
        .then(() => {
          item.done = true;
        });
    }
    this.inbox.push(item);
    void this.drain(worker);
  }

  /**
   * Hands the saved head of the inbox to the app: the events messages saved by then as one
   * (one redraw for all), each answered with 'saved'; other messages in their order.
   */
  private async drain(worker: WorkerLike): Promise<void> {
    if (this.draining === worker) return;
    this.draining = worker;
    try {
      while (this.inbox.length > 0 && this.worker === worker) {
        const head = this.inbox[0]!;
        if (!head.done) await head.saved;
        if (this.worker !== worker) return;
        if (head.msg.type !== 'events') {
          this.inbox.shift();
          this.receive(head.msg);
          continue;
        }
        const events: RunEvent[] = [];
        let n = 0;
        for (; n < this.inbox.length; n++) {
          const item = this.inbox[n]!;
          if (item.msg.type !== 'events' || !item.done) break;
          events.push(...item.msg.events);
        }
        this.inbox.splice(0, n);
        this.unshown.splice(0, events.length);
        for (let i = 0; i < n; i++) worker.postMessage({ type: 'saved' });
        this.receive({ type: 'events', events });
      }
    } finally {
      if (this.draining === worker) this.draining = null;
    }
  }

  /** Hands a message to the app, then to whoever waits for it. */
  private deliver(msg: FromWorker): void {
    this.options.onMessage(msg);
    const done: typeof this.waiters = [];
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) (w.accept(msg) ? done : keep).push(w);
    this.waiters = keep;
    for (const w of done) w.resolve(msg);
  }

  private send(msg: ToWorker): void {
    if (this.ready) this.post(msg);
    else this.queue.push(msg);
  }

  private post(msg: ToWorker): void {
    if (!this.worker) throw new Error('The search worker is not running; call init() first');
    this.worker.postMessage(msg);
  }

  /**
   * Replaces a dead (or recycled) worker by a new one restored from the run log, resuming what
   * it was doing. Only crashes count towards the crash-loop limit.
   */
  private recover(reason: Message | string, crashed = true): void {
    if (!this.worker) return;
    const now = Date.now();
    if (crashed) this.restartTimes = [...this.restartTimes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (crashed && this.restartTimes.length > MAX_RESTARTS_IN_WINDOW) {
      this.terminate();
      this.deliver({
        type: 'error',
        kind: 'fatal',
        message: message('worker.crashedRepeatedly', { count: this.restartTimes.length, reason }),
      });
      this.deliver({ type: 'status', status: 'error' });
      return;
    }
    const intent = this.intent;
    const pending = this.queue.filter((m) => m.type !== 'init');
    this.restartCount++;
    this.options.onRestart(this.restartCount, reason);
    const { config, events } = this.options.getRun();
    // A one-shot run goes on from its last epoch boundary (the log is cut there on 'ready').
    const checkpoint = this.checkpoint ?? undefined;
    this.init(config, events, intent === 'run' ? 'running' : 'idle', checkpoint);
    // A step in flight is asked again; commands not yet delivered are kept.
    if (intent === 'step' && !pending.some((m) => m.type === 'step')) pending.push({ type: 'step' });
    for (const m of pending) this.send(m);
    if (intent === 'step') this.intent = 'step';
  }
}
