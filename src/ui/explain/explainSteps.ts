/**
 * The explain steps of the run in the store, built incrementally: the run log only grows
 * (a reset replaces the array), so each array's steps are extended by its new events only.
 * A format-2 log's Q-updates are recomputed here, as the steps reach them (src/nas/qReplay.ts).
 */
import { appendExplainSteps, type ExplainStep } from '../../nas/explain';
import { QReplay, type QRule } from '../../nas/qReplay';
import type { RunEvent } from '../../nas/runlog';

interface Built {
  steps: ExplainStep[];
  read: number;
  lastProposal: number;
  replay: QReplay | null;
}

/** What the steps are built from: a run view's log and update rule. */
export interface ExplainSource {
  readonly events: readonly RunEvent[];
  readonly qRule: QRule | null;
}

const built = new WeakMap<readonly RunEvent[], Built>();

/** Every explain step of the log (the same array, extended, on later calls). */
export function explainStepsOf({ events, qRule }: ExplainSource): readonly ExplainStep[] {
  let entry = built.get(events);
  if (!entry) {
    entry = { steps: [], read: 0, lastProposal: -1, replay: qRule ? new QReplay(qRule) : null };
    built.set(events, entry);
  }
  if (entry.read < events.length) {
    const next = appendExplainSteps(events, entry.read, entry.steps, entry.lastProposal, entry.replay);
    entry.read = next.read;
    entry.lastProposal = next.lastProposal;
  }
  return entry.steps;
}

/** The step at `cursor`, or null before the first (or past the last) step. */
export function stepAt(source: ExplainSource, cursor: number): ExplainStep | null {
  return explainStepsOf(source)[cursor] ?? null;
}
