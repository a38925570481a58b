/**
 * The NAS-Bench-201 cell search space (Dong & Yang, ICLR 2020): a DAG of 4 nodes where every
 * node j > 0 sums its inputs from all earlier nodes, each through one of 5 ops, so 6 edges and
 * 5^6 = 15,625 cells. Cell strings, the DAG view, and the Q-learning states and actions (one
 * decision per edge, in the benchmark's edge order).
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */

/** The candidate ops of every edge, in the benchmark's order. */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;

/** One op of an edge. */
export type Nb201Op = (typeof NB201_OPS)[number];

/** The ops of the 6 edges, in `NB201_EDGES` order. */
export type Nb201Cell = readonly [Nb201Op, Nb201Op, Nb201Op, Nb201Op, Nb201Op, Nb201Op];

/** One edge of the cell: the op on it reads node `from` and feeds node `to`. */
export interface Nb201Edge {
  readonly from: number;
  readonly to: number;
}

/** The 6 edges in the benchmark's (cell-string) order: node 1 <- 0; node 2 <- 0, 1; node 3 <- 0, 1, 2. */
export const NB201_EDGES: readonly Nb201Edge[] = [
  { from: 0, to: 1 },
  { from: 0, to: 2 },
  { from: 1, to: 2 },
  { from: 0, to: 3 },
  { from: 1, to: 3 },
  { from: 2, to: 3 },
];

/** Nodes of the cell: 0 is the input, 3 the output. */
export const NB201_NODES = 4;
/** Edges of the cell, one Q-learning decision each. */
export const NB201_EDGE_COUNT = 6;
/** Number of distinct cells, 5^6. */
export const NB201_CELL_COUNT = 15625;

/** Whether `s` names one of the 5 ops. */
export function isNb201Op(s: string): s is Nb201Op {
  return (NB201_OPS as readonly string[]).includes(s);
}

function checkCell(ops: readonly Nb201Op[]): Nb201Cell {
  if (ops.length !== NB201_EDGE_COUNT) throw new Error(`A cell has 6 ops, one per edge; got ${ops.length}`);
  ops.forEach((op, k) => {
    if (!isNb201Op(op)) throw new Error(`Edge ${k}: "${String(op)}" is not one of ${NB201_OPS.join(', ')}`);
  });
  return ops as unknown as Nb201Cell;
}

/**
 * The benchmark's cell string, e.g.
 * `|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|`:
 * one `|op~from|` group per node 1..3, joined by `+`.
 */
export function cellString(ops: readonly Nb201Op[]): string {
  checkCell(ops);
  const nodes: string[] = [];
  NB201_EDGES.forEach(({ from, to }, k) => {
    nodes[to - 1] = `${nodes[to - 1] ?? '|'}${ops[k]}~${from}|`;
  });
  return nodes.join('+');
}

const CELL_EXAMPLE =
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

/** Inverse of `cellString` (surrounding whitespace allowed); throws an Error saying what is wrong. */
export function parseCellString(s: string): Nb201Cell {
  const text = s.trim();
  const bad = (why: string): Error => new Error(`Bad cell string "${s}": ${why}`);
  if (text === '') throw new Error(`Empty cell string: expected e.g. "${CELL_EXAMPLE}"`);
  const nodes = text.split('+');
  if (nodes.length !== NB201_NODES - 1) {
    throw bad(`expected 3 nodes joined by "+" (node 1, 2, 3), got ${nodes.length}`);
  }
  const ops: Nb201Op[] = [];
  nodes.forEach((node, i) => {
    const to = i + 1;
    if (!node.startsWith('|') || !node.endsWith('|') || node.length < 2) {
      throw bad(`node ${to} "${node}" must be written |op~0|...| with a "|" at both ends`);
    }
    const tokens = node.slice(1, -1).split('|');
    if (tokens.length !== to) {
      throw bad(
        `node ${to} reads ${to} earlier node${to > 1 ? 's' : ''}, got ${tokens.length} edge(s) in "${node}"`,
      );
    }
    tokens.forEach((token, from) => {
      const m = /^([^~]*)~(\d+)$/.exec(token);
      if (!m) throw bad(`edge "${token}" of node ${to} is not op~source, e.g. nor_conv_3x3~${from}`);
      const [, op = '', source = ''] = m;
      if (Number(source) !== from) {
        throw bad(`edge ${from + 1} of node ${to} must read node ${from}, got "${token}"`);
      }
      if (!isNb201Op(op)) throw bad(`unknown op "${op}" in "${token}": ops are ${NB201_OPS.join(', ')}`);
      ops.push(op);
    });
  });
  return ops as unknown as Nb201Cell;
}

/**
 * Lexicographic code 0..15,624 of a cell: base 5, edge 0 most significant, ops in `NB201_OPS`
 * order. It is not the benchmark's index (see `Nb201Table.indexOf`).
 */
export function cellCode(ops: readonly Nb201Op[]): number {
  return checkCell(ops).reduce((code, op) => code * NB201_OPS.length + NB201_OPS.indexOf(op), 0);
}

/** Inverse of `cellCode`. */
export function cellFromCode(code: number): Nb201Cell {
  if (!Number.isInteger(code) || code < 0 || code >= NB201_CELL_COUNT) {
    throw new Error(`A cell code is an integer in 0..${NB201_CELL_COUNT - 1}, got ${code}`);
  }
  const ops: Nb201Op[] = [];
  for (let k = NB201_EDGE_COUNT - 1, c = code; k >= 0; k--, c = Math.floor(c / NB201_OPS.length)) {
    ops[k] = NB201_OPS[c % NB201_OPS.length] as Nb201Op;
  }
  return ops as unknown as Nb201Cell;
}

// ---------------------------------------------------------------------------------------------
// DAG view

/** One node of the cell DAG view. */
export interface Nb201Node {
  /** `input`, `1`, `2` or `output`. */
  readonly id: string;
  /** 0..3. */
  readonly index: number;
  readonly label: string;
  readonly kind: 'input' | 'intermediate' | 'output';
}

/** One edge of the cell DAG view, with its op. */
export interface Nb201DagEdge {
  readonly from: string;
  readonly to: string;
  /** Position 0..5 in `NB201_EDGES`. */
  readonly edge: number;
  readonly op: Nb201Op;
  /** Short label, e.g. `conv 3×3`. */
  readonly label: string;
  /** The op is `none`: the edge outputs zeros, as if absent. */
  readonly none: boolean;
  /** The edge lies on a path of non-`none` edges from the input to the output. */
  readonly onPath: boolean;
}

/** The cell DAG for display. */
export interface Nb201Dag {
  readonly nodes: readonly Nb201Node[];
  readonly edges: readonly Nb201DagEdge[];
  /** Some path of non-`none` edges joins the input to the output (else the cell scores ~chance). */
  readonly connected: boolean;
}

const OP_LABELS: Record<Nb201Op, string> = {
  none: 'none',
  skip_connect: 'skip',
  nor_conv_1x1: 'conv 1×1',
  nor_conv_3x3: 'conv 3×3',
  avg_pool_3x3: 'avg pool 3×3',
};

/** Short display label of an op, e.g. `conv 3×3` (the convs are ReLU-Conv-BN). */
export function opLabel(op: Nb201Op): string {
  return OP_LABELS[op];
}

const NODE_IDS = ['input', '1', '2', 'output'];

/** Nodes reachable from the input (forward) or reaching the output (backward) through non-`none` edges. */
function reach(ops: Nb201Cell, forward: boolean): boolean[] {
  const seen = Array.from({ length: NB201_NODES }, (_, n) => n === (forward ? 0 : NB201_NODES - 1));
  // Edges run from lower to higher nodes, so one sweep in topological order suffices.
  const order = forward ? NB201_EDGES.map((_, k) => k) : NB201_EDGES.map((_, k) => NB201_EDGE_COUNT - 1 - k);
  for (const k of order) {
    const { from, to } = NB201_EDGES[k] as Nb201Edge;
    if (ops[k] === 'none') continue;
    if (forward && seen[from]) seen[to] = true;
    if (!forward && seen[to]) seen[from] = true;
  }
  return seen;
}

/** Whether a path of non-`none` edges joins the input to the output. */
export function isConnected(ops: readonly Nb201Op[]): boolean {
  return reach(checkCell(ops), true)[NB201_NODES - 1] === true;
}

/** Nodes input, 1, 2, output and the 6 edges in benchmark order, `none` and dead edges marked. */
export function describeCell(ops: readonly Nb201Op[]): Nb201Dag {
  const cell = checkCell(ops);
  const fromInput = reach(cell, true);
  const toOutput = reach(cell, false);
  const nodes: Nb201Node[] = NODE_IDS.map((id, index) => ({
    id,
    index,
    label: index === 0 ? 'input' : index === NB201_NODES - 1 ? 'output (node 3)' : `node ${index}`,
    kind: index === 0 ? 'input' : index === NB201_NODES - 1 ? 'output' : 'intermediate',
  }));
  const edges: Nb201DagEdge[] = NB201_EDGES.map(({ from, to }, edge) => {
    const op = cell[edge] as Nb201Op;
    return {
      from: NODE_IDS[from] as string,
      to: NODE_IDS[to] as string,
      edge,
      op,
      label: opLabel(op),
      none: op === 'none',
      onPath: op !== 'none' && fromInput[from] === true && toOutput[to] === true,
    };
  });
  return { nodes, edges, connected: fromInput[NB201_NODES - 1] === true };
}

// ---------------------------------------------------------------------------------------------
// Q-learning: one decision per edge, in NB201_EDGES order

/** Canonical string of the state before any edge is decided. */
export const START_STATE = 'start';
/** Canonical string of the state reached after the 6th edge. */
export const TERMINAL_STATE = 'T';

/**
 * Canonical state string of the ops decided so far (a prefix of 0..5 ops): `start`, else
 * `e0:<op>|e1:<op>|...`, e.g. `e0:nor_conv_3x3|e1:skip_connect`. The next decision is edge
 * `prefix.length`.
 */
export function stateKey(prefix: readonly Nb201Op[]): string {
  if (prefix.length >= NB201_EDGE_COUNT) {
    throw new Error(`A state decides at most 5 edges (6 reach "T"), got ${prefix.length}`);
  }
  return prefix.length === 0 ? START_STATE : prefix.map((op, k) => `e${k}:${op}`).join('|');
}

/** Inverse of `stateKey`; throws an Error on a malformed key or on the terminal state `T`. */
export function parseStateKey(key: string): Nb201Op[] {
  if (key === START_STATE) return [];
  if (key === TERMINAL_STATE) throw new Error('State "T" is the terminal state: every edge is decided');
  const parts = key.split('|');
  if (parts.length >= NB201_EDGE_COUNT) {
    throw new Error(`Bad state "${key}": a state decides at most 5 edges, got ${parts.length}`);
  }
  return parts.map((part, k) => {
    const m = /^e(\d+):(.*)$/.exec(part);
    if (!m || Number(m[1]) !== k) {
      throw new Error(
        `Bad state "${key}": part ${k + 1} "${part}" should be e${k}:<op>, e.g. e${k}:skip_connect`,
      );
    }
    const op = m[2] as string;
    if (!isNb201Op(op)) throw new Error(`Bad state "${key}": unknown op "${op}"`);
    return op;
  });
}

/**
 * Legal actions (op names, which are also the canonical action strings) from a state: the 5
 * ops, in `NB201_OPS` order, for edge `prefix.length`; none once all 6 edges are decided.
 */
export function legalActions(prefix: readonly Nb201Op[]): readonly Nb201Op[] {
  return prefix.length < NB201_EDGE_COUNT ? NB201_OPS : [];
}

/** One step of a cell as the Q-learner sees it: canonical strings only. */
export interface Nb201Transition {
  state: string;
  /** The op chosen for edge `k` (the step's position). */
  action: Nb201Op;
  /** State reached: the longer prefix, or `T` after the 6th edge. */
  nextState: string;
}

/** The 6 (state, action, next state) steps that build `ops`, edge 0 first. */
export function trajectoryOf(ops: readonly Nb201Op[]): Nb201Transition[] {
  const cell = checkCell(ops);
  return cell.map((action, k) => ({
    state: stateKey(cell.slice(0, k)),
    action,
    nextState: k === NB201_EDGE_COUNT - 1 ? TERMINAL_STATE : stateKey(cell.slice(0, k + 1)),
  }));
}
