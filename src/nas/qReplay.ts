/**
 * The Q-updates of a format-2 run log, recomputed from what it logs (README: "Checking the
 * Q-updates of a run log"). After the result of proposal i comes `{ type: 'replay', index: i,
 * samples }`: proposal i's trajectory is updated last step first with its reward, then the
 * trajectory of each proposal in `samples`, in order, with that proposal's reward, by
 * Q(s,u) <- (1 - alpha) Q(s,u) + alpha [r + gamma max_u' Q(s',u')] (Baker et al. 2017, §3, §4.3).
 * Step k of a trajectory reaches step k+1's state, whose legal actions are the ones its logged
 * choice offered; the last step reaches the terminal state `T` (no future term). MetaQNN gives
 * the reward to the last transition alone; BlockQNN's reward shaping gives r/T to each of T.
 * Pure module: no DOM, React or tfjs.
 */
import { applyTrajectory, QTable, type QUpdateSink } from './qlearning';
import { compile, type CompiledTrajectory, type QCells } from './qtable';
import type { ProposeEvent, ReplayEvent, RunEvent } from './runlog';

/** The terminal state every Q-learning space uses. */
const TERMINAL = 'T';

/** The numbers of the update rule. */
export interface QRule {
  readonly alpha: number;
  readonly gamma: number;
  readonly initialQ: number;
  /** Per-transition rewards of a trajectory of `steps` (BlockQNN's shaping); absent: the last
   * transition alone earns the reward. */
  readonly rewardsFor?: (reward: number, steps: number) => readonly number[];
}

interface LoggedTransition {
  readonly state: string;
  readonly action: string;
  readonly nextState: string;
  readonly nextActions: readonly string[];
}

const transitionsOf = new WeakMap<ProposeEvent, readonly LoggedTransition[]>();

/** The transitions of a logged proposal (memoised per event). */
export function loggedTransitions(proposal: ProposeEvent): readonly LoggedTransition[] {
  let steps = transitionsOf.get(proposal);
  if (steps) return steps;
  const { trajectory, choices } = proposal;
  const last = trajectory.length - 1;
  steps = trajectory.map(({ state, action }, k) => {
    const nextActions = k === last ? [] : choices?.[k + 1]?.actions;
    if (nextActions === undefined)
      throw new Error(`Proposal ${proposal.index} logs no choices: its Q-updates cannot be recomputed`);
    return { state, action, nextState: k === last ? TERMINAL : trajectory[k + 1]!.state, nextActions };
  });
  transitionsOf.set(proposal, steps);
  return steps;
}

/** What a replay event needs of the log before it: proposals and rewards by proposal index. */
export interface ReplaySource {
  proposal(index: number): ProposeEvent | undefined;
  reward(index: number): number | undefined;
  /** Where the plans of proposals already replayed are kept, by proposal index (a long run
   * replays each proposal about a hundred times). */
  readonly plans: Plan[];
}

/**
 * Applies the Q-updates of one `replay` event to `table`, sending each to `sink` when given.
 * Returns how many were applied. Throws when it names a proposal the log does not have.
 */
export function applyReplay(
  table: QTable,
  rule: QRule,
  event: ReplayEvent,
  source: ReplaySource,
  sink?: QUpdateSink,
): number {
  const params = { alpha: rule.alpha, gamma: rule.gamma };
  let applied = 0;
  const learn = (index: number, kind: 'trajectory' | 'replay') => {
    if (index > event.index) throw beyond(event, index);
    const plan = planOf(table.cells, rule, source, index, event);
    if (sink) applyTrajectory(table, plan.steps, plan.reward, params, kind, sink);
    else table.learn(plan.trajectory, plan.reward, rule.alpha, rule.gamma);
    applied += plan.steps.length;
  };
  learn(event.index, 'trajectory');
  for (const sample of event.samples) learn(sample, 'replay');
  return applied;
}

/** What one proposal's update needs, worked out once per proposal. */
export interface Plan {
  readonly steps: readonly LoggedTransition[];
  readonly trajectory: CompiledTrajectory;
  readonly reward: number | readonly number[];
}

function planOf(cells: QCells, rule: QRule, source: ReplaySource, index: number, event: ReplayEvent): Plan {
  const cached = source.plans[index];
  if (cached) return cached;
  const proposal = source.proposal(index);
  const reward = source.reward(index);
  if (proposal === undefined || reward === undefined) throw beyond(event, index);
  // Proposals of one architecture share a plan (a long run proposes a few thousand many times over).
  let byArch = sharedPlans.get(cells);
  if (!byArch) sharedPlans.set(cells, (byArch = new Map()));
  const key = `${reward}|${proposal.arch}`;
  let plan = byArch.get(key);
  if (!plan) {
    const steps = loggedTransitions(proposal);
    plan = {
      steps,
      trajectory: compile(cells, steps),
      reward: rule.rewardsFor?.(reward, steps.length) ?? reward,
    };
    byArch.set(key, plan);
  }
  source.plans[index] = plan;
  return plan;
}

const sharedPlans = new WeakMap<QCells, Map<string, Plan>>();

function beyond(event: ReplayEvent, index: number): Error {
  return new Error(
    `Replay of proposal ${event.index} names proposal ${index}, which has no result before it`,
  );
}

/** The cells one `replay` event updates (its proposal's and its samples' trajectories), each once. */
export function replayCells(table: QTable, event: ReplayEvent, source: ReplaySource): number[] {
  const seen = new Set<number>();
  for (const index of [event.index, ...event.samples]) {
    const proposal = source.proposal(index);
    if (proposal) for (const cell of compile(table.cells, loggedTransitions(proposal)).cells) seen.add(cell);
  }
  return [...seen];
}

/** A Q-table rebuilt event by event from a format-2 log (explain mode, conversions, tests). */
export class QReplay implements ReplaySource {
  readonly table: QTable;
  private proposals: ProposeEvent[] = [];
  private rewards: number[] = [];
  plans: Plan[] = [];
  /** Q-updates applied so far. */
  updates = 0;

  /** `table`: the table to update (a new one, filled with the rule's initial Q, by default). */
  constructor(
    readonly rule: QRule,
    table?: QTable,
  ) {
    this.table = table ?? new QTable(rule.initialQ);
  }

  /**
   * A replay that reads on from `table` (this log's table at some earlier event: a checkpoint),
   * sharing this one's dictionary of proposals, rewards and plans. The dictionary only grows, and
   * a replay event draws only proposals logged before it, so the fork replays what this one did.
   */
  fork(table: QTable): QReplay {
    const twin = new QReplay(this.rule, table);
    twin.proposals = this.proposals;
    twin.rewards = this.rewards;
    twin.plans = this.plans;
    return twin;
  }

  proposal(index: number): ProposeEvent | undefined {
    return this.proposals[index];
  }

  reward(index: number): number | undefined {
    return this.rewards[index];
  }

  /**
   * Reads one event of the log; a `replay` event applies its Q-updates (to `sink` too). A logged
   * `q-update` (format 1) sets its value as logged, so a version-1 run continued here goes on
   * from the table it left.
   */
  read(event: RunEvent, sink?: QUpdateSink): void {
    if (event.type === 'propose') this.proposals[event.index] = event;
    else if (event.type === 'result') this.rewards[event.index] = event.reward;
    else if (event.type === 'replay') this.updates += applyReplay(this.table, this.rule, event, this, sink);
    else if (event.type === 'q-update') {
      this.table.set(event.state, event.action, event.newQ);
      this.updates++;
    }
  }
}

/**
 * The same log in format version 1: each `replay` event replaced by the Q-updates it stands for,
 * and each choice with the Q-values it saw. For tests of version-1 imports, and for
 * `npm run bench:scale` to measure what the old format would have stored.
 */
export function toVersion1(events: readonly RunEvent[], rule: QRule): RunEvent[] {
  const replay = new QReplay(rule);
  const out: RunEvent[] = [];
  for (const event of events) {
    if (event.type === 'propose' && event.choices) {
      const { trajectory } = event;
      out.push({
        ...event,
        choices: event.choices.map((choice, k) => ({
          ...choice,
          q: choice.q ?? choice.actions.map((a) => replay.table.get(trajectory[k]!.state, a)),
        })),
      });
    } else if (event.type !== 'replay') out.push(event);
    replay.read(event, (update) => out.push(update));
  }
  return out;
}
