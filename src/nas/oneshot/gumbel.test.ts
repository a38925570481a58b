import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { gumbelNoise, gumbelSoftmax, hardChoice, meanEntropy, softmaxRows } from './gumbel';

/**
 * The 0.999 quantile of chi-square with 4 degrees of freedom (5 ops - 1), from the table
 * (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4): 18.467. For even df the tail is closed form,
 * P(X > x) = e^(-x/2) (1 + x/2) for df = 4, which the first test checks.
 */
const CHI2_DF4_Q999 = 18.467;

/** Pearson's statistic sum (O - E)^2 / E of `counts` against `p`. */
function chiSquare(counts: readonly number[], p: readonly number[]): number {
  const n = counts.reduce((s, c) => s + c, 0);
  return counts.reduce((s, c, i) => s + (c - n * p[i]!) ** 2 / (n * p[i]!), 0);
}

describe('softmax, Gumbel-softmax, entropy', () => {
  it('computes a 2 x 3 example by hand', () => {
    const logits = [
      [0, Math.log(2), Math.log(3)],
      [1, 1, 1],
    ];
    const [a, b] = softmaxRows(logits);
    [1 / 6, 2 / 6, 3 / 6].forEach((p, i) => expect(a![i]).toBeCloseTo(p, 15));
    b!.forEach((p) => expect(p).toBeCloseTo(1 / 3, 15));

    // Temperature 1, noise ln 2 on op 0 of row 2: exp = (2e, e, e) -> (1/2, 1/4, 1/4).
    const noise = [
      [0, 0, 0],
      [Math.log(2), 0, 0],
    ];
    const z1 = gumbelSoftmax(logits, noise, 1);
    [1 / 2, 1 / 4, 1 / 4].forEach((p, i) => expect(z1[1]![i]).toBeCloseTo(p, 15));
    // Temperature 1/2 squares the ratios: row 1 (1, 2, 3)^2 / 14.
    const z2 = gumbelSoftmax(logits, noise, 0.5);
    [1 / 14, 4 / 14, 9 / 14].forEach((p, i) => expect(z2[0]![i]).toBeCloseTo(p, 15));
    expect(hardChoice(z2)).toEqual([2, 0]);
    expect(hardChoice([[0.2, 0.4, 0.4]])).toEqual([1]); // ties: the first maximum

    // H(1/6, 1/3, 1/2) = ln6/6 + ln3/3 + ln2/2 = 1.011404; H(uniform 3) = ln 3.
    const h1 = Math.log(6) / 6 + Math.log(3) / 3 + Math.log(2) / 2;
    expect(h1).toBeCloseTo(1.011404, 6);
    expect(meanEntropy([a!, b!])).toBeCloseTo((h1 + Math.log(3)) / 2, 14);
    expect(meanEntropy([[1, 0, 0]])).toBe(0);
  });

  it('draws G = -log(-log U) with U strictly inside (0, 1)', () => {
    // The smallest draw: U = 0.5 / 2^32 = 2^-33, G = -ln(33 ln 2) = -ln 22.874 = -3.12999.
    const smallest = gumbelNoise({ nextUint32: () => 0 }, 1, 1)[0]![0]!;
    expect(smallest).toBeCloseTo(-Math.log(33 * Math.LN2), 12);
    expect(smallest).toBeCloseTo(-3.12999, 5);
    // The largest: U = 1 - 2^-33, -ln U ~ 2^-33, G ~ 33 ln 2 = 22.87.
    const largest = gumbelNoise({ nextUint32: () => 0xffffffff }, 1, 1)[0]![0]!;
    expect(largest).toBeCloseTo(33 * Math.LN2, 3);
    // The middle: U ~ 1/2, G ~ -ln ln 2 = 0.366513.
    expect(gumbelNoise({ nextUint32: () => 0x80000000 }, 1, 1)[0]![0]).toBeCloseTo(0.366513, 6);
    // One draw per entry, row by row, from the stream given.
    const twin = new Rng(5);
    const g = gumbelNoise(new Rng(5), 2, 3);
    for (const row of g)
      for (const x of row) expect(x).toBe(-Math.log(-Math.log((twin.nextUint32() + 0.5) / 2 ** 32)));
    // The quantile's tail, closed form for df = 4.
    expect(Math.exp(-CHI2_DF4_Q999 / 2) * (1 + CHI2_DF4_Q999 / 2)).toBeCloseTo(0.001, 5);
  });

  it('samples op i with probability p_i: argmax of gumbelSoftmax(log p, G, t) (Gumbel-max), chi-square', () => {
    const p = [0.1, 0.2, 0.3, 0.25, 0.15];
    const logits = [p.map(Math.log)];
    const rng = new Rng(2019);
    const counts = [0, 0, 0, 0, 0];
    const draws = 20000;
    for (let k = 0; k < draws; k++) {
      const z = gumbelSoftmax(logits, gumbelNoise(rng, 1, p.length), 0.5);
      counts[hardChoice(z)[0]!]!++;
    }
    expect(chiSquare(counts, p)).toBeLessThan(CHI2_DF4_Q999);
    // Negative control: the same draws against another distribution fail the test (~530).
    expect(chiSquare(counts, [0.15, 0.2, 0.25, 0.25, 0.15])).toBeGreaterThan(CHI2_DF4_Q999);
  });

  it('rejects a temperature that is not positive and noise of another shape', () => {
    expect(() => gumbelSoftmax([[0, 0]], [[0, 0]], 0)).toThrow(/temperature/);
    expect(() => gumbelSoftmax([[0, 0]], [[0]], 1)).toThrow(/columns/);
  });
});
