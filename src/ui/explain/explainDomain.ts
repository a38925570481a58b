/**
 * The Q-table's colour domain in explain mode: fixed over the explained log, so that a colour
 * means one Q-value at every step instead of the range of the table as it stood at that step.
 */
import type { RunEvent } from '../../nas/runlog';

/** [min, max] of the initial Q and every Q-value the log's updates wrote (and read). */
export function loggedQDomain(events: readonly RunEvent[], initialQ: number): [number, number] {
  return extendDomain([initialQ, initialQ], events, 0);
}

/** `domain` widened by the Q-values of the updates in `events` from index `from` on. */
function extendDomain(domain: [number, number], events: readonly RunEvent[], from: number): [number, number] {
  let [lo, hi] = domain;
  for (let i = from; i < events.length; i++) {
    const event = events[i]!;
    if (event.type !== 'q-update') continue;
    lo = Math.min(lo, event.oldQ, event.newQ);
    hi = Math.max(hi, event.oldQ, event.newQ);
  }
  return [lo, hi];
}

/**
 * `loggedQDomain` remembered per log: the log is extended in place while the search runs, so
 * only the events appended since the last call are read. A new log or initial Q starts over.
 */
export function createLoggedQDomain(): (events: readonly RunEvent[], initialQ: number) => [number, number] {
  let seen: readonly RunEvent[] | null = null;
  let seenInitial = NaN;
  let read = 0;
  let domain: [number, number] = [0, 0];
  return (events, initialQ) => {
    if (events !== seen || initialQ !== seenInitial || events.length < read) {
      seen = events;
      seenInitial = initialQ;
      read = 0;
      domain = [initialQ, initialQ];
    }
    if (events.length > read) {
      domain = extendDomain(domain, events, read);
      read = events.length;
    }
    return domain;
  };
}
