/**
 * The run loop of the one-shot family (ENAS, DARTS, SNAS; README "Architecture"): it steps the
 * strategy's `OneShotSearch` (which drives a shared-weight supernet trainer) and passes on the
 * events each step produced, then closes the log with `done`. The sample-based family has its own
 * loop, `SearchRun` (propose, evaluate, observe); neither bends the other.
 * Pure module: no DOM, React or tfjs (the supernet trainer comes in through `StrategyDeps`).
 */
import type { RunConfig } from './config';
import { Rng } from './rng';
import type { OneShotCheckpoint } from './oneshot/checkpoint';
import type { RunEvent } from './runlog';
import type { OneShotSearch, StrategyDeps } from './strategies/contract';
import { strategyDefinition } from './strategies';

export class OneShotRun {
  private readonly search: OneShotSearch;
  /** Stream of every random draw of the search (samples, noise, batches), forked from the run seed. */
  private readonly rng: Rng;
  private steps = 0;
  /** Standalone trainings the log reported (results not cached), for the closing `done`. */
  private trainedModels = 0;
  private finished = false;
  private restoredUnfinished = false;
  private busy = false;
  /** Events of the log so far (restored and emitted). */
  private logged = 0;

  constructor(
    readonly config: RunConfig,
    private readonly emit: (events: RunEvent[]) => void,
    deps: StrategyDeps = {},
  ) {
    const definition = strategyDefinition(config.strategy);
    if (definition.family !== 'oneshot')
      throw new Error(
        `Strategy '${config.strategy}' proposes architectures: SearchRun drives it, not OneShotRun`,
      );
    this.search = definition.create(config, deps);
    this.rng = new Rng(config.seed).fork(`${config.strategy}/oneshot`);
  }

  /** True once the search said its last step was done. */
  get done(): boolean {
    return this.finished;
  }

  /** Restored from a log that stopped before its end: it cannot continue (no supernet weights). */
  get stopped(): boolean {
    return this.restoredUnfinished;
  }

  /**
   * Takes a logged run's events as done. A finished log is restored as it is. An unfinished one
   * goes on from `checkpoint` (its supernet, optimizers and controller at an epoch boundary),
   * the log cut back to that boundary (`restoredEvents`); without a checkpoint it is shown but
   * cannot continue (`stopped`), since its supernet's weights are not in the log.
   */
  restoreLog(events: readonly RunEvent[], checkpoint?: OneShotCheckpoint): void {
    this.finished = events.some((e) => e.type === 'done');
    let kept = events;
    if (!this.finished && checkpoint) {
      if (!Number.isInteger(checkpoint.events) || checkpoint.events < 0 || checkpoint.events > events.length)
        throw new Error(
          `A checkpoint after ${checkpoint.events} events does not fit a log of ${events.length}`,
        );
      kept = events.slice(0, checkpoint.events);
      if (!this.search.restore)
        throw new Error(`Strategy '${this.config.strategy}' cannot resume a checkpoint`);
      this.search.restore(checkpoint);
    }
    this.restoredUnfinished = !this.finished && !checkpoint;
    this.logged = kept.length;
    this.trainedModels = kept.filter((e) => e.type === 'result' && !e.cached).length;
  }

  /** Events of the log the run stands on (after `restoreLog`, the kept ones). */
  get restoredEvents(): number {
    return this.logged;
  }

  /** Whether the search sits at an epoch boundary not yet checkpointed. */
  get checkpointDue(): boolean {
    return !this.finished && (this.search.checkpointDue ?? false);
  }

  /** The run's state at this epoch boundary, to resume from after a reload or a crash. */
  async checkpoint(): Promise<OneShotCheckpoint> {
    if (!this.search.checkpoint) throw new Error(`Strategy '${this.config.strategy}' takes no checkpoints`);
    return { ...(await this.search.checkpoint()), events: this.logged };
  }

  /** Steps taken so far. */
  get stepsTaken(): number {
    return this.steps;
  }

  /** One unit of the search's work; emits its events (and `done` after the last). */
  async step(): Promise<void> {
    if (this.finished) throw new Error('The one-shot search is done');
    if (this.busy) throw new Error('A step is already running');
    this.busy = true;
    try {
      const { events, done } = await this.search.step(this.steps, this.rng);
      this.steps++;
      this.trainedModels += events.filter((e) => e.type === 'result' && !e.cached).length;
      const out = [...events];
      if (done) {
        this.finished = true;
        out.push({ type: 'done', trained: this.trainedModels });
      }
      this.logged += out.length;
      if (out.length > 0) this.emit(out);
    } finally {
      this.busy = false;
    }
  }

  /** Frees the supernet and what else the search holds. */
  dispose(): void {
    this.search.dispose();
  }
}
