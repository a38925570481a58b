/**
 * The Q-table's colour domain in explain mode: fixed over the explained log, so that a colour
 * means one Q-value at every step instead of the range of the table as it stood at that step.
 */
import type { ExplainStep } from '../../nas/explain';

/** [min, max] of the initial Q and every Q-value the log's updates wrote (and read). */
export function loggedQDomain(steps: readonly ExplainStep[], initialQ: number): [number, number] {
  return extendDomain([initialQ, initialQ], steps, 0);
}

/** `domain` widened by the Q-values of the update steps from index `from` on. */
function extendDomain(
  domain: [number, number],
  steps: readonly ExplainStep[],
  from: number,
): [number, number] {
  let [lo, hi] = domain;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind !== 'update') continue;
    lo = Math.min(lo, step.update.oldQ, step.update.newQ);
    hi = Math.max(hi, step.update.oldQ, step.update.newQ);
  }
  return [lo, hi];
}

/**
 * `loggedQDomain` remembered per log: the steps are extended in place while the search runs, so
 * only the steps appended since the last call are read. New steps or initial Q start over.
 */
export function createLoggedQDomain(): (steps: readonly ExplainStep[], initialQ: number) => [number, number] {
  let seen: readonly ExplainStep[] | null = null;
  let seenInitial = NaN;
  let read = 0;
  let domain: [number, number] = [0, 0];
  return (steps, initialQ) => {
    if (steps !== seen || initialQ !== seenInitial || steps.length < read) {
      seen = steps;
      seenInitial = initialQ;
      read = 0;
      domain = [initialQ, initialQ];
    }
    if (steps.length > read) {
      domain = extendDomain(domain, steps, read);
      read = steps.length;
    }
    return domain;
  };
}
