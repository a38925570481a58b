/**
 * Explain mode's reading of a Q-learning run log (SPEC §2): the log cut into steps a teacher
 * shows one at a time (each epsilon-greedy choice of a proposal, each Q-update), the equation of
 * an update with its numbers filled in, and the Q-table as it stood at a step. A one-shot run's
 * steps are its logged DARTS alpha steps, SNAS samples and ENAS updates (src/nas/oneshot/explain.ts).
 * Language-neutral: numbers and symbols only; the words are the UI's (i18n).
 * Pure module: no DOM, React or tfjs.
 */
import type { DartsAlphaEvent, EnasUpdateEvent, SnasGumbelEvent } from './oneshot/events';
import type { QReplay } from './qReplay';
import type { LoggedChoice, QUpdateEvent, RunEvent } from './runlog';

/** One epsilon-greedy choice of a proposal. */
export interface ChoiceStep {
  readonly kind: 'choice';
  /** Index of the propose event in the run log. */
  readonly eventIndex: number;
  /** Proposal index in the run. */
  readonly proposal: number;
  /** 0-based step of the trajectory, and how many steps it has. */
  readonly step: number;
  readonly steps: number;
  readonly state: string;
  /** The action taken (the trajectory's). */
  readonly action: string;
  readonly epsilon: number;
  /** The choice as logged, with the Q-values it saw (recomputed where the log has none). */
  readonly choice: LoggedChoice & { readonly q: readonly number[] };
}

/** One Q-value change. */
export interface UpdateStep {
  readonly kind: 'update';
  readonly eventIndex: number;
  /** Proposal whose result triggered the update. */
  readonly proposal: number;
  readonly update: QUpdateEvent;
}

/** The events of a one-shot run that explain mode shows, one step each (issue #18). */
export type OneShotExplainEvent = DartsAlphaEvent | SnasGumbelEvent | EnasUpdateEvent;

/** One DARTS alpha step, SNAS Gumbel sample or ENAS controller update, with its numbers. */
export interface OneShotStep {
  readonly kind: 'oneshot';
  readonly eventIndex: number;
  /** -1 while the supernet searches (the derived cell is the run's only proposal). */
  readonly proposal: number;
  readonly event: OneShotExplainEvent;
}

export type ExplainStep = ChoiceStep | UpdateStep | OneShotStep;

/** Whether `event` is one explain mode shows as a one-shot step. */
export function isOneShotExplainEvent(event: RunEvent): event is OneShotExplainEvent {
  return event.type === 'darts-alpha' || event.type === 'snas-gumbel' || event.type === 'enas-update';
}

/**
 * Appends the explain steps of `events[from..to)` to `out` and returns the number of events read.
 * (`to`: the end of the log unless given.)
 * Proposals logged without `choices` (older logs, other strategies) contribute no choice steps.
 * `replay` (fed every event in order, from the first) recomputes what a format-2 log no longer
 * stores: the Q-updates of its `replay` events and the Q-values each choice saw.
 */
export function appendExplainSteps(
  events: readonly RunEvent[],
  from: number,
  out: ExplainStep[],
  lastProposal = -1,
  replay: QReplay | null = null,
  to = events.length,
): { read: number; lastProposal: number } {
  let proposal = lastProposal;
  for (let i = from; i < to; i++) {
    const event = events[i]!;
    if (event.type === 'propose') {
      proposal = event.index;
      const { choices, trajectory, epsilon } = event;
      if (choices !== undefined && epsilon !== undefined) {
        choices.forEach((choice, k) => {
          const step = trajectory[k];
          if (!step) return;
          const q = choice.q ?? choice.actions.map((a) => replay?.table.get(step.state, a) ?? NaN);
          out.push({
            kind: 'choice',
            eventIndex: i,
            proposal: event.index,
            step: k,
            steps: trajectory.length,
            state: step.state,
            action: step.action,
            epsilon,
            choice: { ...choice, q },
          });
        });
      }
    } else if (event.type === 'q-update') {
      out.push({ kind: 'update', eventIndex: i, proposal, update: event });
    } else if (isOneShotExplainEvent(event)) {
      out.push({ kind: 'oneshot', eventIndex: i, proposal, event });
    }
    const at = proposal;
    replay?.read(
      event,
      event.type === 'replay'
        ? (update) => out.push({ kind: 'update', eventIndex: i, proposal: at, update })
        : undefined,
    );
  }
  return { read: to, lastProposal: proposal };
}

/** Q-value display: 6 decimals, enough to see an alpha of 0.01 move a value of 0.5. */
export function formatQ(x: number): string {
  return x.toFixed(6);
}

/** A rate as written in the config (0.01, 1): shortest round-trip form. */
export function formatRate(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** The draw u against epsilon with the comparison sign: `u = 0.1234 < ε = 0.3`. */
export function formatDraw(u: number, epsilon: number): string {
  return `u = ${u.toFixed(4)} ${u < epsilon ? '<' : '≥'} ε = ${formatRate(epsilon)}`;
}

/** A choice read for display: mode, the draw, and each legal action with its Q. */
export interface ChoiceExplanation {
  readonly mode: 'explore' | 'exploit' | 'forced';
  /** `u = … < ε = …`, or null without a draw. */
  readonly draw: string | null;
  readonly rows: readonly {
    action: string;
    q: number;
    qText: string;
    chosen: boolean;
    /** Of maximal Q among the legal actions (an exploiting choice picks one of these). */
    best: boolean;
  }[];
}

export function explainChoice(step: ChoiceStep): ChoiceExplanation {
  const { u, explore, actions, q } = step.choice;
  const max = Math.max(...q);
  return {
    mode: u === null ? 'forced' : explore ? 'explore' : 'exploit',
    draw: u === null ? null : formatDraw(u, step.epsilon),
    rows: actions.map((action, i) => ({
      action,
      q: q[i]!,
      qText: formatQ(q[i]!),
      chosen: action === step.action,
      best: q[i] === max,
    })),
  };
}

/** The update rule written three ways: symbols, numbers substituted, and the result. */
export interface UpdateExplanation {
  /** Q_new = Q_old + α·(r + γ·max_a' Q(s',a') − Q_old) */
  readonly symbolic: string;
  /** The same with the logged numbers in place. */
  readonly substituted: string;
  /** `= <newQ>`, the logged new value. */
  readonly result: string;
  /** The right-hand side recomputed from the substituted numbers. */
  readonly recomputed: number;
  /** Whether the logged newQ is the recomputed one (to rounding). */
  readonly consistent: boolean;
}

export const UPDATE_EQUATION = "Q_new = Q_old + α·(r + γ·max_a' Q(s',a') − Q_old)";

/** The update of `update` with alpha and gamma of the run's config. */
export function explainUpdate(update: QUpdateEvent, alpha: number, gamma: number): UpdateExplanation {
  const { oldQ, reward, maxNextQ, newQ } = update;
  const recomputed = oldQ + alpha * (reward + gamma * maxNextQ - oldQ);
  const substituted =
    `Q_new = ${formatQ(oldQ)} + ${formatRate(alpha)}·(${formatQ(reward)} + ` +
    `${formatRate(gamma)}·${formatQ(maxNextQ)} − ${formatQ(oldQ)})`;
  return {
    symbolic: UPDATE_EQUATION,
    substituted,
    result: `= ${formatQ(newQ)}`,
    recomputed,
    consistent: Math.abs(recomputed - newQ) <= 1e-9 * Math.max(1, Math.abs(newQ)),
  };
}

/**
 * The Q-values when step `cursor` of `steps` is shown: the latest `newQ` of every (state, action)
 * an update at or before it touched (state key -> action key -> Q).
 */
export function qValuesAtStep(
  steps: readonly ExplainStep[],
  cursor: number,
): Map<string, Map<string, number>> {
  const values = new Map<string, Map<string, number>>();
  const end = Math.min(cursor, steps.length - 1);
  for (let i = 0; i <= end; i++) {
    const step = steps[i]!;
    if (step.kind !== 'update') continue;
    const { state, action, newQ } = step.update;
    let row = values.get(state);
    if (!row) {
      row = new Map();
      values.set(state, row);
    }
    row.set(action, newQ);
  }
  return values;
}
