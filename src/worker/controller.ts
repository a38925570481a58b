/**
 * The search worker's logic, apart from the worker globals so that it runs in Node tests: it
 * speaks src/worker/protocol.ts, owns one SearchRun and trains its proposals with tfjs.
 *
 * Message handling: 'pause' acts at once (the model being trained finishes first); 'init',
 * 'start' and 'step' are handled in arrival order. Training yields to the event loop between
 * batches, so a 'pause' is seen while a model trains.
 */
import type { RunConfig } from '../nas/config';
import type { RunEvent } from '../nas/runlog';
import { SearchRun, type Evaluate } from '../nas/search';
import type { TrainingTensors } from '../train/data';
import { trainArchitecture } from '../train/trainer';
import type { FromWorker, MemoryInfo, RunStatus, ToWorker } from './protocol';

/** The payload of the 'backend' message. */
export type BackendReport = Omit<Extract<FromWorker, { type: 'backend' }>, 'type'>;

/** What the controller needs from its environment (the worker, or a test). */
export interface WorkerDeps {
  post(message: FromWorker): void;
  /** Picks and initialises the tfjs backend; called once per worker. */
  selectBackend(): Promise<BackendReport>;
  /** Calls back once if the GPU device is lost. */
  watchDeviceLoss(onLost: (message: string) => void): void;
  /** Loads the config's dataset as tensors; throws a DataError on a broken or missing file. */
  loadData(config: RunConfig): Promise<TrainingTensors>;
  disposeData(data: TrainingTensors): void;
  memory(): MemoryInfo;
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class SearchWorkerController {
  private status: RunStatus = 'idle';
  private run: SearchRun | null = null;
  private config: RunConfig | null = null;
  private data: { key: string; tensors: TrainingTensors } | null = null;
  private backend: Promise<BackendReport> | null = null;
  private deviceLost = false;
  private pauseRequested = false;
  /** Steps the running loop may still take (1 after 'step', unbounded after 'start'). */
  private stepsLeft = 0;
  private loop: Promise<void> | null = null;
  /** Messages other than 'pause' run one after another on this chain. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WorkerDeps) {}

  /** Entry point for every message from the UI. */
  handle(message: ToWorker): Promise<void> {
    if (message.type === 'pause' || message.type === 'init') {
      if (this.loop) this.pauseRequested = true;
      else if (message.type === 'pause') this.post({ type: 'status', status: this.status });
      if (message.type === 'pause') return Promise.resolve();
    }
    this.queue = this.queue.then(() => this.process(message)).catch((err) => this.fail(err));
    return this.queue;
  }

  /** Resolves when the current training loop (if any) has stopped. */
  idle(): Promise<void> {
    return this.queue.then(() => this.loop ?? undefined);
  }

  private async process(message: Exclude<ToWorker, { type: 'pause' }>): Promise<void> {
    if (this.deviceLost) {
      this.post({
        type: 'error',
        kind: 'device-lost',
        message: 'The GPU device was lost: restart the worker',
      });
      return;
    }
    switch (message.type) {
      case 'init':
        await this.loop;
        await this.init(message.config, message.events, message.resume);
        return;
      case 'start':
      case 'step':
        if (!this.run) throw new Error(`'${message.type}' before 'init': the worker has no run`);
        if (this.loop) {
          // Already training: 'start' lifts a pending pause or a single step's limit.
          if (message.type === 'start') {
            this.pauseRequested = false;
            this.stepsLeft = Infinity;
          }
          return;
        }
        if (this.run.done) {
          this.setStatus('done');
          return;
        }
        this.startLoop(message.type === 'step' ? 1 : Infinity);
        return;
    }
  }

  private async init(config: RunConfig, events: RunEvent[], resume: 'idle' | 'running'): Promise<void> {
    this.run = null;
    this.pauseRequested = false;
    if (!this.backend) {
      this.backend = this.deps.selectBackend();
      const report = await this.backend;
      this.post({ type: 'backend', ...report });
      this.deps.watchDeviceLoss((message) => this.onDeviceLost(message));
    }
    await this.backend;
    const key = `${config.dataset}|${config.data.trainImages}|${config.data.valImages}`;
    if (this.data?.key !== key) {
      if (this.data) this.deps.disposeData(this.data.tensors);
      this.data = null;
      this.data = { key, tensors: await this.deps.loadData(config) };
      this.post({ type: 'memory', memory: this.deps.memory() });
    }
    const emit = (e: RunEvent[]) => this.post({ type: 'events', events: e });
    let run: SearchRun;
    if (events.length === 0) {
      run = new SearchRun(config, emit);
      run.begin();
    } else {
      run = await SearchRun.restore(config, events, emit);
    }
    this.config = config;
    this.run = run;
    this.post({ type: 'ready', restoredEvents: events.length });
    if (run.done) this.setStatus('done');
    else if (resume === 'running') this.startLoop(Infinity);
    else this.setStatus('idle');
  }

  private startLoop(steps: number): void {
    this.pauseRequested = false;
    this.stepsLeft = steps;
    this.setStatus('running');
    this.loop = this.runLoop().finally(() => {
      this.loop = null;
    });
  }

  private async runLoop(): Promise<void> {
    const run = this.run!;
    const evaluate = this.evaluator();
    try {
      while (this.stepsLeft > 0 && !run.done && !this.pauseRequested) {
        this.stepsLeft--;
        await run.step(evaluate);
        if (this.deviceLost) return;
      }
      this.setStatus(run.done ? 'done' : 'paused');
    } catch (err) {
      this.fail(err);
    }
  }

  /** The tfjs trainer on the loaded data, reporting progress and memory. */
  private evaluator(): Evaluate {
    const config = this.config!;
    const tensors = this.data!.tensors;
    return async (arch, ctx) => {
      const net = ctx.net;
      try {
        return await trainArchitecture(arch, tensors, config.training, {
          seed: ctx.trainingSeed,
          onProgress: (p) => this.post({ type: 'progress', progress: { index: ctx.index, arch: net, ...p } }),
        });
      } finally {
        this.post({ type: 'memory', memory: this.deps.memory() });
      }
    };
  }

  private onDeviceLost(message: string): void {
    if (this.deviceLost) return;
    this.deviceLost = true;
    this.post({ type: 'error', kind: 'device-lost', message });
    this.setStatus('error');
  }

  private fail(err: unknown): void {
    if (this.deviceLost) return; // already reported; training errors after a loss are its echo
    const kind = err instanceof Error && err.name === 'DataError' ? 'data' : 'fatal';
    this.post({ type: 'error', kind, message: errorMessage(err) });
    this.setStatus('error');
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.post({ type: 'status', status });
  }

  private post(message: FromWorker): void {
    this.deps.post(message);
  }
}
