/**
 * The explain steps of the run in the store, built incrementally: the run log only grows
 * (a reset replaces the array), so each array's steps are extended by its new events only.
 */
import { appendExplainSteps, type ExplainStep } from '../../nas/explain';
import type { RunEvent } from '../../nas/runlog';

interface Built {
  steps: ExplainStep[];
  read: number;
  lastProposal: number;
}

const built = new WeakMap<readonly RunEvent[], Built>();

/** Every explain step of `events` (the same array, extended, on later calls). */
export function explainStepsOf(events: readonly RunEvent[]): readonly ExplainStep[] {
  let entry = built.get(events);
  if (!entry) {
    entry = { steps: [], read: 0, lastProposal: -1 };
    built.set(events, entry);
  }
  if (entry.read < events.length) {
    const next = appendExplainSteps(events, entry.read, entry.steps, entry.lastProposal);
    entry.read = next.read;
    entry.lastProposal = next.lastProposal;
  }
  return entry.steps;
}

/** The step at `cursor`, or null before the first (or past the last) step. */
export function stepAt(events: readonly RunEvent[], cursor: number): ExplainStep | null {
  return explainStepsOf(events)[cursor] ?? null;
}
