import { describe, expect, it } from 'vitest';
import type { Layer } from '../../architecture';
import { presetConfig } from '../../presets';
import { type MetaQnnConfig } from '../metaqnn/config';
import { Rng } from '../../rng';
import {
  applyLayer,
  initialState,
  legalActions,
  netString,
  parseNetString,
  stateKey,
  type LayersPosition,
} from '../../spaces/layers';
import { RandomSearchStrategy, UniformSampler, layersSequentialSpace, uniformBigInt } from './random';

/** Every legal architecture, by plain depth-first enumeration of legal actions (no memo). */
function enumerate(cfg: MetaQnnConfig, imageSize: number, classes = 10): string[] {
  const nets: string[] = [];
  const walk = (pos: LayersPosition, layers: Layer[]): void => {
    for (const action of legalActions(pos.state, cfg)) {
      if (action.kind === 'terminate') nets.push(netString({ layers, classes }));
      else walk(applyLayer(pos, action), [...layers, action]);
    }
  };
  walk({ state: initialState(imageSize), r: imageSize }, []);
  return nets;
}

/** Upper critical value of chi-square with `df` degrees of freedom at 0.999, by Wilson–Hilferty:
 *  (X/df)^(1/3) is about normal with mean 1 - 2/(9 df) and variance 2/(9 df). */
function chiSquareCritical999(df: number): number {
  const z = 3.090232; // standard normal quantile at 0.999
  const v = 2 / (9 * df);
  return df * (1 - v + z * Math.sqrt(v)) ** 3;
}

/** Eight architectures: one 3x3 conv width, one pool, one FC width, two layers, 6x6 images (R bin 4). */
const tiny: MetaQnnConfig = {
  ...presetConfig('test').metaqnn,
  layerLimit: 2,
  convFilters: [8],
  convSizes: [3],
  poolOptions: [[2, 2]],
  fcWidths: [16],
  maxFc: 2,
};

/** A space where a pool's next state depends on the actual R, not just its bin (28x28 images). */
const rMatters: MetaQnnConfig = {
  ...presetConfig('paper').metaqnn,
  layerLimit: 5,
  convFilters: [8],
  convSizes: [1, 3],
  fcWidths: [32, 16],
};

describe('counting the layers space', () => {
  it('the tiny space has the 8 architectures listed by hand', () => {
    expect(enumerate(tiny, 6).sort()).toEqual(
      [
        'SM(10)',
        'C(8,3,1) SM(10)',
        'C(8,3,1) C(8,3,1) SM(10)',
        'C(8,3,1) P(2,2) SM(10)',
        'C(8,3,1) FC(16) SM(10)',
        'C(8,3,1) GAP SM(10)',
        'FC(16) SM(10)',
        'FC(16) FC(16) SM(10)',
      ].sort(),
    );
    expect(new RandomSearchStrategy(tiny, 6, 10).spaceSize()).toBe(8n);
  });

  it.each([
    ['tiny', tiny, 6],
    ['test preset', presetConfig('test').metaqnn, 14],
    ['test preset', presetConfig('test').metaqnn, 28],
    ['class preset, 3 layers', { ...presetConfig('class').metaqnn, layerLimit: 3 }, 14],
    ['class preset, 3 layers', { ...presetConfig('class').metaqnn, layerLimit: 3 }, 28],
    ['R-dependent pools', rMatters, 28],
  ] as const)('the DP count equals brute-force enumeration (%s, %i px)', (_name, cfg, imageSize) => {
    const nets = enumerate(cfg, imageSize);
    expect(new Set(nets).size).toBe(nets.length);
    expect(new RandomSearchStrategy(cfg, imageSize, 10).spaceSize()).toBe(BigInt(nets.length));
  });

  it('keys the memo on the actual R: a state-only key miscounts when pools see different R', () => {
    const stateOnly = new UniformSampler(
      { ...layersSequentialSpace(rMatters), key: (p) => stateKey(p.state) },
      { state: initialState(28), r: 28 },
    );
    const exact = enumerate(rMatters, 28).length;
    expect(new RandomSearchStrategy(rMatters, 28, 10).spaceSize()).toBe(BigInt(exact));
    expect(stateOnly.count()).not.toBe(BigInt(exact));
  });

  it('counts the paper space exactly beyond 2^53 (layer limit 18) and still samples legal nets', () => {
    const cfg = { ...presetConfig('paper').metaqnn, layerLimit: 18 };
    const strategy = new RandomSearchStrategy(cfg, 32, 10);
    expect(strategy.spaceSize() > 2n ** 53n).toBe(true);
    const rng = new Rng(5);
    for (let n = 0; n < 50; n++) {
      const { arch } = strategy.propose(rng);
      expect(arch.layers.length).toBeLessThanOrEqual(18);
    }
  });
});

describe('RandomSearchStrategy.propose', () => {
  it('draws the tiny space uniformly: chi-square below the 0.999 critical value', () => {
    const strategy = new RandomSearchStrategy(tiny, 6, 10);
    const nets = enumerate(tiny, 6);
    const counts = new Map(nets.map((net) => [net, 0]));
    const rng = new Rng(42);
    const draws = 8000;
    for (let n = 0; n < draws; n++) {
      const { net } = strategy.propose(rng);
      expect(counts.has(net)).toBe(true);
      counts.set(net, (counts.get(net) ?? 0) + 1);
    }
    const expected = draws / nets.length;
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(chiSquareCritical999(nets.length - 1));
    // A per-step uniform walk would give SM(10) a third of the draws, not an eighth.
    expect(counts.get('SM(10)')! / draws).toBeLessThan(0.16);
  });

  it('Wilson–Hilferty is close to tabulated chi-square quantiles at 0.999', () => {
    expect(chiSquareCritical999(7)).toBeCloseTo(24.322, 0);
    expect(chiSquareCritical999(100)).toBeCloseTo(149.449, 0);
  });

  it('ranks enumerate the space: architectureAt(0..n-1) lists every net once', () => {
    const strategy = new RandomSearchStrategy(rMatters, 28, 10);
    const size = Number(strategy.spaceSize());
    const listed = Array.from({ length: size }, (_, i) => strategy.architectureAt(BigInt(i)).net);
    expect(new Set(listed)).toEqual(new Set(enumerate(rMatters, 28)));
    expect(() => strategy.architectureAt(BigInt(size))).toThrow(/outside the space/);
  });

  it('is deterministic for a seed', () => {
    const cfg = presetConfig('class').metaqnn;
    const a = new RandomSearchStrategy(cfg, 14, 10);
    const b = new RandomSearchStrategy(cfg, 14, 10);
    const ra = new Rng(7);
    const rb = new Rng(7);
    const netsA = Array.from({ length: 20 }, () => a.propose(ra).net);
    const netsB = Array.from({ length: 20 }, () => b.propose(rb).net);
    expect(netsA).toEqual(netsB);
    expect(new Set(netsA).size).toBeGreaterThan(15);
  });

  it('returns an architecture whose net string round-trips', () => {
    const strategy = new RandomSearchStrategy(presetConfig('test').metaqnn, 14, 10);
    const { arch, net } = strategy.propose(new Rng(1));
    expect(parseNetString(net)).toEqual(arch);
  });
});

describe('uniformBigInt', () => {
  it('stays in range and hits every value of a small range', () => {
    const rng = new Rng(3);
    const seen = new Set<bigint>();
    for (let n = 0; n < 500; n++) {
      const x = uniformBigInt(rng, 5n);
      expect(x >= 0n && x < 5n).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(5);
    expect(uniformBigInt(rng, 1n)).toBe(0n);
    expect(() => uniformBigInt(rng, 0n)).toThrow();
  });

  it('draws above 2^64 when the bound is above 2^64', () => {
    const rng = new Rng(4);
    const bound = 3n << 70n;
    const xs = Array.from({ length: 20 }, () => uniformBigInt(rng, bound));
    expect(xs.every((x) => x >= 0n && x < bound)).toBe(true);
    expect(xs.some((x) => x > 1n << 64n)).toBe(true);
  });
});
