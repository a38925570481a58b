import { describe, expect, it } from 'vitest';
import { presetConfig } from '../presets';
import { type MetaQnnConfig } from '../strategies/metaqnn/config';
import { Rng } from '../rng';
import { RandomSearchStrategy } from '../strategies/random/random';
import { netString, parseNetString } from './layers';
import {
  applyMutation,
  describeMutation,
  isLegal,
  legalMutations,
  mutateLayers,
  type LayersMutationKind,
} from './layersMutation';

const small: MetaQnnConfig = {
  ...presetConfig('paper').metaqnn,
  layerLimit: 4,
  convFilters: [8, 16],
  convSizes: [1, 3, 5],
  fcWidths: [64, 32],
};
const arch = (net: string) => parseNetString(net);

describe('isLegal', () => {
  it('accepts what legalActions allows and refuses what it does not', () => {
    expect(isLegal(arch('SM(10)'), small, 28)).toBe(true);
    expect(isLegal(arch('C(8,5,1) P(2,2) C(16,3,1) GAP SM(10)'), small, 28)).toBe(true);
    expect(isLegal(arch('C(8,3,1) P(2,2) C(16,3,1) FC(64) SM(10)'), small, 14)).toBe(true); // 14 -> 7: bin 4
    expect(isLegal(arch('P(2,2) SM(10)'), small, 28)).toBe(false); // no pool first
    expect(isLegal(arch('C(8,3,1) P(2,2) P(2,2) SM(10)'), small, 28)).toBe(false); // no pool after pool
    expect(isLegal(arch('FC(64) SM(10)'), small, 28)).toBe(false); // FC only at bin <= 4
    expect(isLegal(arch('C(8,3,1) GAP C(8,3,1) SM(10)'), small, 28)).toBe(false); // GAP then only SM
    expect(isLegal(arch('C(12,3,1) SM(10)'), small, 28)).toBe(false); // width not in the config
    expect(isLegal(arch('C(8,3,1) C(8,3,1) C(8,3,1) C(8,3,1) C(8,3,1) SM(10)'), small, 28)).toBe(false);
  });

  it('uses the actual R: the same layers are legal or not depending on the image size', () => {
    expect(isLegal(arch('FC(64) SM(10)'), small, 7)).toBe(true);
    expect(isLegal(arch('C(8,5,1) SM(10)'), small, 7)).toBe(false); // 5 > bin 4
  });
});

describe('describeMutation and applyMutation', () => {
  it('number layers from 1 and name the tokens', () => {
    const parent = arch('C(8,3,1) C(8,3,1) SM(10)');
    const change = {
      kind: 'change',
      index: 1,
      from: parent.layers[1]!,
      to: { ...parent.layers[1]!, filters: 16 },
    } as const;
    expect(describeMutation(change)).toBe('changed layer 2 C(8,3,1) -> C(16,3,1)');
    expect(netString(applyMutation(parent, change))).toBe('C(8,3,1) C(16,3,1) SM(10)');
    const insert = { kind: 'insert', index: 1, layer: { kind: 'pool', size: 2, stride: 2 } } as const;
    expect(describeMutation(insert)).toBe('inserted layer 2 P(2,2)');
    expect(netString(applyMutation(parent, insert))).toBe('C(8,3,1) P(2,2) C(8,3,1) SM(10)');
    const remove = { kind: 'remove', index: 0, layer: parent.layers[0]! } as const;
    expect(describeMutation(remove)).toBe('removed layer 1 C(8,3,1)');
    expect(netString(applyMutation(parent, remove))).toBe('C(8,3,1) SM(10)');
  });
});

describe('legalMutations', () => {
  it('changes one parameter only: a conv changes its filters or its size, not both', () => {
    const changes = legalMutations(arch('C(8,3,1) SM(10)'), small, 28)
      .filter((m) => m.mutation.kind === 'change')
      .map((m) => netString(m.arch));
    expect(changes.sort()).toEqual(['C(16,3,1) SM(10)', 'C(8,1,1) SM(10)', 'C(8,5,1) SM(10)'].sort());
  });

  it('never lists an illegal child: no pool inserted first or after a pool', () => {
    const nets = legalMutations(arch('C(8,3,1) P(2,2) SM(10)'), small, 28).map((m) => netString(m.arch));
    expect(nets.some((n) => n.startsWith('P('))).toBe(false);
    expect(nets.some((n) => /P\(\d,\d\) P\(/.test(n))).toBe(false);
    expect(nets).toContain('C(8,3,1) SM(10)'); // removing the pool
  });
});

describe('mutateLayers (property test)', () => {
  const configs: [string, number, MetaQnnConfig][] = [
    ['test preset', 14, presetConfig('test').metaqnn],
    ['class preset', 14, presetConfig('class').metaqnn],
    ['class preset', 28, presetConfig('class').metaqnn],
    ['small', 28, small],
    ['paper preset', 28, presetConfig('paper').metaqnn],
  ];

  it.each(configs)(
    'always yields a legal architecture that differs from its parent (%s, %i px)',
    (_n, px, cfg) => {
      const sampler = new RandomSearchStrategy(cfg, px, 10);
      const kinds = new Set<LayersMutationKind>();
      for (let seed = 1; seed <= 150; seed++) {
        const rng = new Rng(seed);
        // Parents from uniform sampling, plus the empty net and its first mutations.
        let parent = seed % 10 === 0 ? arch('SM(10)') : sampler.propose(rng).arch;
        for (let generation = 0; generation < 3; generation++) {
          const child = mutateLayers(parent, cfg, px, rng);
          expect(child).not.toBeNull();
          expect(isLegal(child!.arch, cfg, px)).toBe(true);
          expect(netString(child!.arch)).not.toBe(netString(parent));
          expect(child!.arch).toEqual(applyMutation(parent, child!.mutation));
          expect(child!.description).toBe(describeMutation(child!.mutation));
          kinds.add(child!.mutation.kind);
          parent = child!.arch;
        }
      }
      expect([...kinds].sort()).toEqual(['change', 'insert', 'remove']);
    },
  );

  it('is null only in a space of a single architecture', () => {
    const single = { ...small, layerLimit: 0 };
    expect(mutateLayers(arch('SM(10)'), single, 28, new Rng(1))).toBeNull();
  });

  it('is deterministic for a seed', () => {
    const cfg = presetConfig('class').metaqnn;
    const parent = arch('C(16,3,1) P(2,2) C(32,3,1) FC(64) SM(10)');
    const run = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 10 }, () => mutateLayers(parent, cfg, 14, rng)!.description);
    };
    expect(run(9)).toEqual(run(9));
    expect(new Set(run(9)).size).toBeGreaterThan(3);
  });
});
