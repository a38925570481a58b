/**
 * The search worker's logic, apart from the worker globals so that it runs in Node tests: it
 * speaks src/worker/protocol.ts, owns one SearchRun and trains its proposals with tfjs.
 *
 * Message handling: 'pause' acts at once (the model being trained finishes first); 'init',
 * 'start' and 'step' are handled in arrival order. Training yields to the event loop between
 * batches, so a 'pause' is seen while a model trains.
 *
 * Pacing (issue #17): a table run looks results up far faster than the UI can save and draw
 * them. With `paced` (the app's client), the UI saves each 'events' message in IndexedDB before
 * it shows it and then answers 'saved'; the loop posts slices of at most PACED_MODELS new models
 * and keeps at most PACED_WINDOW of them unanswered. What the screen showed is always saved, and
 * a reload or a crash loses only slices nobody saw yet (the resumed run looks them up again).
 */
import { architectureOf } from '../nas/bestArchitecture';
// `text`: the handler's parameter is called `message`.
import { message as text, type Message } from '../nas/message';
import { exceptionText, MessageError, problemOf } from '../nas/messageError';
import { compareConfig, runComparison, type CompareSpec } from '../nas/compare';
import { isTableDataset, type RunConfig, type TableDatasetId } from '../nas/config';
import type { Nb201Table } from '../nas/nb201Table';
import { completeEvents, type RunEvent } from '../nas/runlog';
import { checkRunLog } from '../nas/runlogSchema';
import type { Architecture } from '../nas/architecture';
import type { OneShotCheckpoint } from '../nas/oneshot/checkpoint';
import { OneShotRun } from '../nas/oneShotRun';
import { SearchRun, trainingSeedOf, type EvalResult, type Evaluate } from '../nas/search';
import { findStrategy } from '../nas/strategies';
import { supernetOptionsOf, type OneShotCommonConfig } from '../nas/strategies/oneshot/config';
import type { StrategyDeps } from '../nas/strategies/contract';
import { createDartsSupernet, createNb201Supernet } from '../train/supernet';
import { tableEvaluator } from '../nas/tableEvaluate';
import { trainNb201Cell } from './nb201Evaluate';
import type { TrainingTensors } from '../train/data';
import { useBackend } from '../train/backend';
// Not a React hook: the alias keeps the hooks lint from reading it as one inside a method.
import { useBackend as switchBackend } from '../train/backend';
import { saveModelFiles, type ModelFiles } from '../train/exportModel';
import { kerasOfModel, type KerasFiles } from '../train/kerasModel';
import { pytorchOfModel, type PytorchFiles } from '../train/pytorchModel';
import { encodeSafetensors } from '../nas/export/safetensors';
import { trainArchitecture, type TrainOptions } from '../train/trainer';
import { withResultCache } from './cachedEvaluate';
import { exportOneShotCell } from './oneShotExport';
import { EnginePath } from './enginePath';
import { SLICE_MS, STRATEGY_DEPS, yieldToEvents } from './pacing';
import type { FromWorker, ModelFormat, RunStatus, ToWorker } from './protocol';
import { replaceUserDatasets } from '../nas/userDatasets';
import type { BackendReport, WorkerDeps } from './workerDeps';
import type { ComputePreference } from '../train/compute';

export type { BackendReport, WorkerDeps } from './workerDeps';

/** The run in an imported log's text, as an 'init' would carry it; throws the import's problem. */
function importedRun(text: string): { config: RunConfig; events: RunEvent[]; resume: 'idle' } {
  const checked = checkRunLog(text);
  if (!checked.ok) throw new MessageError(checked.problem);
  return { config: checked.log.config, events: [...completeEvents(checked.log.events)], resume: 'idle' };
}

/** New models after which a paced table run posts its slice, whatever its time. */
export const PACED_MODELS = 25;

/** Slices a paced table run may have posted and not yet seen saved. The UI shows only saved
 * events, so these are what a crash or a reload loses; more than one lets the UI save and draw
 * several slices at once while the worker looks up the next. */
export const PACED_WINDOW = 4;

export class SearchWorkerController {
  private status: RunStatus = 'idle';
  private run: SearchRun | OneShotRun | null = null;
  private config: RunConfig | null = null;
  private data: { key: string; tensors: TrainingTensors } | null = null;
  private table: Promise<Nb201Table> | null = null;
  /** Events of looked-up results not yet posted: they go to the UI in slices, not per model. */
  private unposted: RunEvent[] = [];
  /** Models in `unposted` that were looked up (not cached re-proposals). */
  private unpostedModels = 0;
  /** A 'compare-stop' arrived: the comparison ends after the current model. */
  private compareStopped = false;
  private backend: Promise<BackendReport> | null = null;
  /** The machine's compute setting (src/train/compute.ts), from the UI before 'init'. */
  private compute: ComputePreference = 'auto';
  /** The `engine` training path, made on first use. */
  private enginePath: EnginePath | null = null;
  private deviceLost = false;
  private pauseRequested = false;
  /** Steps the running loop may still take (1 after 'step', unbounded after 'start'). */
  private stepsLeft = 0;
  private loop: Promise<void> | null = null;
  /** Messages other than 'pause' run one after another on this chain. */
  private queue: Promise<void> = Promise.resolve();
  /** The UI answers 'events' with 'saved' (init's `paced`). */
  private paced = false;
  /** 'events' messages posted and not yet answered by 'saved'. */
  private unsaved = 0;
  /** Wakes the loop waiting for 'saved' (or for a pause, which does not wait for it). */
  private wakeSaved: (() => void) | null = null;

  constructor(private readonly deps: WorkerDeps) {}

  /** Entry point for every message from the UI. */
  handle(message: ToWorker): Promise<void> {
    if (message.type === 'compare-stop') {
      this.compareStopped = true;
      return Promise.resolve();
    }
    if (message.type === 'datasets') {
      replaceUserDatasets(message.datasets);
      return Promise.resolve();
    }
    if (message.type === 'compute') {
      // Read once, when the backend is picked (a new setting comes with a new worker).
      this.compute = message.preference;
      return Promise.resolve();
    }
    if (message.type === 'saved') {
      this.unsaved = Math.max(0, this.unsaved - 1);
      this.wake();
      return Promise.resolve();
    }
    if (message.type === 'pause' || message.type === 'init' || message.type === 'import') {
      if (this.loop) {
        this.pauseRequested = true;
        this.wake();
      } else if (message.type === 'pause') this.post({ type: 'status', status: this.status });
      if (message.type === 'pause') return Promise.resolve();
    }
    this.queue = this.queue.then(() => this.process(message)).catch((err) => this.fail(err));
    return this.queue;
  }

  /** Resolves when the current training loop (if any) has stopped. */
  idle(): Promise<void> {
    return this.queue.then(() => this.loop ?? undefined);
  }

  private async process(
    message: Exclude<ToWorker, { type: 'pause' | 'compare-stop' | 'saved' | 'datasets' | 'compute' }>,
  ): Promise<void> {
    if (this.deviceLost) {
      this.post({
        type: 'error',
        kind: 'device-lost',
        message: text('worker.deviceLostRestart'),
      });
      return;
    }
    switch (message.type) {
      case 'init':
      case 'import': {
        await this.loop;
        const { config, events, resume } = message.type === 'init' ? message : importedRun(message.text);
        this.paced = message.paced ?? false;
        this.unsaved = 0;
        await this.init(config, events, resume, message.type === 'init' ? message.checkpoint : undefined);
        return;
      }
      case 'compare':
        await this.loop;
        await this.compare(message.base, message.spec);
        return;
      case 'export-model':
        await this.loop;
        await this.exportModel(message.config, message.arch, message.weightsFile, message.format);
        return;
      case 'start':
      case 'step':
        if (!this.run) throw new MessageError(text('worker.beforeInit', { command: message.type }));
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

  /** Picks the backend once, and loads the data (or the table) that `config` evaluates on. */
  private async prepare(config: RunConfig): Promise<void> {
    if (!this.backend) {
      this.backend = this.deps.selectBackend(this.compute);
      const report = await this.backend;
      this.post({ type: 'backend', ...report });
      this.deps.watchDeviceLoss((message) => this.onDeviceLost(message));
    }
    await this.backend;
    const key = `${config.dataset}|${config.data.trainImages}|${config.data.valImages}`;
    if (isTableDataset(config.dataset)) {
      this.table ??= this.deps.loadTable();
      await this.table;
    } else if (this.data?.key !== key) {
      if (this.data) this.deps.disposeData(this.data.tensors);
      this.data = null;
      this.data = { key, tensors: await this.deps.loadData(config) };
      this.post({ type: 'memory', memory: this.deps.memory() });
    }
  }

  private async init(
    config: RunConfig,
    events: RunEvent[],
    resume: 'idle' | 'running',
    checkpoint?: OneShotCheckpoint,
  ): Promise<void> {
    this.run?.dispose();
    this.run = null;
    this.pauseRequested = false;
    await this.prepare(config);
    const tabular = isTableDataset(config.dataset);
    const emit = (e: RunEvent[]) => {
      if (!tabular) this.post({ type: 'events', events: e });
      else
        for (const event of e) {
          this.unposted.push(event);
          if (event.type === 'result' && !event.cached) this.unpostedModels++;
        }
    };
    let run: SearchRun | OneShotRun;
    if (findStrategy(config.strategy)?.family === 'oneshot') {
      run = this.oneShotRun(config, events, emit, checkpoint);
    } else if (events.length === 0) {
      run = new SearchRun(config, emit, STRATEGY_DEPS);
      run.begin();
    } else {
      try {
        run = await SearchRun.restore(config, events, emit, STRATEGY_DEPS);
      } catch (err) {
        // The log is not what its config and seed propose (an edited import): said as such.
        throw err instanceof MessageError
          ? err
          : new MessageError(text('runlog.replay', { reason: exceptionText(err) }));
      }
    }
    this.config = config;
    this.run = run;
    this.flushEvents();
    this.post({
      type: 'ready',
      restoredEvents: run instanceof OneShotRun ? run.restoredEvents : events.length,
    });
    if (run.done) this.setStatus('done');
    else if (resume === 'running') this.startLoop(Infinity);
    else this.setStatus('idle');
  }

  /**
   * A one-shot run (DARTS, SNAS, ENAS) on a supernet built on the loaded images. A finished log
   * is restored as it is; an unfinished one goes on from `checkpoint` (the last epoch boundary,
   * the log cut there), and without one cannot continue, which `start` says.
   */
  private oneShotRun(
    config: RunConfig,
    events: RunEvent[],
    emit: (e: RunEvent[]) => void,
    checkpoint?: OneShotCheckpoint,
  ): OneShotRun {
    const run = new OneShotRun(config, emit, this.oneShotDeps());
    if (events.length > 0) {
      try {
        run.restoreLog(events, checkpoint);
      } catch (err) {
        run.dispose();
        throw err;
      }
    }
    return run;
  }

  /** What a one-shot run needs of the worker: its supernet on the loaded images, progress, the table. */
  private oneShotDeps(): StrategyDeps {
    return {
      ...STRATEGY_DEPS,
      supernet: (c) => {
        const section = (c as unknown as Record<string, OneShotCommonConfig>)[c.strategy]!;
        const options = supernetOptionsOf(section, c.seed);
        return c.space === 'darts'
          ? createDartsSupernet(this.data!.tensors, options, section.layers)
          : createNb201Supernet(this.data!.tensors, options);
      },
      // The derived cell trained alone shows in the training panel as any trained model.
      onTrainingProgress: (progress) => this.post({ type: 'progress', progress }),
      nb201Benchmark: async (arch) => {
        try {
          this.table ??= this.deps.loadTable();
          return (await this.table).lookup(arch).accuracy['nb201-cifar10'].test;
        } catch {
          return undefined; // the reference is optional: a run goes on without the table
        }
      },
    };
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
    if (run instanceof OneShotRun) return this.oneShotLoop(run);
    const tabular = isTableDataset(run.config.dataset);
    const evaluate = tabular
      ? tableEvaluator(await this.table!, run.config.dataset as TableDatasetId)
      : withResultCache(this.evaluator(), run.config, (await this.deps.resultCache?.()) ?? null);
    let slice = performance.now();
    try {
      while (this.stepsLeft > 0 && !run.done && !this.pauseRequested) {
        this.stepsLeft--;
        await run.step(evaluate);
        if (this.deviceLost) return;
        // Looked-up results take microseconds: post them and let messages in every slice, once
        // the slice before is saved (paced). Paced slices also end after PACED_MODELS new models,
        // so what a reload can lose stays small where models come fastest (ε = 1).
        if (
          tabular &&
          (performance.now() - slice > SLICE_MS || (this.paced && this.unpostedModels >= PACED_MODELS))
        ) {
          await this.previousSaved();
          this.flushEvents();
          await yieldToEvents();
          slice = performance.now();
        }
      }
      this.flushEvents();
      this.setStatus(run.done ? 'done' : 'paused');
    } catch (err) {
      this.flushEvents();
      this.fail(err);
    }
  }

  /** Steps a one-shot run, one minibatch (or controller update, or derivation) per step. */
  private async oneShotLoop(run: OneShotRun): Promise<void> {
    try {
      if (run.stopped) throw new MessageError(text('worker.oneShotNoResume'));
      await switchBackend((await this.backend!).backend);
      while (this.stepsLeft > 0 && !run.done && !this.pauseRequested) {
        this.stepsLeft--;
        await run.step();
        if (this.deviceLost) return;
        // After an epoch: the state a reload or a crash resumes from (the UI keeps the latest).
        if (run.checkpointDue) this.post({ type: 'checkpoint', checkpoint: await run.checkpoint() });
        // Let a 'pause' in between minibatches.
        await yieldToEvents();
      }
      this.post({ type: 'memory', memory: this.deps.memory() });
      this.setStatus(run.done ? 'done' : 'paused');
    } catch (err) {
      this.fail(err);
    }
  }

  /** Runs a comparison of strategies, reporting each run as it ends (src/nas/compare.ts). */
  private async compare(base: RunConfig, spec: CompareSpec): Promise<void> {
    this.compareStopped = false;
    this.post({ type: 'compare-status', status: 'running' });
    try {
      const first = compareConfig(base, spec, spec.strategies[0]!, spec.seeds[0]!);
      await this.prepare(first);
      const evaluate = isTableDataset(first.dataset)
        ? tableEvaluator(await this.table!, first.dataset as TableDatasetId)
        : this.evaluator(first);
      let lookups = 0;
      await runComparison(
        base,
        spec,
        async (arch, ctx) => {
          const result = await evaluate(arch, ctx);
          // Looked-up results take no time: let a 'compare-stop' in now and then (a timer per
          // result would cost its 4 ms clamp thousands of times).
          if (result.trainMs === 0 && ++lookups % 250 === 0) await yieldToEvents();
          return result;
        },
        // One-shot strategies of the comparison train their supernets on the loaded images.
        this.oneShotDeps(),
        (run) => this.post({ type: 'compare-run', run }),
        () => this.compareStopped || this.deviceLost,
        async () => {
          await switchBackend((await this.backend!).backend);
          // Let a 'compare-stop' in between a supernet's minibatches.
          await yieldToEvents();
        },
      );
      this.post({ type: 'compare-status', status: this.compareStopped ? 'stopped' : 'done' });
    } catch (err) {
      this.post({ type: 'compare-status', status: 'error', message: problemOf(err, 'worker.compareFailed') });
    }
  }

  /**
   * Trains `net` as the run of `config` trained it (same fidelity, same seed) and posts it as
   * tfjs model files or as a PyTorch or Keras Python file and its weights, or why it could not.
   */
  private async exportModel(
    config: RunConfig,
    net: string,
    weightsFile: string,
    format: ModelFormat = 'tfjs',
  ): Promise<void> {
    try {
      if (findStrategy(config.strategy)?.family === 'oneshot') {
        await this.prepare(config);
        await switchBackend((await this.backend!).backend);
        const exported = await exportOneShotCell(config, net, this.data!.tensors, weightsFile, format, (p) =>
          this.post({ type: 'progress', progress: { ...p, index: -1, arch: net, restart: 0 } }),
        );
        this.post({ type: 'memory', memory: this.deps.memory() });
        this.post(
          exported.format === 'tfjs'
            ? { type: 'model-files', files: exported.files }
            : { type: 'python-files', files: exported.files },
        );
        return;
      }
      const arch = architectureOf(config, net);
      await this.prepare(config);
      await switchBackend((await this.backend!).backend);
      let files: ModelFiles | null = null;
      let python: PytorchFiles | KerasFiles | null = null;
      // The run's training path: an engine run's model is exported from the engine's weights.
      const result = await this.train(config, arch, net, -1, {
        seed: trainingSeedOf(config.seed, net),
        onTrained: async (model) => {
          if (format === 'pytorch') python = await pytorchOfModel(model, weightsFile);
          else if (format === 'keras') python = await kerasOfModel(model, weightsFile);
          else files = await saveModelFiles(model, weightsFile);
        },
      });
      this.post({ type: 'memory', memory: this.deps.memory() });
      const translated = python as PytorchFiles | KerasFiles | null;
      if (translated) {
        const about = [
          `Found by ${config.strategy} in NAS Playground, seed ${config.seed}, dataset ${config.dataset}, fidelity ${config.fidelity}.`,
          `Architecture: ${net}`,
          `Validation accuracy of these weights: ${(100 * result.accuracy).toFixed(2)}% (trained on ${result.backend}).`,
        ];
        const weightData = encodeSafetensors(translated.tensors, {
          arch: net,
          format: format === 'keras' ? 'keras' : 'pt',
        });
        this.post({
          type: 'python-files',
          files: {
            arch: net,
            source: translated.source(about),
            weightData: weightData.buffer.slice(0) as ArrayBuffer,
            accuracy: result.accuracy,
            backend: result.backend,
          },
        });
        return;
      }
      const saved = files as ModelFiles | null;
      if (!saved) throw new MessageError(text('worker.modelNotSaved'));
      this.post({
        type: 'model-files',
        files: {
          arch: net,
          modelJson: saved.modelJson as unknown as Record<string, unknown>,
          weightData: saved.weightData,
          accuracy: result.accuracy,
          backend: result.backend,
          ...(result.trainedOn ? { trainedOn: result.trainedOn } : {}),
        },
      });
    } catch (err) {
      this.post({ type: 'model-export-failed', message: problemOf(err, 'worker.exportFailed') });
    }
  }

  /**
   * Trains `arch` on the loaded data by the config's training path (the engine, with tfjs for
   * what it cannot train, or tfjs), reporting progress as model `index` (-1: an export).
   */
  private async train(
    config: RunConfig,
    arch: Architecture,
    net: string,
    index: number,
    options: { seed: number; next?: Architecture; onTrained?: TrainOptions['onTrained'] },
  ): Promise<EvalResult> {
    const tensors = this.data!.tensors;
    // The run's own path, or the machine's compute setting (auto on a software adapter, or forced).
    if (config.trainingPath === 'engine' || (await this.backend!).engine === true) {
      this.enginePath ??= new EnginePath(
        this.deps.acquireEngine ?? (() => Promise.reject(new MessageError(text('worker.noEngine')))),
      );
      return this.enginePath.train(
        arch,
        tensors,
        config.training,
        {
          ...options,
          onProgress: (p, trainedOn) =>
            this.post({ type: 'progress', progress: { index, arch: net, ...p, trainedOn } }),
        },
        (tfjsOptions) => trainArchitecture(arch, tensors, config.training, tfjsOptions),
      );
    }
    return trainArchitecture(arch, tensors, config.training, {
      ...options, // tfjs has no use for `next`
      onProgress: (p) => this.post({ type: 'progress', progress: { index, arch: net, ...p } }),
    });
  }

  /** The trainer of the config's training path on the loaded data, reporting progress and memory. */
  private evaluator(config: RunConfig = this.config!): Evaluate {
    return async (arch, ctx) => {
      // The REINFORCE controller may have left tfjs on its CPU backend.
      await useBackend((await this.backend!).backend);
      try {
        // A NAS-Bench-201 cell trained, not looked up: as a one-shot run's derived cell is.
        if (arch.space === 'nb201')
          return await trainNb201Cell(this.data!.tensors, config, ctx.net, ctx.trainingSeed, (p) =>
            this.post({ type: 'progress', progress: { ...p, index: ctx.index, arch: ctx.net, restart: 0 } }),
          );
        return await this.train(config, arch, ctx.net, ctx.index, {
          seed: ctx.trainingSeed,
          ...(ctx.next ? { next: ctx.next } : {}),
        });
      } finally {
        this.post({ type: 'memory', memory: this.deps.memory() });
      }
    };
  }

  /** Resolves once fewer than PACED_WINDOW posted 'events' messages wait to be saved (at once
   * when not paced), or on a pause. */
  private async previousSaved(): Promise<void> {
    while (this.paced && this.unsaved >= PACED_WINDOW && !this.pauseRequested)
      await new Promise<void>((resolve) => (this.wakeSaved = resolve));
    this.wakeSaved = null;
  }

  private wake(): void {
    const wake = this.wakeSaved;
    this.wakeSaved = null;
    wake?.();
  }

  /** Posts the events held back from the UI, if any. */
  private flushEvents(): void {
    if (this.unposted.length === 0) return;
    const events = this.unposted;
    this.unposted = [];
    this.unpostedModels = 0;
    this.post({ type: 'events', events });
  }

  private onDeviceLost(message: Message): void {
    if (this.deviceLost) return;
    this.deviceLost = true;
    this.post({ type: 'error', kind: 'device-lost', message });
    this.setStatus('error');
  }

  private fail(err: unknown): void {
    if (this.deviceLost) return; // already reported; training errors after a loss are its echo
    const kind = err instanceof Error && err.name === 'DataError' ? 'data' : 'fatal';
    this.post({
      type: 'error',
      kind,
      message: problemOf(err, kind === 'data' ? 'worker.dataFailed' : 'worker.failed'),
    });
    this.setStatus('error');
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.post({ type: 'status', status });
  }

  private post(message: FromWorker): void {
    if (message.type === 'events' && this.paced) this.unsaved++;
    this.deps.post(message);
  }
}
