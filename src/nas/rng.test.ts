import { describe, expect, it } from 'vitest';
import { Rng, hashString } from './rng';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draws(new Rng(1), 5)).toEqual(draws(new Rng(1), 5));
    expect(draws(new Rng(1), 5)).not.toEqual(draws(new Rng(2), 5));
  });

  it('draws floats in [0, 1) and integers in 0..n-1', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = rng.int(3);
      expect([0, 1, 2]).toContain(k);
    }
  });

  it('is roughly uniform: 10,000 draws of int(10) put 900..1100 in every bucket', () => {
    const rng = new Rng(42);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[rng.int(10)]! += 1;
    for (const c of counts) {
      expect(c).toBeGreaterThan(900);
      expect(c).toBeLessThan(1100);
    }
  });

  it('resumes exactly from a saved state', () => {
    const rng = new Rng(3);
    draws(rng, 10);
    const saved = rng.getState();
    const ahead = draws(rng, 5);
    const other = new Rng(99);
    other.setState(saved);
    expect(draws(other, 5)).toEqual(ahead);
  });

  it('forks named child streams that do not advance the parent', () => {
    const parent = new Rng(5);
    const before = parent.getState();
    const a1 = draws(parent.fork('actions'), 5);
    const a2 = draws(parent.fork('actions'), 5);
    const b = draws(parent.fork('replay'), 5);
    expect(parent.getState()).toEqual(before);
    expect(a1).toEqual(a2);
    expect(a1).not.toEqual(b);
    expect(a1).not.toEqual(draws(new Rng(5), 5));
  });

  it('refuses bad arguments with messages', () => {
    const rng = new Rng(1);
    expect(() => rng.int(0)).toThrow(/positive integer/);
    expect(() => rng.pick([])).toThrow(/non-empty/);
    expect(() => rng.setState([1, 2])).toThrow(/four 32-bit/);
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
  });

  it('hashes strings to 32-bit unsigned integers, deterministically', () => {
    const h = hashString('C(32,3,1) SM(10)');
    expect(h).toBe(hashString('C(32,3,1) SM(10)'));
    expect(h).not.toBe(hashString('C(32,3,1) SM(1)'));
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
  });
});
