import { describe, expect, it } from 'vitest';
import type { MetaQnnConfig } from '../strategies/metaqnn/config';
import { presetConfig } from '../presets';
import {
  actionKey,
  applyLayer,
  describeArchitecture,
  initialState,
  legalActions,
  netString,
  parseNetString,
  parseStateKey,
  pooledSize,
  rSizeBin,
  stateKey,
  trajectoryOf,
  type LayersPosition,
  type LayersState,
} from './layers';

/** Small enough to list every action by hand: 2 filter counts, the paper's sizes and pools. */
const cfg: MetaQnnConfig = {
  ...presetConfig('paper').metaqnn,
  layerLimit: 4,
  convFilters: [8, 16],
  convSizes: [1, 3, 5],
  poolOptions: [
    [5, 3],
    [3, 2],
    [2, 2],
  ],
  fcWidths: [64, 32],
  maxFc: 2,
};

const legal = (key: string): string[] => legalActions(parseStateKey(key), cfg).map(actionKey);
const CONV_ALL = ['C(8,1,1)', 'C(16,1,1)', 'C(8,3,1)', 'C(16,3,1)', 'C(8,5,1)', 'C(16,5,1)'];
const CONV_UP_TO_3 = ['C(8,1,1)', 'C(16,1,1)', 'C(8,3,1)', 'C(16,3,1)'];
const CONV_1 = ['C(8,1,1)', 'C(16,1,1)'];

describe('representation-size bins', () => {
  it('bins R > 7 as 8, 4..7 as 4 and <= 3 as 1', () => {
    expect([28, 14, 8, 7, 4, 3, 1].map(rSizeBin)).toEqual([8, 8, 8, 4, 4, 1, 1]);
  });

  it("pools with valid padding: R' = ceil((R - f + 1) / s)", () => {
    expect(pooledSize(28, 2, 2)).toBe(14); // 27 / 2 -> 14
    expect(pooledSize(28, 3, 2)).toBe(13); // 26 / 2
    expect(pooledSize(28, 5, 3)).toBe(8); // 24 / 3
    expect(pooledSize(14, 5, 3)).toBe(4); // 10 / 3 -> 4
    expect(pooledSize(7, 3, 2)).toBe(3); // 5 / 2 -> 3
  });
});

describe('legal actions (SPEC §2 action rules)', () => {
  it('from the start at R bin 8: every conv and terminate, no pool, no FC, no GAP', () => {
    expect(legal('0:start|R8|fc0')).toEqual([...CONV_ALL, 'SM']);
  });

  it('from the start at bin 4: convs with f <= 4 and FC; at bin 1: 1x1 convs and FC', () => {
    expect(legal('0:start|R4|fc0')).toEqual([...CONV_UP_TO_3, 'FC(64)', 'FC(32)', 'SM']);
    expect(legal('0:start|R1|fc0')).toEqual([...CONV_1, 'FC(64)', 'FC(32)', 'SM']);
  });

  it('after a conv: conv, pool with f <= bin, FC only at bin <= 4, GAP', () => {
    expect(legal('1:C(8,3,1)|R8|fc0')).toEqual([...CONV_ALL, 'P(5,3)', 'P(3,2)', 'P(2,2)', 'GAP', 'SM']);
    expect(legal('1:C(8,3,1)|R4|fc0')).toEqual([
      ...CONV_UP_TO_3,
      'P(3,2)',
      'P(2,2)',
      'FC(64)',
      'FC(32)',
      'GAP',
      'SM',
    ]);
    expect(legal('1:C(8,1,1)|R1|fc0')).toEqual([...CONV_1, 'FC(64)', 'FC(32)', 'GAP', 'SM']);
  });

  it('after a pool: no second pool', () => {
    expect(legal('2:P(2,2)|R8|fc0')).toEqual([...CONV_ALL, 'GAP', 'SM']);
    expect(legal('2:P(2,2)|R4|fc0')).toEqual([...CONV_UP_TO_3, 'FC(64)', 'FC(32)', 'GAP', 'SM']);
  });

  it('after an FC: only FC of equal or smaller width, at most maxFc = 2 in a row, or terminate', () => {
    expect(legal('1:FC(64)|R4|fc1')).toEqual(['FC(64)', 'FC(32)', 'SM']);
    expect(legal('1:FC(32)|R4|fc1')).toEqual(['FC(32)', 'SM']);
    expect(legal('2:FC(64)|R4|fc2')).toEqual(['SM']);
  });

  it('after GAP: only terminate', () => {
    expect(legal('2:GAP|R8|fc0')).toEqual(['SM']);
  });

  it('at the layer limit (4): only terminate', () => {
    expect(legal('4:C(8,3,1)|R8|fc0')).toEqual(['SM']);
    expect(legal('3:C(8,3,1)|R8|fc0')).toContain('C(8,3,1)');
  });
});

describe('building a chain', () => {
  it('tracks the actual R to get the next bin: 28 -> C -> P(2,2) 14 -> C -> P(2,2) 7', () => {
    const arch = parseNetString('C(8,3,1) P(2,2) C(16,3,1) P(2,2) FC(64) SM(10)');
    expect(trajectoryOf(arch, 28)).toEqual([
      { state: '0:start|R8|fc0', action: 'C(8,3,1)', nextState: '1:C(8,3,1)|R8|fc0' },
      { state: '1:C(8,3,1)|R8|fc0', action: 'P(2,2)', nextState: '2:P(2,2)|R8|fc0' },
      { state: '2:P(2,2)|R8|fc0', action: 'C(16,3,1)', nextState: '3:C(16,3,1)|R8|fc0' },
      { state: '3:C(16,3,1)|R8|fc0', action: 'P(2,2)', nextState: '4:P(2,2)|R4|fc0' },
      { state: '4:P(2,2)|R4|fc0', action: 'FC(64)', nextState: '5:FC(64)|R4|fc1' },
      { state: '5:FC(64)|R4|fc1', action: 'SM', nextState: 'T' },
    ]);
  });

  it('counts consecutive FC layers', () => {
    let pos: LayersPosition = { state: initialState(7), r: 7 };
    pos = applyLayer(pos, { kind: 'fc', units: 64 });
    pos = applyLayer(pos, { kind: 'fc', units: 32 });
    expect(stateKey(pos.state)).toBe('2:FC(32)|R4|fc2');
  });
});

describe('canonical strings', () => {
  it('round-trips net strings', () => {
    for (const s of ['SM(10)', 'C(32,3,1) P(2,2) FC(64) SM(10)', 'C(8,1,1) C(16,5,1) P(5,3) GAP SM(10)']) {
      expect(netString(parseNetString(s))).toBe(s);
    }
    expect(netString({ layers: [], classes: 10 })).toBe('SM(10)');
  });

  it('round-trips state strings', () => {
    const states: LayersState[] = [
      initialState(28),
      { type: 'conv', depth: 1, size: 3, stride: 1, width: 32, rBin: 8, fcCount: 0 },
      { type: 'pool', depth: 2, size: 2, stride: 2, width: 0, rBin: 4, fcCount: 0 },
      { type: 'fc', depth: 3, size: 0, stride: 0, width: 64, rBin: 4, fcCount: 1 },
      { type: 'gap', depth: 3, size: 0, stride: 0, width: 0, rBin: 1, fcCount: 0 },
    ];
    expect(states.map(stateKey)).toEqual([
      '0:start|R8|fc0',
      '1:C(32,3,1)|R8|fc0',
      '2:P(2,2)|R4|fc0',
      '3:FC(64)|R4|fc1',
      '3:GAP|R1|fc0',
    ]);
    for (const s of states) expect(parseStateKey(stateKey(s))).toEqual(s);
  });

  it('explains malformed strings', () => {
    expect(() => parseNetString('')).toThrow(/Empty net string/);
    expect(() => parseNetString('C(32,3,1)')).toThrow(/must end with SM/);
    expect(() => parseNetString('C(32,3,2) SM(10)')).toThrow(/token 1 "C\(32,3,2\)"/);
    expect(() => parseNetString('C(32,3,1) X SM(10)')).toThrow(/token 2 "X"/);
    expect(() => parseStateKey('T')).toThrow(/terminal state/);
    expect(() => parseStateKey('start')).toThrow(/expected <depth>/);
    expect(() => parseStateKey('1:C(8,3,1)|R5|fc0')).toThrow(/R bin must be 8, 4 or 1/);
    expect(() => parseStateKey('1:Q(3)|R8|fc0')).toThrow(/unknown layer "Q\(3\)"/);
    expect(() => parseStateKey('1:start|R8|fc0')).toThrow(/depth 0/);
    expect(() => parseStateKey('1:FC(64)|R4|fc0')).toThrow(/fc count/);
  });
});

describe('describeArchitecture', () => {
  it('gives per-layer shapes and parameters on a 14x14x1 input', () => {
    const { layers, params } = describeArchitecture(
      parseNetString('C(8,3,1) P(2,2) FC(64) SM(10)'),
      [14, 14, 1],
    );
    expect(layers).toEqual([
      { label: 'Input', kind: 'input', outputShape: [14, 14, 1], params: 0 },
      { label: 'C(8,3,1)', kind: 'conv', outputShape: [14, 14, 8], params: 3 * 3 * 1 * 8 + 8 }, // 80
      { label: 'P(2,2)', kind: 'pool', outputShape: [7, 7, 8], params: 0 },
      { label: 'FC(64)', kind: 'fc', outputShape: [64], params: 7 * 7 * 8 * 64 + 64 }, // 25,152
      { label: 'SM(10)', kind: 'softmax', outputShape: [10], params: 64 * 10 + 10 }, // 650
    ]);
    expect(params).toBe(80 + 25152 + 650);
  });

  it('reduces a feature map to its channels with GAP, and flattens before a bare softmax', () => {
    expect(describeArchitecture(parseNetString('C(8,3,1) GAP SM(10)'), [14, 14, 1]).params).toBe(
      80 + 8 * 10 + 10,
    );
    expect(describeArchitecture(parseNetString('SM(10)'), [14, 14, 1]).params).toBe(196 * 10 + 10);
  });
});
