/**
 * The run as the UI sees it: state derived from the run log (SPEC §1), updated incrementally.
 * `appendEvents` costs O(new events): the big collections (events, history, Q-table) are
 * append-only containers shared between successive views, and `revision` says they changed.
 * Pure module: no DOM, React, tfjs or zustand, so it runs in Node tests.
 */
import type { EpsilonStep, RunConfig } from '../nas/config';
import { QTable } from '../nas/qlearning';
import { applyReplay, replayCells, type Plan, type QRule, type ReplaySource } from '../nas/qReplay';
import { drawnSchedule, isQConfig, qParams } from '../nas/qsearch';
import type { ProposeEvent, ReplayEvent, ResultEvent, RunEvent, TrajectoryStep } from '../nas/runlog';

/** Moved to the run log module (the worker reads imported logs too); kept here for the UI. */
export { completeEvents } from '../nas/runlog';
import { findStrategy } from '../nas/strategies';

/** Q-values the run's updates wrote (recomputed from `replay` events, or logged by format 1):
 * state key -> action key -> Q. */
export type QValues = Map<string, Map<string, number>>;

/** One entry of the Q-table. */
export interface QCell {
  state: string;
  action: string;
}

/** Where the run stands in the epsilon schedule. */
export interface EpsilonView {
  /** 0-based schedule step in force. */
  step: number;
  epsilon: number;
  /** Unique models the schedule allots to this step. */
  modelsAtEpsilon: number;
}

/** Proposals of the run, by outcome. */
export interface RunCounts {
  /** Proposals made (cached ones included). */
  proposed: number;
  /** Unique models trained (results that were not cached). */
  trained: number;
  /** Proposals answered from the replay dictionary without training. */
  cached: number;
}

export interface RunView {
  /** The run log, append-only (shared with later views; see `revision`). */
  readonly events: RunEvent[];
  /** Result events in the order they arrived. */
  readonly history: ResultEvent[];
  /** Proposals by proposal index. */
  readonly proposals: ProposeEvent[];
  /** Latest Q-value of every (state, action) that a Q-update touched. */
  readonly qValues: QValues;
  /** Number of Q-updates applied. */
  readonly qUpdates: number;
  /** The update rule of a Q-learning run (to recompute its updates from `replay` events). */
  readonly qRule: QRule | null;
  /** The Q-table those updates keep (shared with later views, like `qValues`, which mirrors it). */
  readonly qTable: QTable | null;
  /** Each replayed proposal's update, worked out once (by proposal index; shared like `qTable`). */
  readonly replayPlans: Plan[];
  /** (state, action) pairs the Q-learning changed after the latest result. */
  readonly lastLearned: readonly QCell[];
  /** The latest proposal (possibly still being trained). */
  readonly lastProposal: ProposeEvent | null;
  /** The (state, action) steps of the latest proposal. */
  readonly lastTrajectory: readonly TrajectoryStep[];
  readonly epsilon: EpsilonView;
  /** The schedule of the run's config in proposals (BlockQNN: iterations x batch; fixed for a run). */
  readonly schedule: readonly EpsilonStep[];
  /** Whether cached proposals count toward the schedule (BlockQNN) or only unique models (MetaQNN). */
  readonly countsCached: boolean;
  /** Proposals the schedule counted at each step (MetaQNN: unique models trained). */
  readonly trainedPerStep: readonly number[];
  /** Proposals the schedule counted in all: where the run stands on it. */
  readonly scheduled: number;
  /** Proposals the schedule plans in total. */
  readonly planned: number;
  readonly counts: RunCounts;
  /** Highest reward so far, or null before the first result. */
  readonly bestReward: number | null;
  /** The result holding `bestReward`. */
  readonly best: ResultEvent | null;
  /** True once a `done` event arrived. */
  readonly done: boolean;
  /** The run's strategy (its definition folds `strategyView`). */
  readonly strategyId: string;
  /**
   * The strategy's own part of the view (src/nas/strategies/<id>: `view`), e.g. evolution's
   * population or the REINFORCE controller's distributions; null for a strategy without one.
   */
  readonly strategyView: unknown;
  /** Bumped by every `appendEvents` that added events. */
  readonly revision: number;
}

/** The view of a run that has not logged anything yet. */
export function emptyRunView(config: RunConfig): RunView {
  // The plan in proposals: a Q-learner's epsilon schedule, else one step of the budget at epsilon 1.
  const { steps: schedule, countsCached } = drawnSchedule(config);
  const first = schedule[0] ?? { epsilon: 1, models: 0 };
  return {
    events: [],
    history: [],
    proposals: [],
    qValues: new Map(),
    qUpdates: 0,
    qRule: isQConfig(config) ? qParams(config) : null,
    qTable: isQConfig(config) ? new QTable(qParams(config).initialQ) : null,
    replayPlans: [],
    lastLearned: [],
    lastProposal: null,
    lastTrajectory: [],
    epsilon: { step: 0, epsilon: first.epsilon, modelsAtEpsilon: first.models },
    schedule,
    countsCached,
    trainedPerStep: schedule.map(() => 0),
    scheduled: 0,
    planned: schedule.reduce((sum, s) => sum + s.models, 0),
    counts: { proposed: 0, trained: 0, cached: 0 },
    bestReward: null,
    best: null,
    done: false,
    strategyId: config.strategy,
    strategyView: findStrategy(config.strategy)?.view?.initial ?? null,
    revision: 0,
  };
}

/**
 * The view after `events`: a new object sharing (and extending) the containers of `view`, so
 * the cost is O(events.length). `view` must not be used to append again afterwards.
 */
export function appendEvents(view: RunView, events: readonly RunEvent[]): RunView {
  if (events.length === 0) return view;
  const { events: log, history, proposals, qValues } = view;
  let { qUpdates, lastProposal, epsilon, bestReward, best, done, scheduled, strategyView } = view;
  const fold = findStrategy(view.strategyId)?.view;
  const counts = { ...view.counts };
  const trainedPerStep = [...view.trainedPerStep];
  let learned: QCell[] | null = null;
  let lastReplay: { event: ReplayEvent; source: ReplaySource } | null = null;
  for (const event of events) {
    log.push(event);
    if (fold) strategyView = fold.apply(strategyView, event);
    switch (event.type) {
      case 'propose':
        proposals[event.index] = event;
        lastProposal = event;
        counts.proposed++;
        break;
      case 'result':
        history.push(event);
        learned = [];
        if (event.cached) counts.cached++;
        else counts.trained++;
        if (!event.cached || view.countsCached) {
          scheduled++;
          trainedPerStep[epsilon.step] = (trainedPerStep[epsilon.step] ?? 0) + 1;
        }
        if (bestReward === null || event.reward > bestReward) {
          bestReward = event.reward;
          best = event;
        }
        break;
      case 'replay': {
        const { qTable, qRule } = view;
        if (!qTable || !qRule) break;
        const source: ReplaySource = {
          proposal: (i) => proposals[i],
          reward: (i) => resultAt(history, i)?.reward,
          plans: view.replayPlans,
        };
        qUpdates += applyReplay(qTable, qRule, event, source);
        lastReplay = { event, source };
        break;
      }
      case 'q-update': {
        let row = qValues.get(event.state);
        if (!row) qValues.set(event.state, (row = new Map()));
        row.set(event.action, event.newQ);
        // A version-1 run continued here goes on from the table its updates left.
        view.qTable?.set(event.state, event.action, event.newQ);
        learned ??= [...view.lastLearned];
        learned.push({ state: event.state, action: event.action });
        qUpdates++;
        break;
      }
      case 'epsilon':
        epsilon = { step: event.step, epsilon: event.epsilon, modelsAtEpsilon: event.modelsAtEpsilon };
        break;
      case 'done':
        done = true;
        break;
    }
  }
  const { qTable } = view;
  if (qTable) {
    // The chart's mirror follows the table: each value changed in this batch, written once.
    for (const id of qTable.takeChanged()) {
      const [state, action] = qTable.cells.pair(id);
      let row = qValues.get(state);
      if (!row) qValues.set(state, (row = new Map()));
      row.set(action, qTable.at(id));
    }
    if (lastReplay) {
      // What the latest result taught: every cell its replay event updated.
      const cells = replayCells(qTable, lastReplay.event, lastReplay.source);
      learned = [
        ...(learned ?? []),
        ...cells.map((id) => {
          const [state, action] = qTable.cells.pair(id);
          return { state, action };
        }),
      ];
    }
  }
  return {
    ...view,
    qUpdates,
    lastLearned: learned ?? view.lastLearned,
    lastProposal,
    lastTrajectory: lastProposal?.trajectory ?? [],
    epsilon,
    trainedPerStep,
    scheduled,
    counts,
    bestReward,
    best,
    done,
    strategyView,
    revision: view.revision + 1,
  };
}

/** The result of proposal `index` (results arrive in proposal order: it is usually at `index`). */
function resultAt(history: readonly ResultEvent[], index: number): ResultEvent | undefined {
  const at = history[index];
  return at?.index === index ? at : history.find((r) => r.index === index);
}

/** The view of a whole run log, computed from scratch (import, restore, tests). */
export function deriveRunView(config: RunConfig, events: readonly RunEvent[]): RunView {
  return appendEvents(emptyRunView(config), events);
}
