import { describe, expect, it } from 'vitest';
import {
  NB201_CELL_COUNT,
  NB201_EDGES,
  NB201_OPS,
  START_STATE,
  TERMINAL_STATE,
  cellCode,
  cellFromCode,
  cellString,
  describeCell,
  isConnected,
  legalActions,
  parseCellString,
  parseStateKey,
  stateKey,
  trajectoryOf,
  type Nb201Cell,
  type Nb201Op,
} from './nb201';

/** Benchmark row 1 (CIFAR-10 validation 82.834% after 12 epochs). */
const ROW1 =
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
const ROW1_OPS: Nb201Cell = [
  'nor_conv_3x3',
  'nor_conv_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'nor_conv_3x3',
  'skip_connect',
];

describe('the cell', () => {
  it('has 6 edges in the benchmark order: node 1 <- 0; node 2 <- 0, 1; node 3 <- 0, 1, 2', () => {
    expect(NB201_EDGES.map(({ from, to }) => `${to}<-${from}`)).toEqual([
      '1<-0',
      '2<-0',
      '2<-1',
      '3<-0',
      '3<-1',
      '3<-2',
    ]);
    expect(NB201_OPS).toEqual(['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
  });

  it('prints and parses the benchmark cell string', () => {
    expect(cellString(ROW1_OPS)).toBe(ROW1);
    expect(parseCellString(ROW1)).toEqual(ROW1_OPS);
    expect(parseCellString(`  ${ROW1}\n`)).toEqual(ROW1_OPS);
  });

  it('round-trips all 15,625 cells through the printer, the parser and the lexicographic code', () => {
    const strings = new Set<string>();
    for (let code = 0; code < NB201_CELL_COUNT; code++) {
      const ops = cellFromCode(code);
      const s = cellString(ops);
      strings.add(s);
      expect(parseCellString(s)).toEqual(ops);
      expect(cellCode(ops)).toBe(code);
    }
    expect(strings.size).toBe(NB201_CELL_COUNT);
    expect(cellFromCode(0)).toEqual(Array(6).fill('none'));
    expect(cellFromCode(NB201_CELL_COUNT - 1)).toEqual(Array(6).fill('avg_pool_3x3'));
  });

  it.each([
    ['', 'Empty cell string: expected e.g.'],
    ['|none~0|+|none~0|none~1|', 'expected 3 nodes joined by "+" (node 1, 2, 3), got 2'],
    ['none~0|+|none~0|none~1|+|none~0|none~1|none~2|', 'node 1 "none~0|" must be written |op~0|...|'],
    ['|none~0|+|none~0|+|none~0|none~1|none~2|', 'node 2 reads 2 earlier nodes, got 1 edge(s) in "|none~0|"'],
    ['|none~0|+|none~0|none~1|+|none~0|none~1|none~2|none~3|', 'node 3 reads 3 earlier nodes, got 4'],
    ['|none~0|+|none~0|none~1|+|none~0|none|none~2|', 'edge "none" of node 3 is not op~source'],
    ['|none~0|+|none~1|none~0|+|none~0|none~1|none~2|', 'edge 1 of node 2 must read node 0, got "none~1"'],
    [
      '|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|',
      'unknown op "conv_3x3" in "conv_3x3~0": ops are none,',
    ],
    ['|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|none~0|', 'expected 3 nodes joined by "+"'],
  ])('rejects %j with a message saying why', (s, message) => {
    expect(() => parseCellString(s)).toThrow(message);
  });

  it('rejects a wrong number of ops or an unknown op when printing', () => {
    expect(() => cellString(['none'])).toThrow('A cell has 6 ops, one per edge; got 1');
    expect(() => cellString([...ROW1_OPS.slice(0, 5), 'max_pool' as Nb201Op])).toThrow(
      'Edge 5: "max_pool" is not one of',
    );
    expect(() => cellFromCode(NB201_CELL_COUNT)).toThrow('0..15624');
  });
});

describe('describeCell', () => {
  it('labels the 6 edges with their ops, from input to output', () => {
    const dag = describeCell(ROW1_OPS);
    expect(dag.nodes.map((n) => n.id)).toEqual(['input', '1', '2', 'output']);
    expect(dag.edges.map((e) => `${e.from}->${e.to} ${e.label}`)).toEqual([
      'input->1 conv 3×3',
      'input->2 conv 3×3',
      '1->2 avg pool 3×3',
      'input->output skip',
      '1->output conv 3×3',
      '2->output skip',
    ]);
    expect(dag.connected).toBe(true);
    expect(dag.edges.every((e) => e.onPath && !e.none)).toBe(true);
  });

  it('marks none edges and edges off every input-output path', () => {
    // Only 0 -> 1 -> 2 is alive, and node 2 does not feed the output: the output gets zeros.
    const dead: Nb201Cell = ['nor_conv_1x1', 'none', 'skip_connect', 'none', 'none', 'none'];
    const dag = describeCell(dead);
    expect(dag.connected).toBe(false);
    expect(isConnected(dead)).toBe(false);
    expect(dag.edges.map((e) => e.none)).toEqual([false, true, false, true, true, true]);
    expect(dag.edges.some((e) => e.onPath)).toBe(false);

    // 0 -> 2 -> 3 alive; 0 -> 1 leads nowhere, so it is not on a path.
    const partial: Nb201Cell = ['nor_conv_3x3', 'skip_connect', 'none', 'none', 'none', 'avg_pool_3x3'];
    expect(describeCell(partial).edges.map((e) => e.onPath)).toEqual([
      false,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(isConnected(partial)).toBe(true);
  });

  it('calls a cell connected exactly when a live input-output path exists (all 15,625 cells)', () => {
    // Brute force against the definition: the output is reached through a non-none edge from
    // the input directly, or through node 1 and/or node 2.
    let disconnected = 0;
    for (let code = 0; code < NB201_CELL_COUNT; code++) {
      const [e10, e20, e21, e30, e31, e32] = cellFromCode(code).map((op) => op !== 'none');
      const n1 = e10;
      const n2 = e20 || (n1 && e21);
      const expected = e30 || (n1 && e31) || (n2 && e32);
      expect(isConnected(cellFromCode(code))).toBe(expected);
      if (!expected) disconnected++;
    }
    expect(disconnected).toBeGreaterThan(0);
  });
});

describe('Q-learning states and actions', () => {
  it('offers the 5 ops at each of the 6 edges, then nothing', () => {
    const prefix: Nb201Op[] = [];
    for (let k = 0; k < 6; k++) {
      expect(legalActions(prefix)).toEqual(NB201_OPS);
      prefix.push(ROW1_OPS[k] as Nb201Op);
    }
    expect(legalActions(prefix)).toEqual([]);
  });

  it('names states by the ops decided so far and round-trips them', () => {
    expect(stateKey([])).toBe(START_STATE);
    expect(stateKey(ROW1_OPS.slice(0, 2))).toBe('e0:nor_conv_3x3|e1:nor_conv_3x3');
    for (let k = 0; k < 6; k++)
      expect(parseStateKey(stateKey(ROW1_OPS.slice(0, k)))).toEqual(ROW1_OPS.slice(0, k));
    expect(() => stateKey(ROW1_OPS)).toThrow('at most 5 edges');
    expect(() => parseStateKey(TERMINAL_STATE)).toThrow('terminal state');
    expect(() => parseStateKey('e1:none')).toThrow('part 1 "e1:none" should be e0:<op>');
    expect(() => parseStateKey('e0:conv')).toThrow('unknown op "conv"');
  });

  it('builds a cell in 6 steps, the last reaching T', () => {
    const steps = trajectoryOf(ROW1_OPS);
    expect(steps.map((s) => s.action)).toEqual(ROW1_OPS);
    expect(steps[0]).toEqual({ state: 'start', action: 'nor_conv_3x3', nextState: 'e0:nor_conv_3x3' });
    expect(steps[5]?.nextState).toBe(TERMINAL_STATE);
    steps.slice(1).forEach((s, k) => expect(s.state).toBe(steps[k]?.nextState));
  });
});
