/**
 * The run log: the append-only list of events that fully describes a run (SPEC §1).
 * The store, the UI, export, import and resume are all driven by these events.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';

/** Log format id and version written into every exported run. */
export const RUN_LOG_FORMAT = 'nas-playground/run' as const;
export const RUN_LOG_VERSION = 1 as const;

/** One (state, action) step of a proposal, as canonical strings (README: "State and action strings"). */
export interface TrajectoryStep {
  readonly state: string;
  readonly action: string;
}

/** The strategy proposed an architecture (cached or not). */
export interface ProposeEvent {
  readonly type: 'propose';
  /** 0-based index of the proposal in the run, cached proposals included. */
  readonly index: number;
  /** Epsilon in force when the architecture was sampled. */
  readonly epsilon: number;
  /** Canonical architecture string: a net string such as `C(32,3,1) P(2,2) FC(64) SM(10)`, or a
   * BlockQNN block string of NSCs such as `(1,1,3,0,0) (2,5,0,0,1) (3,7,0,0,0)`. */
  readonly arch: string;
  /** The (state, action) steps that built it; for BlockQNN the actions are the NSCs in order. */
  readonly trajectory: readonly TrajectoryStep[];
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
}

/** One single Q-value change, in the order applied. */
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

export type RunEvent = ProposeEvent | ResultEvent | QUpdateEvent | EpsilonEvent | DoneEvent;
export type RunEventType = RunEvent['type'];

/** An exported run: everything needed to re-render or resume it. */
export interface RunLog {
  readonly format: typeof RUN_LOG_FORMAT;
  readonly version: typeof RUN_LOG_VERSION;
  readonly config: RunConfig;
  readonly seed: number;
  readonly events: readonly RunEvent[];
}
