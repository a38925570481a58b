import { describe, expect, it } from 'vitest';
import { compile, QTable } from './qtable';

describe('QTable', () => {
  it('reads Q0 where nothing was stored, lists stored values state by state', () => {
    const t = new QTable(0.5);
    expect(t.get('s', 'a')).toBe(0.5);
    t.set('s', 'a', 0.7);
    t.set('u', 'b', 0.2);
    t.set('s', 'c', 0.1);
    expect([...t.entries()]).toEqual([
      ['s', 'a', 0.7],
      ['s', 'c', 0.1],
      ['u', 'b', 0.2],
    ]);
    expect([...t.states()]).toEqual(['s', 'u']);
    expect(t.size).toBe(3);
    expect(t.maxQ('s', ['a', 'c', 'z'])).toBe(0.7);
    expect(t.maxQ('s', [])).toBe(0);
  });

  it('learns a compiled trajectory exactly as the rule, last step first', () => {
    const t = new QTable(0.5);
    const steps = [
      { state: 's0', action: 'a', nextState: 's1', nextActions: ['b', 'd'] },
      { state: 's1', action: 'b', nextState: 'T', nextActions: [] },
    ];
    t.learn(compile(t.cells, steps), 0.8, 0.01, 1);
    const last = 0.99 * 0.5 + 0.01 * 0.8;
    expect(t.get('s1', 'b')).toBe(last);
    expect(t.get('s0', 'a')).toBe(0.99 * 0.5 + 0.01 * (0 + 1 * last));
    // Only stored values count: s1's other action was read (Q0) but never stored.
    expect(t.size).toBe(2);
    expect(t.takeChanged().map((id) => t.cells.pair(id))).toEqual([
      ['s1', 'b'],
      ['s0', 'a'],
    ]);
    expect(t.takeChanged()).toEqual([]);
  });

  it('copies independently, sharing the cell numbers', () => {
    const t = new QTable(0.5);
    t.set('s', 'a', 0.6);
    const c = t.copy();
    c.set('s', 'a', 0.9);
    c.set('s', 'b', 0.1);
    expect(t.get('s', 'a')).toBe(0.6);
    expect(t.size).toBe(1);
    expect(c.size).toBe(2);
    expect(c.cells).toBe(t.cells);
  });
});
