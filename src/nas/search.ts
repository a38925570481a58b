/**
 * One search run of any strategy (SPEC §2–§4, §6, §8): proposes architectures, has them
 * evaluated by the caller, learns from the rewards and reports everything as run-log events. Deterministic given the config and seed; a run is rebuilt from its log by replaying it
 * without training. Pure module: no DOM, React or tfjs (training is the `Evaluate` callback's
 * business).
 */
import type { Architecture } from './architecture';
import type { RunConfig, TrainingPath } from './config';
import type { EpsilonPosition } from './epsilon';
import type { Message } from './message';
import type { QTransition } from './qlearning';
import type { ReplayEntry } from './replay';
import { Rng, hashString } from './rng';
import type { ProposeEvent, ResultEvent, RunEvent } from './runlog';
import {
  budgetOf,
  createStrategy,
  type Budget,
  type Candidate,
  type SearchStrategy,
  type StrategyDeps,
} from './strategy';

export { DATASET_CLASSES } from './qsearch';
export type { StrategyDeps, TokenPolicy } from './strategy';

/** What training one architecture produced. */
export interface EvalResult {
  /** Best validation accuracy over the epochs, in [0, 1]; MetaQNN's reward. */
  accuracy: number;
  /** Validation accuracy after each epoch of the final (re)start. */
  curve: number[];
  /** Trainable parameters. */
  params: number;
  /** Wall-clock training time, milliseconds. */
  trainMs: number;
  /** tfjs backend that trained it. */
  backend: string;
  /** Restarts at a lower learning rate (SPEC §2). */
  restarts: number;
  /** NAS-Bench-201: the benchmark's test accuracy, reported beside the reward. */
  testAccuracy?: number;
  /** True when read from the persistent result cache (trained earlier, same key) instead of training now. */
  fromResultCache?: boolean;
  /** `engine` runs: what trained the model ('engine', or 'tfjs' after a fallback). */
  trainedOn?: TrainingPath;
  /** Why an `engine` run's model trained on tfjs instead (English). */
  engineFallback?: string;
  /** The same reason as a message, for the UI's language. */
  engineFallbackMessage?: Message;
}

export interface EvalContext {
  /** Proposal index of the model. */
  index: number;
  /** Canonical architecture string (the result cache's key). */
  net: string;
  /** Seed for weight init and shuffling: a hash of the run seed and the net string. */
  trainingSeed: number;
  /**
   * The architecture to be trained after this one, when the strategy has already proposed it
   * (the rest of a BlockQNN or REINFORCE batch) and it is not a repeat: a trainer may prepare
   * for it (compile its kernels) while this one trains.
   */
  next?: Architecture;
}

/** Seed for training `net` in a run of seed `runSeed`: a hash of both (EvalContext.trainingSeed). */
export function trainingSeedOf(runSeed: number, net: string): number {
  return hashString(`${runSeed}|${net}`);
}

/** Trains one architecture. */
export type Evaluate = (arch: Architecture, ctx: EvalContext) => Promise<EvalResult>;

/** Everything a run has learned, as plain data (for tests and debugging). */
export interface SearchSnapshot {
  /** Proposals made so far, cached ones included. */
  proposals: number;
  qTable: [state: string, action: string, q: number][];
  replay: ReplayEntry[];
  /** Proposals of the current iteration not yet evaluated (BlockQNN batches). */
  pending: string[];
  schedule: EpsilonPosition;
  actionRng: number[];
  replayRng: number[];
}

const noEmit = (): void => {};

/** The training-path fields of a result, only those present (a `tfjs` run's results have none). */
function trainingPathOf(
  result: Pick<EvalResult, 'trainedOn' | 'engineFallback' | 'engineFallbackMessage'>,
): Pick<EvalResult, 'trainedOn' | 'engineFallback' | 'engineFallbackMessage'> {
  return {
    ...(result.trainedOn !== undefined ? { trainedOn: result.trainedOn } : {}),
    ...(result.engineFallback !== undefined ? { engineFallback: result.engineFallback } : {}),
    ...(result.engineFallbackMessage !== undefined
      ? { engineFallbackMessage: result.engineFallbackMessage }
      : {}),
  };
}

export class SearchRun {
  private readonly strategy: SearchStrategy;
  /** The epsilon schedule (Q-learning) or the budget of unique models. */
  private readonly schedule: Budget;
  /** Proposals of the current iteration still to evaluate, in order. */
  private pending: Candidate[] = [];
  /** Stream of the epsilon-greedy action choices. */
  private readonly actionRng: Rng;
  /** Stream of the replay-dictionary samples. */
  private readonly replayRng: Rng;
  /** Evaluation of every unique net, reused when a net is proposed again. */
  private readonly results = new Map<string, EvalResult>();
  private nextIndex = 0;
  private busy = false;

  constructor(
    readonly config: RunConfig,
    private emit: (events: RunEvent[]) => void,
    deps: StrategyDeps = {},
  ) {
    this.strategy = createStrategy(config, deps);
    this.schedule = budgetOf(config);
    const root = new Rng(config.seed);
    this.actionRng = root.fork(`${config.strategy}/actions`);
    this.replayRng = root.fork(`${config.strategy}/replay`);
  }

  /** Emits the first 'epsilon' event (Q-learning). Call once for a new run (not after restore). */
  begin(): void {
    const first = this.schedule.stepEvent();
    if (first) this.emit([first]);
  }

  /** Frees what the strategy holds (the REINFORCE controller's tensors). */
  dispose(): void {
    this.strategy.dispose();
  }

  /** True once the epsilon schedule or the budget is exhausted. */
  get done(): boolean {
    return this.schedule.done;
  }

  /** Epsilon in force for the next proposal. */
  get epsilon(): number {
    return this.schedule.epsilon;
  }

  /** Unique models trained so far. */
  get trained(): number {
    return this.results.size;
  }

  /** Proposals made so far, cached ones included (= index of the next proposal). */
  get proposals(): number {
    return this.nextIndex;
  }

  get qTable(): SearchStrategy['qTable'] {
    return this.strategy.qTable;
  }

  get replayDictionary(): SearchStrategy['replayDictionary'] {
    return this.strategy.replayDictionary;
  }

  /** Seed for training `net`: the same architecture always trains from the same seed. */
  trainingSeed(net: string): number {
    return trainingSeedOf(this.config.seed, net);
  }

  /**
   * One proposal: emits [propose] before evaluating, then [result, replay?, epsilon?, done?]
   * after. A cached architecture is not evaluated (reward reused, cached: true; MetaQNN does not
   * advance the schedule for it). At the start of an iteration the whole batch is sampled from
   * the Q-table as it stands (BlockQNN; a batch of one for MetaQNN); its proposals are then
   * evaluated one step each. If `evaluate` throws, nothing is learned, the action stream and the
   * batch are rewound (the next step proposes the same architecture under the same index) and
   * the error propagates.
   */
  step(evaluate: Evaluate): Promise<void> {
    return this.advance(evaluate, null);
  }

  private async advance(
    evaluate: Evaluate,
    logged: ResultEvent | null,
    proposals?: ReadonlyMap<number, ProposeEvent>,
  ): Promise<void> {
    if (this.schedule.done) throw new Error('The search is done: its schedule or budget is exhausted');
    if (this.busy) throw new Error('A search step is already running');
    this.busy = true;
    const index = this.nextIndex;
    const epsilon = this.schedule.epsilon;
    const rngBefore = this.actionRng.getState();
    const pendingBefore = this.pending;
    try {
      if (this.pending.length === 0) {
        const decisions = proposals && ((k: number) => proposals.get(index + k)?.decisions);
        this.pending = await this.strategy.proposeIteration(this.actionRng, epsilon, decisions);
      }
      const candidate = this.pending[0] as Candidate;
      const stored = this.results.get(candidate.net);
      if (logged) {
        if (logged.arch !== candidate.net) throw mismatch(index, candidate.net, logged.arch);
        if (logged.cached !== (stored !== undefined)) {
          throw mismatch(index, `cached: ${stored !== undefined}`, `cached: ${logged.cached}`);
        }
      }
      this.emit([
        {
          type: 'propose',
          index,
          ...(this.strategy.qTable !== null ? { epsilon } : {}),
          arch: candidate.net,
          trajectory: candidate.trajectory.map(({ state, action }) => ({ state, action })),
          ...loggedChoices(candidate.trajectory),
          ...candidate.info,
        },
      ]);
      const result =
        stored ??
        (await evaluate(candidate.arch, {
          index,
          net: candidate.net,
          trainingSeed: this.trainingSeed(candidate.net),
          ...this.upcoming(candidate),
        }));
      if (!(result.accuracy >= 0 && result.accuracy <= 1)) {
        throw new Error(
          `Evaluation of ${candidate.net} returned accuracy ${result.accuracy}, expected [0, 1]`,
        );
      }

      // Nothing below throws (but a policy update on a lost device): the run learns from the model.
      const scored = this.strategy.reward(candidate, result.accuracy);
      const reward = this.strategy.cachedReward(candidate.net) ?? scored.reward;
      if (!stored) this.results.set(candidate.net, result);
      this.pending = this.pending.slice(1);
      this.nextIndex++;
      const resultEvent: ResultEvent = {
        type: 'result',
        index,
        arch: candidate.net,
        reward,
        accuracy: result.accuracy,
        curve: [...result.curve],
        params: result.params,
        trainMs: stored ? 0 : result.trainMs,
        backend: result.backend,
        restarts: result.restarts,
        cached: stored !== undefined,
        ...(result.testAccuracy !== undefined ? { testAccuracy: result.testAccuracy } : {}),
        ...(!stored && result.fromResultCache ? { fromResultCache: true } : {}),
        ...(!stored && !result.fromResultCache ? trainingPathOf(result) : {}),
        ...scored.terms,
      };
      const learned = await this.strategy.observe(candidate, reward, this.replayRng, index);
      const scheduleEvents = stored ? this.schedule.recordRepeat() : this.schedule.recordUnique();
      this.emit([
        resultEvent,
        ...learned,
        ...scheduleEvents.map((e) => (e.type === 'done' ? { ...e, trained: this.results.size } : e)),
      ]);
    } catch (error) {
      if (this.nextIndex === index) {
        this.actionRng.setState(rngBefore);
        this.pending = pendingBefore;
      }
      throw error;
    } finally {
      this.busy = false;
    }
  }

  /** The next pending proposal after `current` that will be trained (not one already evaluated). */
  private upcoming(current: Candidate): { next?: Architecture } {
    const next = this.pending.slice(1).find((c) => c.net !== current.net && !this.results.has(c.net));
    return next ? { next: next.arch } : {};
  }

  /** Everything the run has learned, as plain data. */
  snapshot(): SearchSnapshot {
    return {
      proposals: this.nextIndex,
      qTable: this.strategy.qTable ? [...this.strategy.qTable.entries()] : [],
      replay: this.strategy.replayDictionary?.entries.map((e) => ({ ...e })) ?? [],
      pending: this.pending.map((c) => c.net),
      schedule: this.schedule.getState(),
      actionRng: this.actionRng.getState(),
      replayRng: this.replayRng.getState(),
    };
  }

  /**
   * Rebuilds a run from its log without training (same config & seed): replays every proposal
   * that has a result, feeding the logged results, without emitting. Throws a clear Error if the
   * log disagrees (e.g. a proposal differs). A trailing proposal without result is ignored.
   */
  static async restore(
    config: RunConfig,
    events: readonly RunEvent[],
    emit: (e: RunEvent[]) => void,
    deps: StrategyDeps = {},
  ): Promise<SearchRun> {
    const run = new SearchRun(config, noEmit, deps);
    const results = new Map<number, ResultEvent>();
    const proposals = new Map<number, ProposeEvent>();
    for (const e of events) {
      if (e.type === 'result') results.set(e.index, e);
      else if (e.type === 'propose') proposals.set(e.index, e);
    }
    for (let logged = results.get(0); logged; logged = results.get(run.nextIndex)) {
      if (run.done) throw mismatch(run.nextIndex, 'no proposal (the schedule is complete)', logged.arch);
      const { accuracy, curve, params, trainMs, backend, restarts, testAccuracy, fromResultCache } = logged;
      const path = trainingPathOf(logged);
      await run.advance(
        async () => ({
          accuracy,
          curve: [...curve],
          params,
          trainMs,
          backend,
          restarts,
          ...(testAccuracy !== undefined ? { testAccuracy } : {}),
          ...(fromResultCache ? { fromResultCache } : {}),
          ...path,
        }),
        logged,
        proposals,
      );
    }
    if (results.size > run.nextIndex) {
      throw new Error(`Run log has results after proposal ${run.nextIndex}, which has none`);
    }
    run.emit = emit;
    return run;
  }
}

function mismatch(index: number, expected: string, logged: string): Error {
  return new Error(
    `Run log does not match this config and seed at proposal ${index}: expected ${expected}, logged ${logged}`,
  );
}

/** The `choices` of a propose event: how each step was chosen, when the strategy recorded it. */
function loggedChoices(trajectory: readonly QTransition[]): Pick<ProposeEvent, 'choices'> {
  if (trajectory.length === 0 || trajectory.some((t) => t.choice === undefined)) return {};
  return {
    choices: trajectory.map(({ choice }) => {
      // The Q-values it saw are not logged (format 2): they follow from the updates before it.
      const { u, explore, actions } = choice!;
      return { u, explore, actions };
    }),
  };
}
