import { describe, expect, it } from 'vitest';
import {
  isFilling,
  memberRole,
  populationCells,
  rewardColor,
  rewardDomain,
  stripColumns,
  tournamentCounts,
} from './populationData';

const members = [
  { id: 3, net: 'C(8,3,1)', reward: 0.6 },
  { id: 4, net: 'C(16,3,1)', reward: 0.9 },
  { id: 7, net: 'C(8,5,1)', reward: 0.7 },
  { id: 9, net: 'P(2,2)', reward: 0.4 },
];

describe('tournament roles', () => {
  it('counts draws made with replacement', () => {
    expect([...tournamentCounts([4, 7, 4, 3, 4])]).toEqual([
      [4, 3],
      [7, 1],
      [3, 1],
    ]);
    expect(tournamentCounts([]).size).toBe(0);
  });

  it('makes the best draw the parent, other draws tournament, the rest plain members', () => {
    const cells = populationCells(members, [4, 7, 4], 4);
    expect(cells.map((c) => [c.id, c.role, c.draws])).toEqual([
      [3, 'member', 0],
      [4, 'parent', 2],
      [7, 'tournament', 1],
      [9, 'member', 0],
    ]);
    // Oldest first is kept, with net and reward passed through.
    expect(cells[0]).toMatchObject(members[0]!);
  });

  it('has no parent before the first tournament', () => {
    expect(populationCells(members, [], null).every((c) => c.role === 'member' && c.draws === 0)).toBe(true);
    expect(memberRole(4, null, new Map([[4, 1]]))).toBe('tournament');
  });
});

describe('reward colours', () => {
  it('spans the finite rewards, or the fixed domain when given', () => {
    expect(rewardDomain([0.6, 0.9, null, 0.4, Number.NaN])).toEqual([0.4, 0.9]);
    expect(rewardDomain([0.6, 0.9], [0, 1])).toEqual([0, 1]);
    expect(rewardDomain([])).toEqual([0, 1]);
    const [lo, hi] = rewardDomain([0.5, 0.5]);
    expect(lo).toBeLessThan(0.5);
    expect(hi).toBeGreaterThan(0.5);
  });

  it('goes from viridis purple at the minimum to yellow at the maximum, clamped', () => {
    const domain: [number, number] = [0.4, 0.9];
    expect(rewardColor(0.4, domain)).toBe('#440154');
    expect(rewardColor(0.9, domain)).toBe('#fde725');
    expect(rewardColor(0.1, domain)).toBe(rewardColor(0.4, domain));
    expect(rewardColor(2, domain)).toBe(rewardColor(0.9, domain));
  });
});

describe('strip layout', () => {
  it('keeps up to 50 slots on one row and wraps larger populations into two', () => {
    expect(stripColumns(20)).toBe(20);
    expect(stripColumns(50)).toBe(50);
    expect(stripColumns(100)).toBe(50);
    expect(stripColumns(75)).toBe(38);
    expect(stripColumns(0)).toBe(1);
  });

  it('is filling while fewer than P members live', () => {
    expect(isFilling(12, 100)).toBe(true);
    expect(isFilling(100, 100)).toBe(false);
  });
});
