/**
 * How a one-shot search turns its architecture weights [edges][ops] into one cell (SPEC §5):
 * argmax per edge on NAS-Bench-201 (DARTS as the benchmark's authors run it, SNAS), and the DARTS
 * paper's top-2-inputs rule on the DARTS cell. Ties go to the lower index, as torch's and numpy's
 * argmax and Python's stable `sorted` do in the reference code.
 * Pure module: no DOM, React or tfjs.
 */
import { argmax, type Rows } from './gumbel';

/**
 * DARTS on NAS-Bench-201: the op of every edge is the argmax of its alpha over all 5 ops, `none`
 * included (D-X-Y/AutoDL-Projects, xautodl/models/cell_searchs/search_model_darts.py,
 * `TinyNetworkDarts.genotype`: `self.op_names[weights.argmax().item()]` on the raw
 * `arch_parameters`). On this space `none` is itself the op of a dropped edge, so no edge is
 * removed and no top-k is taken: every node keeps all its inputs. `weights` may be alpha or
 * softmax(alpha): the argmax of a row is the same.
 */
export function deriveNb201(weights: Rows): number[] {
  return weights.map(checkedArgmax);
}

/**
 * SNAS: argmax per edge including `none`; an edge whose argmax is `none` is dropped (SPEC §5;
 * SNAS-Series/SNAS-Series, SNAS/model_search.py, `genotype_edge_all`: `k_best` over every op, no
 * `none` exclusion, all edges kept). On NAS-Bench-201 that is the same rule as `deriveNb201`: the
 * edge is dropped by carrying `none`.
 */
export function deriveSnas(weights: Rows): number[] {
  return weights.map(checkedArgmax);
}

function checkedArgmax(row: readonly number[], edge: number): number {
  if (row.length === 0) throw new Error(`Edge ${edge} has no ops`);
  return argmax(row);
}

/** One kept input of a node of a DARTS cell. */
export interface DartsGene {
  /** The intermediate node it feeds, from 0 (the cell's node 2 + node). */
  readonly node: number;
  /** Where it reads from: 0 and 1 the two cell inputs, 2 + j intermediate node j. */
  readonly from: number;
  /** Its row in `weights` (the `_parse` edge order). */
  readonly edge: number;
  /** The op kept on it: its strongest op other than `none`. */
  readonly op: number;
}

/**
 * The DARTS paper's derivation (Liu et al., ICLR 2019, §2.4) on the DARTS cell, as quark0/darts
 * cnn/model_search.py `genotype._parse` does it: edges in the order node 0 <- (in0, in1), node 1
 * <- (in0, in1, node 0), ... (`start`/`end` slices of n = inputs + node rows); per node keep the 2
 * incoming edges whose strongest non-`none` weight is largest, each with that op, in order of
 * strength (2 per node, 8 of 14 edges for 4 nodes). `weights` are softmax(alpha) rows, as
 * `_parse` gets them: strengths are compared across edges, which softmax changes.
 * `noneIndex` is the row index of `none` (DARTS's `PRIMITIVES`: 0), null if the space has none.
 */
export function deriveDartsCell(
  weights: Rows,
  nodes = 4,
  inputs = 2,
  noneIndex: number | null = 0,
): DartsGene[] {
  const expected = nodes * inputs + (nodes * (nodes - 1)) / 2;
  if (weights.length !== expected)
    throw new Error(
      `A DARTS cell of ${nodes} nodes and ${inputs} inputs has ${expected} edges, got ${weights.length}`,
    );
  const genes: DartsGene[] = [];
  let start = 0;
  for (let node = 0; node < nodes; node++) {
    const incoming = inputs + node;
    const best = Array.from({ length: incoming }, (_, from) =>
      strongestOp(weights[start + from]!, noneIndex, start + from),
    );
    // Stable sort by strength, strongest first: ties keep the lower input first (Python's sorted).
    const order = best.map((_, from) => from).sort((a, b) => best[b]!.weight - best[a]!.weight);
    for (const from of order.slice(0, 2)) genes.push({ node, from, edge: start + from, op: best[from]!.op });
    start += incoming;
  }
  return genes;
}

/** The largest entry of `row` other than `noneIndex`, the first on ties (`_parse`'s strict `>`). */
function strongestOp(
  row: readonly number[],
  noneIndex: number | null,
  edge: number,
): { op: number; weight: number } {
  let op = -1;
  row.forEach((w, k) => {
    if (k !== noneIndex && (op < 0 || w > row[op]!)) op = k;
  });
  if (op < 0) throw new Error(`Edge ${edge} has no op other than none`);
  return { op, weight: row[op]! };
}
