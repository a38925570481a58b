/**
 * The contract between a search strategy and the generic machinery (README, "Architecture"):
 * everything the run loop, the options table, the run-log schema, the lessons and the i18n
 * resources need from a strategy is a field of its `StrategyDefinition`, and the definition is
 * registered in one list (`strategies/index.ts`). Nothing generic names a strategy.
 *
 * Two families share the contract:
 * - `sample`: proposes discrete architectures and learns from their rewards (ask/tell), driven by
 *   `SearchRun` (MetaQNN, BlockQNN, REINFORCE, evolution, random search, PNAS);
 * - `oneshot`: steps a shared-weight supernet trainer and emits its own events, driven by
 *   `OneShotRun` (ENAS, DARTS, SNAS).
 * Pure module (types only): no DOM, React or tfjs.
 */
import type { QRule } from '../qReplay';
import type { OneShotCheckpoint } from '../oneshot/checkpoint';
import type { Architecture } from '../architecture';
import type { FidelityId, RunConfig, SpaceId } from '../config';
import type { EpsilonPosition } from '../epsilon';
import type { Message } from '../message';
import type { OptionRule, FieldProblem } from '../optionRule';
import type { QTable, QTransition } from '../qlearning';
import type { TokenSpec } from '../reinforce';
import type { ReplayDictionary } from '../replay';
import type { Rng } from '../rng';
import type { DoneEvent, EpsilonEvent, ProposeEvent, ResultEvent, RunEvent } from '../runlog';

// ---------------------------------------------------------------------------------------------
// Config sections

/**
 * A section of the config owned by a strategy or a space: `config[id]`, its option rows (paths
 * `<id>.<field>`) and its defaults per fidelity preset.
 */
export interface ConfigSection<S = unknown> {
  readonly id: string;
  /** The section's rows of the options table, in form order. */
  readonly options: readonly OptionRule[];
  /** The section's values at each fidelity preset. */
  readonly presets: Readonly<Record<FidelityId, S>>;
  /**
   * Rules across fields that inclusive bounds cannot say (e.g. tournament <= population), for a
   * config whose fields each passed their own checks (`failed` holds the paths that did not).
   */
  problems?(config: RunConfig, failed: ReadonlySet<string>): FieldProblem[];
}

// ---------------------------------------------------------------------------------------------
// Run-log events

/** A run-log event type that a strategy adds, with its JSON schema (draft-07 properties). */
export interface EventRule {
  readonly type: string;
  readonly required: Readonly<Record<string, object>>;
  readonly optional?: Readonly<Record<string, object>>;
  /** The refusal when a run of a strategy without this rule logs such an event. */
  elsewhere(config: RunConfig): Message;
}

/** What the events before the one being checked established (the generic checker keeps it). */
export interface LogSoFar {
  /** Architecture string of each proposal, by index. */
  readonly proposedArch: readonly string[];
  /** Whether each proposal has its result yet. */
  readonly hasResult: readonly boolean[];
}

/** Checks, in log order, the facts of a strategy's events that a schema cannot say. */
export type EventCheck = (event: RunEvent, log: LogSoFar) => Message | undefined;

// ---------------------------------------------------------------------------------------------
// The sample-based family (ask/tell)

/** Fields of a propose event that only some strategies fill. */
export type ProposeInfo = Pick<
  ProposeEvent,
  'decisions' | 'probabilities' | 'origin' | 'tournament' | 'parentId' | 'mutation' | 'mutationMessage'
>;

/** Reward-related fields of a result event beyond the accuracy (BlockQNN: FLOPs and density). */
export type RewardTerms = Pick<ResultEvent, 'flops' | 'density' | 'flopsPenalty' | 'densityPenalty'>;

/** One proposal: what to evaluate, its canonical key and how the strategy made it. */
export interface Candidate {
  readonly arch: Architecture;
  /** Canonical architecture string: the key of the result cache. */
  readonly net: string;
  /** Q-learning: the (state, action) steps that built it; empty for the other strategies. */
  readonly trajectory: readonly QTransition[];
  readonly info?: ProposeInfo;
}

/** A sample-based strategy as the search run sees it. */
export interface SearchStrategy {
  /** Q-learning only. */
  readonly qTable: QTable | null;
  readonly replayDictionary: ReplayDictionary | null;
  /**
   * Proposals of one iteration, all from the strategy as it stands: 1, a BlockQNN batch or a
   * REINFORCE batch of m. `logged(k)`: on restore, the logged decisions of the k-th proposal of
   * the batch, which a strategy whose sampling is not bit-reproducible (a tfjs policy) follows.
   */
  proposeIteration(
    rng: Rng,
    epsilon: number,
    logged?: (k: number) => readonly number[] | undefined,
  ): Candidate[] | Promise<Candidate[]>;
  /** Q-learning: the stored reward of an architecture already in the replay dictionary. */
  cachedReward(net: string): number | undefined;
  /** The reward of an evaluated architecture, with the terms it was computed from. */
  reward(candidate: Candidate, accuracy: number): { reward: number; terms: RewardTerms };
  /** Learns from one proposal's reward; returns the events that say what changed. */
  observe(candidate: Candidate, reward: number, rng: Rng, index: number): RunEvent[] | Promise<RunEvent[]>;
  /** Frees what the strategy holds (the policy's tensors). */
  dispose(): void;
}

/** When a sample-based run is done, and the epsilon events of its schedule (Q-learning only). */
export interface Budget {
  readonly done: boolean;
  /** Epsilon in force; 1 (always explore) for strategies without a schedule. */
  readonly epsilon: number;
  /** The event announcing the current epsilon step, or null without a schedule. */
  stepEvent(): EpsilonEvent | null;
  /** A unique model was evaluated. */
  recordUnique(): (EpsilonEvent | DoneEvent)[];
  /** A proposal reused a cached result. */
  recordRepeat(): (EpsilonEvent | DoneEvent)[];
  getState(): EpsilonPosition;
}

/** How an epsilon schedule is counted, in proposals. */
export interface ScheduleUnits {
  /** The schedule with `models` = proposals that count at each epsilon. */
  steps: { epsilon: number; models: number }[];
  /**
   * Whether cached proposals count: MetaQNN counts unique models trained (Baker et al. 2017),
   * BlockQNN counts iterations of a batch, whatever the batch holds.
   */
  countsCached: boolean;
  /** Proposals per iteration (1 for MetaQNN). */
  batchSize: number;
}

/** What a Q-learning strategy adds: the schedule and the update rule's numbers. */
export interface QLearningTraits {
  /** The epsilon schedule of a config in proposals. */
  scheduleUnits(config: RunConfig): ScheduleUnits;
  /** The update rule's numbers of a config: alpha, gamma, Q0 and any reward shaping (to recompute,
   * check and explain the Q-updates of a log). */
  params(config: RunConfig): QRule;
}

/** A policy over the decision steps of a `TokenSpec`: the REINFORCE controller. */
export interface TokenPolicy {
  sample(rng: Rng): Promise<{ tokens: number[]; probabilities: number[][]; logProb: number }>;
  update(
    samples: readonly { tokens: readonly number[] }[],
    rewards: readonly number[],
  ): Promise<{ loss: number; baseline: number; advantages: number[] }>;
  dispose(): void;
}

/** What a strategy needs from outside the pure core (tfjs models come in here). */
export interface StrategyDeps {
  /** Builds the REINFORCE controller for a token spec. */
  policy?: (spec: TokenSpec, config: RunConfig) => TokenPolicy;
  /** Builds the shared-weight supernet trainer of a one-shot run (on the run's loaded images). */
  supernet?: (config: RunConfig) => SupernetTrainer;
  /** NAS-Bench-201's CIFAR-10 accuracy of a cell string, when the shipped table is at hand: a
   * transfer reference shown beside a one-shot run's derived cell, never its result. */
  nb201Benchmark?: (arch: string) => Promise<number | undefined>;
  /** Progress of a model a one-shot search trains itself (its derived cell, trained alone),
   * reported as the worker reports a sample-based model's. */
  onTrainingProgress?: (progress: OneShotModelProgress) => void;
}

/** A one-shot search's model in training: which proposal, and where its training stands. */
export interface OneShotModelProgress extends StandaloneProgress {
  readonly index: number;
  readonly arch: string;
  /** Always 0: a one-shot search does not restart a training. */
  readonly restart: number;
}

// ---------------------------------------------------------------------------------------------
// The one-shot family (steps a supernet trainer)

/**
 * The trainer of a shared-weight supernet, provided by src/train (tfjs) through
 * `StrategyDeps.supernet`; what a one-shot strategy asks of it is in src/nas/oneshot/trainer.ts.
 */
export type { SupernetTrainer } from '../oneshot/trainer';
import type { StandaloneProgress, SupernetTrainer } from '../oneshot/trainer';

/** One step of a one-shot search: the events it produced and whether the search is over. */
export interface OneShotStep {
  readonly events: RunEvent[];
  readonly done: boolean;
}

/** A one-shot search as `OneShotRun` drives it: one unit of work (a step, an epoch) at a time. */
export interface OneShotSearch {
  /** The next unit of work; `index` counts steps from 0. */
  step(index: number, rng: Rng): OneShotStep | Promise<OneShotStep>;
  /** Whether the search sits at an epoch boundary not yet checkpointed. */
  readonly checkpointDue?: boolean;
  /** Its state at that boundary, to resume from (`events` is the run's to fill in). */
  checkpoint?(): Promise<Omit<OneShotCheckpoint, 'events'>>;
  /** Goes on from a checkpoint. */
  restore?(checkpoint: Omit<OneShotCheckpoint, 'events'>): void;
  /** Frees the supernet and what else the search holds. */
  dispose(): void;
}

// ---------------------------------------------------------------------------------------------
// Definitions

/**
 * A strategy's own part of the run view (what its panel draws: a population, a controller's
 * distributions), folded from the log event by event, in O(1) per event. Pure data.
 */
export interface ViewFold<V = unknown> {
  /** The state before any event. */
  readonly initial: V;
  /** The state after one more event (every event of the log comes by, in order). */
  apply(state: V, event: RunEvent): V;
  /**
   * A copy of `state` that applying later events to the original leaves as it is (the timeline's
   * checkpoints); needed by a fold that appends to its arrays in place, absent for immutable ones.
   */
  copy?(state: V): V;
}

/** A lesson: a paper's setting in miniature (the text is `lessons:items.<id>` in the locales). */
export interface LessonDefinition {
  readonly id: string;
  /** Place in the lesson picker (ascending): lessons of several strategies interleave by it. */
  readonly order: number;
  /** The settings: fidelity, strategy, space and seed always, then what differs from the preset. */
  readonly patch: Readonly<Record<string, unknown>> & {
    fidelity: FidelityId;
    strategy: string;
    space: SpaceId;
    seed: number;
  };
}

/** i18n strings a module adds: `{ <namespace>: { <key>: ... } }` per language. */
export interface LocaleBundle {
  readonly en: Readonly<Record<string, Record<string, unknown>>>;
  readonly zh: Readonly<Record<string, Record<string, unknown>>>;
}

interface DefinitionBase<S> {
  /** The id of the strategy: `config.strategy`, and the key of its config section. */
  readonly id: string;
  /** The spaces it searches, its default first. */
  readonly spaces: readonly SpaceId[];
  /** What `create()` needs from outside the pure core (a tfjs controller, a supernet trainer). */
  readonly needs?: readonly (keyof StrategyDeps)[];
  /** Its config section: options, defaults, cross-field rules. */
  readonly section: ConfigSection<S>;
  /** Run-log event types it adds, beyond propose, result and done. */
  readonly events?: readonly EventRule[];
  /** The facts of its own events a schema cannot say, for one log (fresh state per log). */
  eventCheck?(config: RunConfig): EventCheck;
  /** Its part of the run view, if its panel draws more than every run has. */
  readonly view?: ViewFold;
  /** Its lessons, in picker order. */
  readonly lessons?: readonly LessonDefinition[];
  /** Why a logged result's reward does not follow from its accuracy; default: reward = accuracy. */
  rewardProblem?(event: ResultEvent, config: RunConfig): Message | undefined;
  /** Whether rewards may leave [0, 1] (BlockQNN's early-stop penalties). */
  unboundedReward?(config: RunConfig): boolean;
  /**
   * The config patch that limits a comparison run to `models` models; `config` is the run's config
   * before it (preset, strategy, space and seed applied), for a strategy whose count of models
   * follows from other settings (PNAS: the op set, B and K).
   */
  budgetPatch?(models: number, config: RunConfig): Record<string, unknown>;
  /** The strings of its options, views, lessons and messages. */
  readonly locales?: LocaleBundle;
}

/** A strategy that proposes architectures one iteration at a time and learns from their rewards. */
export interface SampleStrategyDefinition<S = unknown> extends DefinitionBase<S> {
  readonly family: 'sample';
  /** When a run is done (a schedule, a budget of models). */
  budget(config: RunConfig): Budget;
  create(config: RunConfig, deps: StrategyDeps): SearchStrategy;
  /** Present on Q-learners (a Q-table, an epsilon schedule, logged Q-updates). */
  readonly qLearning?: QLearningTraits;
}

/** A strategy that trains a shared-weight supernet and derives an architecture from it. */
export interface OneShotStrategyDefinition<S = unknown> extends DefinitionBase<S> {
  readonly family: 'oneshot';
  create(config: RunConfig, deps: StrategyDeps): OneShotSearch;
}

export type StrategyDefinition<S = unknown> = SampleStrategyDefinition<S> | OneShotStrategyDefinition<S>;
