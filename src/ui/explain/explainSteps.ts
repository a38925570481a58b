/**
 * The explain steps of the run in the store, indexed incrementally: the run log only grows (a
 * reset replaces the array), so each array's index reads its new events only. Steps are made on
 * demand (src/nas/explainIndex.ts): a paper-length run's 25 million Q-updates are never all held.
 */
import { ExplainIndex } from '../../nas/explainIndex';
import type { QRule } from '../../nas/qReplay';
import type { RunEvent } from '../../nas/runlog';

/** What the steps are built from: a run view's log and update rule. */
export interface ExplainSource {
  readonly events: readonly RunEvent[];
  readonly qRule: QRule | null;
}

const indexes = new WeakMap<readonly RunEvent[], ExplainIndex>();

/** The index of every explain step of the log (the same index, read further, on later calls). */
export function explainStepsOf({ events, qRule }: ExplainSource): ExplainIndex {
  let index = indexes.get(events);
  if (!index) {
    index = new ExplainIndex(events, qRule);
    indexes.set(events, index);
  }
  index.extend();
  return index;
}
