import { describe, expect, it } from 'vitest';
import type { ExplainStep } from '../../nas/explain';
import { qUpdate } from '../../store/testEvents';
import { createLoggedQDomain, loggedQDomain } from './explainDomain';

const update = (oldQ: number, newQ: number): ExplainStep => ({
  kind: 'update',
  eventIndex: 0,
  proposal: 0,
  update: qUpdate('s', 'a', oldQ, newQ),
});

/** Three MetaQNN updates from Q0 = 0.5: one up to 0.502, one down to 0.492, one in between. */
const log: ExplainStep[] = [update(0.5, 0.502), update(0.5, 0.492), update(0.492, 0.495)];

describe('loggedQDomain', () => {
  it('spans the initial Q and every Q the log wrote', () => {
    expect(loggedQDomain(log, 0.5)).toEqual([0.492, 0.502]);
    expect(loggedQDomain([], 0.5)).toEqual([0.5, 0.5]);
    expect(loggedQDomain([update(0.6, 0.7)], 0.5)).toEqual([0.5, 0.7]);
  });

  it('is the same at every step of the log, so 0.492 keeps its colour', () => {
    const domainOf = createLoggedQDomain();
    const first = domainOf(log, 0.5);
    // Each step shows a prefix of the log's Q-values, yet the builder passes the whole log.
    for (let step = 0; step < log.length; step++) expect(domainOf(log, 0.5)).toBe(first);
    expect(first).toEqual([0.492, 0.502]);
  });

  it('grows with a log extended in place, and starts over for another log or Q0', () => {
    const domainOf = createLoggedQDomain();
    const growing: ExplainStep[] = [update(0.5, 0.502)];
    expect(domainOf(growing, 0.5)).toEqual([0.5, 0.502]);
    growing.push(update(0.5, 0.48));
    expect(domainOf(growing, 0.5)).toEqual([0.48, 0.502]);
    expect(domainOf([update(0.5, 0.51)], 0.5)).toEqual([0.5, 0.51]);
    expect(domainOf([update(0.5, 0.51)], 0.4)).toEqual([0.4, 0.51]);
  });
});
