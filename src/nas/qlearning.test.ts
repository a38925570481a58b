import { describe, expect, it } from 'vitest';
import { QTable, qUpdate, updateTrajectory, type QTransition } from './qlearning';

const params = { alpha: 0.01, gamma: 1 };

describe('one Q-update (Baker et al. eq. 3)', () => {
  it('Q = 0.5, a = 0.01, r = 0.9, g = 1, max next = 0  ->  0.99 * 0.5 + 0.01 * 0.9 = 0.504', () => {
    expect(qUpdate(0.5, 0.9, 0, params)).toBeCloseTo(0.504, 15);
  });

  it('a non-final step learns only the discounted max: 0.99 * 0.5 + 0.01 * (0 + 1 * 0.6) = 0.501', () => {
    expect(qUpdate(0.5, 0, 0.6, params)).toBeCloseTo(0.501, 15);
  });
});

describe('QTable', () => {
  it('reads unseen pairs as the initial Q and counts stored values', () => {
    const table = new QTable(0.5);
    expect(table.get('0:start|R8|fc0', 'SM')).toBe(0.5);
    table.set('0:start|R8|fc0', 'SM', 0.7);
    table.set('0:start|R8|fc0', 'SM', 0.8);
    table.set('1:C(8,3,1)|R8|fc0', 'GAP', 0.2);
    expect(table.size).toBe(2);
    expect([...table.entries()]).toEqual([
      ['0:start|R8|fc0', 'SM', 0.8],
      ['1:C(8,3,1)|R8|fc0', 'GAP', 0.2],
    ]);
    expect(table.maxQ('1:C(8,3,1)|R8|fc0', ['GAP', 'SM'])).toBe(0.5); // SM unseen: 0.5 > 0.2
    expect(table.maxQ('T', [])).toBe(0);
  });
});

/** C(8,3,1) P(2,2) FC(32) SM(10) on 14x14 images: 3 layers, then terminate. */
const trajectory: QTransition[] = [
  {
    state: '0:start|R8|fc0',
    action: 'C(8,3,1)',
    nextState: '1:C(8,3,1)|R8|fc0',
    nextActions: ['C(8,3,1)', 'P(2,2)', 'GAP', 'SM'],
  },
  {
    state: '1:C(8,3,1)|R8|fc0',
    action: 'P(2,2)',
    nextState: '2:P(2,2)|R4|fc0',
    nextActions: ['C(8,3,1)', 'FC(32)', 'GAP', 'SM'],
  },
  { state: '2:P(2,2)|R4|fc0', action: 'FC(32)', nextState: '3:FC(32)|R4|fc1', nextActions: ['FC(32)', 'SM'] },
  { state: '3:FC(32)|R4|fc1', action: 'SM', nextState: 'T', nextActions: [] },
];

describe('trajectory update in reverse temporal order', () => {
  it('updates the final transition first, then each earlier one with the freshly updated max', () => {
    const table = new QTable(0.5);
    const events = updateTrajectory(table, trajectory, 0.9, params, 'trajectory');
    const rows = events.map((e) => [e.action, e.reward, e.oldQ, e.maxNextQ, e.newQ]);
    // SM:      0.99 * 0.5 + 0.01 * (0.9 + 0)          = 0.504
    // FC(32):  0.99 * 0.5 + 0.01 * (0 + 0.504)         = 0.50004
    // P(2,2):  0.99 * 0.5 + 0.01 * (0 + 0.50004)       = 0.5000004
    // C(8,3,1):0.99 * 0.5 + 0.01 * (0 + 0.5000004)     = 0.500000004
    const expected = [
      ['SM', 0.9, 0.5, 0, 0.504],
      ['FC(32)', 0, 0.5, 0.504, 0.50004],
      ['P(2,2)', 0, 0.5, 0.50004, 0.5000004],
      ['C(8,3,1)', 0, 0.5, 0.5000004, 0.500000004],
    ];
    rows.forEach((row, i) => {
      expect(row[0]).toBe(expected[i]![0]);
      for (let k = 1; k < 5; k++) expect(row[k]).toBeCloseTo(expected[i]![k] as number, 15);
    });
    expect(events.every((e) => e.source === 'trajectory')).toBe(true);
    expect(events[0]!.nextState).toBe('T');
    expect(table.get('2:P(2,2)|R4|fc0', 'FC(32)')).toBeCloseTo(0.50004, 15);
  });

  it('takes the max over all legal next actions, unseen ones counting as 0.5', () => {
    const table = new QTable(0.5);
    const events = updateTrajectory(table, trajectory, 0.2, params, 'replay');
    // SM: 0.99 * 0.5 + 0.01 * 0.2 = 0.497; from 3:FC(32) the unseen FC(32) still holds 0.5,
    // so FC(32) learns 0.99 * 0.5 + 0.01 * 0.5 = 0.5 and nothing upstream moves.
    expect(events[0]!.newQ).toBeCloseTo(0.497, 15);
    expect(events.slice(1).map((e) => e.maxNextQ)).toEqual([0.5, 0.5, 0.5]);
    expect(events.slice(1).map((e) => e.newQ)).toEqual([0.5, 0.5, 0.5]);
  });
});
