/**
 * The run log: the append-only list of events that fully describes a run (SPEC §1).
 * The store, the UI, export, import and resume are all driven by these events.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunConfig, TrainingPath } from './config';
import type { Message } from './message';

/** Log format id and version written into every exported run. */
export const RUN_LOG_FORMAT = 'nas-playground/run' as const;
export const RUN_LOG_VERSION = 2 as const;
/** Older versions this build still imports as they are (a version-1 log keeps its q-update events). */
export const OLDER_RUN_LOG_VERSIONS = [1] as const;

/** One (state, action) step of a proposal, as canonical strings (README: "State and action strings"). */
export interface TrajectoryStep {
  readonly state: string;
  readonly action: string;
}

/** Q-learning: how one step of a proposal's trajectory was chosen (epsilon-greedy). */
export interface LoggedChoice {
  /** The uniform draw u in [0, 1) compared with the proposal's epsilon; null when the state had
   * a single legal action, taken without drawing. */
  readonly u: number | null;
  /** u < epsilon: a uniformly random legal action (explore); else one of maximal Q (exploit). */
  readonly explore: boolean;
  /** Legal actions of the state, in the order offered; the step's action is one of them. */
  readonly actions: readonly string[];
  /** Q(state, a) of each legal action when the choice was made. Format version 1 logged them;
   * version 2 does not (they follow from the Q-updates before the proposal, recomputed on demand). */
  readonly q?: readonly number[];
}

/** The strategy proposed an architecture (cached or not). */
export interface ProposeEvent {
  readonly type: 'propose';
  /** 0-based index of the proposal in the run, cached proposals included. */
  readonly index: number;
  /** Epsilon in force when the architecture was sampled (Q-learning strategies only). */
  readonly epsilon?: number;
  /** Canonical architecture string: a net string such as `C(32,3,1) P(2,2) FC(64) SM(10)`, or a
   * BlockQNN block string of NSCs such as `(1,1,3,0,0) (2,5,0,0,1) (3,7,0,0,0)`. */
  readonly arch: string;
  /** The (state, action) steps that built it; for BlockQNN the actions are the NSCs in order.
   * Empty for strategies without a Q-table. */
  readonly trajectory: readonly TrajectoryStep[];
  /** Q-learning: one entry per trajectory step, how its action was chosen (optional: logs
   * written before it was added have none). */
  readonly choices?: readonly LoggedChoice[];
  /** Token strategies (REINFORCE; evolution and random search on token spaces): the outcome
   * index chosen at each decision step of the space. */
  readonly decisions?: readonly number[];
  /** REINFORCE: the distribution each decision was drawn from (skips: [1 - p, p]). */
  readonly probabilities?: readonly (readonly number[])[];
  /** Evolution: a uniformly random member while the population fills, or a mutated child. */
  readonly origin?: 'random' | 'mutation';
  /** Evolution: member ids drawn for the tournament (with replacement), in draw order. */
  readonly tournament?: readonly number[];
  /** Evolution: the parent's member id (the best of the tournament). */
  readonly parentId?: number;
  /** Evolution: the one mutation that made the child, in words. */
  readonly mutation?: string;
  /** The same as a message (src/nas/message.ts), shown in the UI's language; logs written before
   * it existed have only the English `mutation`. */
  readonly mutationMessage?: Message;
}

/** The reward of a proposal: trained now, or reused from the replay dictionary (`cached`). */
export interface ResultEvent {
  readonly type: 'result';
  readonly index: number;
  readonly arch: string;
  /** The reward the strategy learns from (MetaQNN: best validation accuracy; BlockQNN: that, or
   * the early-stop reward accuracy - flopsPenalty - densityPenalty when it is on). */
  readonly reward: number;
  /** Best validation accuracy over the training epochs, in [0, 1]. */
  readonly accuracy: number;
  /** Validation accuracy after each epoch of the final (re)start, in [0, 1]. */
  readonly curve: readonly number[];
  /** Trainable parameters. */
  readonly params: number;
  /** Wall-clock training time in milliseconds (0 when cached). */
  readonly trainMs: number;
  /** tfjs backend that trained it: 'webgpu' | 'webgl' | 'cpu'. */
  readonly backend: string;
  /** How many times training restarted at a lower learning rate (SPEC §2). */
  readonly restarts: number;
  /** True when the reward was reused instead of training again. */
  readonly cached: boolean;
  /** BlockQNN: multiply-accumulates of the whole network. */
  readonly flops?: number;
  /** BlockQNN: edges / nodes of the block DAG. */
  readonly density?: number;
  /** BlockQNN: mu ln(flops / flopsBaseline), subtracted from the accuracy when early stop is on. */
  readonly flopsPenalty?: number;
  /** BlockQNN: rho ln(density), subtracted from the accuracy when early stop is on. */
  readonly densityPenalty?: number;
  /** NAS-Bench-201: the benchmark's test accuracy of the cell, shown, never used for search. */
  readonly testAccuracy?: number;
  /** True when the result was read from the persistent result cache: an earlier run trained the
   * same architecture on the same dataset, fidelity and training seed (`trainMs` is then 0). */
  readonly fromResultCache?: boolean;
  /** Runs with `trainingPath: 'engine'`: what trained this model now (absent: tfjs, as every model
   * of a `tfjs` run; also absent for results reused or read from the result cache). */
  readonly trainedOn?: TrainingPath;
  /** Why a model of an `engine` run trained on tfjs instead (unsupported layer, no WebGPU, an error). */
  readonly engineFallback?: string;
  /** The same reason as a message (src/nas/message.ts), shown in the UI's language; logs written
   * before it existed have only the English `engineFallback`. */
  readonly engineFallbackMessage?: Message;
}

/**
 * Q-learning (format version 2): what a proposal's result taught the Q-table, in the fewest
 * numbers that determine it. Right after the result of proposal `index`, its trajectory is
 * updated last step first with its reward, then the trajectory of each replayed proposal in
 * `samples` order with that proposal's reward (README: "Checking the Q-updates of a run log").
 */
export interface ReplayEvent {
  readonly type: 'replay';
  readonly index: number;
  /** Replay-dictionary entries drawn (uniformly, with replacement), in draw order. Entry k of the
   * dictionary is proposal k of the run (its architecture and the reward its result logged):
   * every proposal, cached ones included, joins the dictionary when its result arrives. */
  readonly samples: readonly number[];
}

/** One single Q-value change, in the order applied. Logged by format version 1; version 2 logs
 * `replay` events instead and these are recomputed from them (src/nas/qReplay.ts). */
export interface QUpdateEvent {
  readonly type: 'q-update';
  readonly state: string;
  readonly action: string;
  /** Canonical string of the state reached (`T` after termination). */
  readonly nextState: string;
  /** Reward of this transition (MetaQNN: 0 except on the final transition; BlockQNN with reward
   * shaping: r_T / T on the intermediate ones). */
  readonly reward: number;
  readonly oldQ: number;
  /** max over legal actions of Q(nextState, ·); 0 after termination. */
  readonly maxNextQ: number;
  readonly newQ: number;
  readonly source: 'trajectory' | 'replay';
}

/** The epsilon schedule entered a step (emitted at the start of a run and on every advance). */
export interface EpsilonEvent {
  readonly type: 'epsilon';
  /** 0-based index of the schedule step. */
  readonly step: number;
  readonly epsilon: number;
  /** Proposals the schedule allots to this epsilon: unique models (MetaQNN) or blocks,
   * iterations x batch size (BlockQNN). */
  readonly modelsAtEpsilon: number;
}

/** The schedule is exhausted: the search is complete. */
export interface DoneEvent {
  readonly type: 'done';
  /** Unique models trained in the whole run. */
  readonly trained: number;
}

/**
 * The events a strategy adds to the log, keyed by their `type`: empty here, each strategy's
 * folder adds its own by declaration merging
 * (`declare module '../../runlog' { interface StrategyEvents { population: PopulationEvent } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StrategyEvents {}

export type RunEvent =
  | ProposeEvent
  | ResultEvent
  | ReplayEvent
  | QUpdateEvent
  | EpsilonEvent
  | StrategyEvents[keyof StrategyEvents]
  | DoneEvent;
export type RunEventType = RunEvent['type'];

/** An exported run: everything needed to re-render or resume it. */
export interface RunLog {
  readonly format: typeof RUN_LOG_FORMAT;
  /** Exports write the current version; imports also read the older ones as they are. */
  readonly version: typeof RUN_LOG_VERSION | (typeof OLDER_RUN_LOG_VERSIONS)[number];
  readonly config: RunConfig;
  readonly seed: number;
  readonly events: readonly RunEvent[];
}

/**
 * `events` without a trailing proposal that has no result yet (the worker stopped or crashed
 * while training it). The same array when nothing is dropped.
 */
export function completeEvents<E extends RunEvent>(events: readonly E[]): readonly E[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'result') return events;
    if (event.type === 'propose') return events.slice(0, i);
  }
  return events;
}
