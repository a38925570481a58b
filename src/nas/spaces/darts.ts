/**
 * The DARTS cell space (Liu et al., ICLR 2019, §2.1), searched only by the one-shot strategies: a
 * cell has 2 input nodes (the outputs of the two previous cells) and 4 intermediate nodes; node i
 * takes one edge from every earlier node, both inputs included, so 2 + 3 + 4 + 5 = 14 edges, each
 * holding one of 8 ops; the cell's output is the concatenation of its 4 intermediate nodes. A
 * network has a normal and a reduction cell, each with its own architecture weights.
 * Facts from quark0/darts: cnn/genotypes.py (`PRIMITIVES`, `Genotype`), cnn/model_search.py (the
 * edge order of `Cell.forward` and `_parse`, `steps = 4`, `multiplier = 4`).
 *
 * One architecture of this space is 28 op indices, one per row of the one-shot strategies'
 * [edges][ops] matrices: rows 0..13 the normal cell's edges, rows 14..27 the reduction cell's,
 * each cell's edges in `_parse`'s order; an edge that is not kept carries `none` (index 0).
 * Pure module: no DOM, React or tfjs.
 */

/** DARTS's `PRIMITIVES` (quark0/darts cnn/genotypes.py), in its order: `none` first. */
export const DARTS_OPS = [
  'none',
  'max_pool_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'dil_conv_5x5',
] as const;

export type DartsOp = (typeof DARTS_OPS)[number];

/** Intermediate nodes of a cell (`steps`). */
export const DARTS_NODES = 4;
/** Input nodes of a cell (the previous two cells' outputs). */
export const DARTS_INPUTS = 2;

/**
 * One edge of a cell: it reads node `from` (0 and 1 the inputs, 2 + j intermediate node j) and
 * feeds intermediate node `to` (0..3).
 */
export interface DartsEdge {
  readonly from: number;
  readonly to: number;
}

/** The 14 edges in `Cell.forward`'s order: node 0 <- 0, 1; node 1 <- 0, 1, 2; ... */
export const DARTS_EDGES: readonly DartsEdge[] = Array.from({ length: DARTS_NODES }, (_, to) =>
  Array.from({ length: DARTS_INPUTS + to }, (_, from) => ({ from, to })),
).flat();

/** Edges of one cell. */
export const DARTS_CELL_EDGES = DARTS_EDGES.length;

/** The two cell kinds, in row order: normal rows first. */
export const DARTS_CELL_KINDS = ['normal', 'reduce'] as const;
export type DartsCellKind = (typeof DARTS_CELL_KINDS)[number];

/** Rows of one architecture (both cells). */
export const DARTS_ROWS = DARTS_CELL_EDGES * DARTS_CELL_KINDS.length;

/** The first row of cell `kind`. */
export const dartsCellRow = (kind: DartsCellKind): number =>
  DARTS_CELL_KINDS.indexOf(kind) * DARTS_CELL_EDGES;

/** A node's name as the cell view labels it: c_{k-2}, c_{k-1}, then 0..3. */
export function dartsNodeName(node: number): string {
  if (node === 0) return 'c_{k-2}';
  if (node === 1) return 'c_{k-1}';
  return String(node - DARTS_INPUTS);
}

/** Throws unless `ops` is one op index (0..7) for each of the 28 rows. */
export function checkDartsOps(ops: readonly number[]): void {
  if (ops.length !== DARTS_ROWS) {
    throw new Error(
      `A DARTS architecture has ${DARTS_ROWS} edges (${DARTS_CELL_EDGES} per cell, normal then reduction), one op each; got ${ops.length} ops`,
    );
  }
  ops.forEach((op, row) => {
    if (!Number.isInteger(op) || op < 0 || op >= DARTS_OPS.length) {
      throw new Error(`Edge ${row}: op ${op} is not an index into ${DARTS_OPS.join(', ')}`);
    }
  });
}

/**
 * One cell's string: per intermediate node `|op~from|` for each edge whose op is not `none`,
 * nodes joined by `+` (NAS-Bench-201's form; `from` 0 and 1 the inputs, 2 + j node j).
 */
function cellPart(ops: readonly number[], first: number): string {
  return Array.from({ length: DARTS_NODES }, (_, node) => {
    const parts = DARTS_EDGES.flatMap(({ from, to }, edge) => {
      const op = ops[first + edge]!;
      return to === node && op !== 0 ? [`${DARTS_OPS[op]}~${from}|`] : [];
    });
    return `|${parts.join('')}`;
  }).join('+');
}

/**
 * The architecture's string: `normal=<cell> reduce=<cell>`, e.g.
 * `normal=|sep_conv_3x3~0|sep_conv_3x3~1|+|...|+|...|+|...| reduce=|max_pool_3x3~0|...`.
 * A node none of whose edges is kept reads `|`.
 */
export function dartsArchString(ops: readonly number[]): string {
  checkDartsOps(ops);
  return DARTS_CELL_KINDS.map((kind) => `${kind}=${cellPart(ops, dartsCellRow(kind))}`).join(' ');
}

/** Inverse of `dartsArchString`; throws saying what is wrong. */
export function parseDartsArchString(s: string): number[] {
  const bad = (why: string) => new Error(`Bad DARTS architecture "${s}": ${why}`);
  const parts = s.trim().split(/\s+/);
  if (parts.length !== 2) throw bad('expected "normal=<cell> reduce=<cell>"');
  const ops = new Array<number>(DARTS_ROWS).fill(0);
  DARTS_CELL_KINDS.forEach((kind, k) => {
    const prefix = `${kind}=`;
    const part = parts[k]!;
    if (!part.startsWith(prefix)) throw bad(`part ${k + 1} should start with "${prefix}"`);
    const nodes = part.slice(prefix.length).split('+');
    if (nodes.length !== DARTS_NODES) throw bad(`the ${kind} cell needs ${DARTS_NODES} nodes joined by "+"`);
    nodes.forEach((text, node) => {
      if (!text.startsWith('|') || !text.endsWith('|')) throw bad(`node ${node} of ${kind} is not |...|`);
      for (const gene of text.split('|').filter((g) => g !== '')) {
        const [name, fromText] = gene.split('~');
        const op = DARTS_OPS.indexOf(name as DartsOp);
        const from = Number(fromText);
        const edge = DARTS_EDGES.findIndex((e) => e.to === node && e.from === from);
        if (op <= 0) throw bad(`"${name}" is not an op other than none`);
        if (edge < 0) throw bad(`node ${node} has no input ${fromText}`);
        ops[dartsCellRow(kind) + edge] = op;
      }
    });
  });
  return ops;
}
