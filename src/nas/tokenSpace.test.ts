import { describe, expect, it } from 'vitest';
import { buildTokenSpec, type TokenSpec } from './reinforce';
import { Rng } from './rng';
import { mutateTokens, tokenSpaceSize, uniformTokens } from './tokenSpace';

/** Two choice steps of 2 and 3 outcomes, then a skip: 2 * 3 * 2 = 12 sequences. */
const TINY: TokenSpec = {
  layers: 2,
  steps: [
    { kind: 'choice', layer: 0, name: 'filterHeight', choices: [1, 3] },
    { kind: 'choice', layer: 1, name: 'filters', choices: [8, 16, 24] },
    { kind: 'skip', layer: 1, from: 0 },
  ],
};

describe('uniformTokens', () => {
  it('draws the 12 sequences of a tiny spec uniformly (chi-square, 11 dof, p > 0.001)', () => {
    const rng = new Rng(2024);
    const draws = 12000;
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i++) {
      const key = uniformTokens(TINY, rng).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(12);
    expect(tokenSpaceSize(TINY)).toBe(12n);
    const expected = draws / 12;
    const chi2 = [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 31.26 is the 0.999 quantile of chi-square with 11 degrees of freedom.
    expect(chi2).toBeLessThan(31.26);
  });

  it('gives one in-range token per step of the NAS-RL spec', () => {
    const spec = buildTokenSpec({ layers: 3, filterSizes: [1, 3, 5], filterCounts: [24, 36], skips: true });
    const tokens = uniformTokens(spec, new Rng(1));
    expect(tokens).toHaveLength(spec.steps.length);
    tokens.forEach((token, t) => {
      const step = spec.steps[t]!;
      expect(token).toBeLessThan(step.kind === 'choice' ? step.choices.length : 2);
    });
  });
});

describe('mutateTokens', () => {
  it('changes exactly one step to a different in-range token', () => {
    for (let seed = 0; seed < 300; seed++) {
      const rng = new Rng(seed);
      const parent = uniformTokens(TINY, rng);
      const { tokens, step, from, to } = mutateTokens(TINY, parent, rng);
      expect(from).toBe(parent[step]);
      expect(to).not.toBe(from);
      expect(tokens[step]).toBe(to);
      expect(tokens.filter((token, t) => token !== parent[t])).toHaveLength(1);
      expect(to).toBeLessThan(step === 1 ? 3 : 2);
    }
  });

  it('reaches every other outcome of a step, and only the mutable steps', () => {
    const seen = new Set<number>();
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const mutation = mutateTokens(TINY, [0, 0, 0], rng, (t) => t === 1);
      expect(mutation.step).toBe(1);
      seen.add(mutation.to);
    }
    expect([...seen].sort()).toEqual([1, 2]);
  });

  it('throws when no step may change', () => {
    expect(() => mutateTokens(TINY, [0, 0, 0], new Rng(1), () => false)).toThrow(/No step/);
    expect(() => mutateTokens(TINY, [0, 3, 0], new Rng(1))).toThrow(/out of range/);
  });
});
