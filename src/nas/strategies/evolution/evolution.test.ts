import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../presets';
import { Rng, hashString } from '../../rng';
import { netString, parseNetString } from '../../spaces/layers';
import { applyMutation, isLegal } from '../../spaces/layersMutation';
import {
  PAPER_EVOLUTION,
  RegularizedEvolutionStrategy,
  sampleTournament,
  type EvolutionCandidate,
  type EvolutionConfig,
  type MutantEvolutionCandidate,
} from './evolution';

const cfg = presetConfig('class').metaqnn;
const make = (evolution: EvolutionConfig) => new RegularizedEvolutionStrategy(cfg, evolution, 14, 10);

/** A reward that depends on the net alone, in [0, 1). */
const pseudoReward = (net: string) => hashString(net) / 2 ** 32;

function expectMutant(c: EvolutionCandidate): MutantEvolutionCandidate {
  expect(c.origin).toBe('mutation');
  return c as MutantEvolutionCandidate;
}

describe('RegularizedEvolutionStrategy: initial population', () => {
  it('proposes P random architectures, then children; the population grows to P, oldest first', () => {
    const evo = make({ populationSize: 4, tournamentSize: 2 });
    const rng = new Rng(1);
    for (let n = 0; n < 4; n++) {
      const c = evo.propose(rng);
      expect(c.origin).toBe('random');
      expect(evo.observe(c, n / 10)).toEqual({
        added: { id: n, net: c.net, reward: n / 10 },
        removed: null,
        size: n + 1,
      });
    }
    expect(evo.population().map((m) => m.id)).toEqual([0, 1, 2, 3]);
    expectMutant(evo.propose(rng));
  });

  it("uses the paper's P = 100 and S = 25 as its preset", () => {
    expect(PAPER_EVOLUTION).toEqual({ populationSize: 100, tournamentSize: 25 });
  });

  it('refuses sizes below 1', () => {
    expect(() => make({ populationSize: 0, tournamentSize: 2 })).toThrow(/populationSize/);
    expect(() => make({ populationSize: 5, tournamentSize: 1.5 })).toThrow(/tournamentSize/);
  });
});

describe('RegularizedEvolutionStrategy: aging', () => {
  it('removes the oldest member even when it is the best', () => {
    const evo = make({ populationSize: 3, tournamentSize: 3 });
    const rng = new Rng(2);
    for (const reward of [0.9, 0.1, 0.5]) evo.observe(evo.propose(rng), reward);
    const child = expectMutant(evo.propose(rng));
    const change = evo.observe(child, 0.2);
    expect(change.removed).toMatchObject({ id: 0, reward: 0.9 });
    expect(change.added).toMatchObject({ id: 3, net: child.net, reward: 0.2 });
    expect(evo.population().map((m) => m.reward)).toEqual([0.1, 0.5, 0.2]);
    // Next the oldest is also the worst: it goes because it is oldest, as before.
    expect(evo.observe(evo.propose(rng), 0.3).removed).toMatchObject({ id: 1, reward: 0.1 });
    expect(evo.observedCount()).toBe(5);
  });
});

describe('RegularizedEvolutionStrategy: tournaments', () => {
  it('draws with replacement: 5 draws from 2 members must repeat one', () => {
    const evo = make({ populationSize: 2, tournamentSize: 5 });
    const rng = new Rng(3);
    for (const reward of [0.4, 0.6]) evo.observe(evo.propose(rng), reward);
    const child = expectMutant(evo.propose(rng));
    expect(child.tournament).toHaveLength(5);
    expect(new Set(child.tournament.map((e) => e.position)).size).toBeLessThan(5);
  });

  it('sampleTournament repeats positions even when S = P (seed 4), which sampling without replacement never does', () => {
    const positions = sampleTournament(new Rng(4), 10, 10);
    expect(positions).toHaveLength(10);
    expect(positions.every((p) => Number.isInteger(p) && p >= 0 && p < 10)).toBe(true);
    expect(new Set(positions).size).toBeLessThan(10);
  });

  it('mutates the best of the sample once, into a legal net that differs from the parent', () => {
    const evo = make({ populationSize: 10, tournamentSize: 3 });
    const rng = new Rng(5);
    for (let n = 0; n < 60; n++) {
      const c = evo.propose(rng);
      if (c.origin === 'mutation') {
        const population = evo.population();
        const best = Math.max(...c.tournament.map((e) => e.reward));
        expect(c.tournament.find((e) => e.id === c.parentId)).toMatchObject({ net: c.parent, reward: best });
        for (const e of c.tournament)
          expect(population[e.position]).toEqual({ id: e.id, net: e.net, reward: e.reward });
        expect(netString(applyMutation(parseNetString(c.parent), c.mutation))).toBe(c.net);
        expect(c.net).not.toBe(c.parent);
        expect(isLegal(c.arch, cfg, 14)).toBe(true);
        expect(c.description).toMatch(/^(changed|inserted|removed) layer \d+ /);
      }
      evo.observe(c, pseudoReward(c.net));
    }
  });
});

describe('RegularizedEvolutionStrategy: search', () => {
  it('is deterministic for a seed when rewards are the same', () => {
    const run = (seed: number) => {
      const evo = make({ populationSize: 5, tournamentSize: 3 });
      const rng = new Rng(seed);
      return Array.from({ length: 30 }, () => {
        const c = evo.propose(rng);
        evo.observe(c, pseudoReward(c.net));
        return c.origin === 'mutation' ? `${c.net} <- ${c.description}` : c.net;
      });
    };
    expect(run(6)).toEqual(run(6));
    expect(run(6)).not.toEqual(run(7));
  });

  it('climbs a toy reward: rewarding shallow nets shrinks the population', () => {
    const evo = make({ populationSize: 20, tournamentSize: 5 });
    const rng = new Rng(8);
    const meanDepth = () =>
      evo.population().reduce((s, m) => s + parseNetString(m.net).layers.length, 0) / evo.population().length;
    for (let n = 0; n < 20; n++) {
      const c = evo.propose(rng);
      evo.observe(c, -c.arch.layers.length);
    }
    const initial = meanDepth();
    for (let n = 0; n < 300; n++) {
      const c = evo.propose(rng);
      evo.observe(c, -c.arch.layers.length);
    }
    expect(meanDepth()).toBeLessThan(initial / 2);
  });
});
