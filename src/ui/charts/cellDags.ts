/**
 * Cells drawn with the shared `ArchDag`: the ops that live on a cell's edges become nodes of
 * their own between the cell's nodes, so one DAG view serves NAS-Bench-201 cells, NASNet cells
 * and NAS-RL layers alike.
 */
import type { ArchDagData, ArchEdge, ArchNode, ArchNodeKind } from '../../charts';
import { describeCell, parseCellString, type Nb201Op } from '../../nas/spaces/nb201';

const NB201_KIND: Record<Nb201Op, ArchNodeKind> = {
  none: 'other',
  skip_connect: 'identity',
  nor_conv_1x1: 'conv',
  nor_conv_3x3: 'conv',
  avg_pool_3x3: 'avg-pool',
};

/**
 * A NAS-Bench-201 cell: its 4 nodes (each sums its inputs) and one op node per edge that is not
 * `none` (a `none` edge carries nothing and is left out). Null when `cell` is not a cell string.
 */
export function nb201DagData(cell: string): ArchDagData | null {
  let dag;
  try {
    dag = describeCell(parseCellString(cell));
  } catch {
    return null;
  }
  const nodes: ArchNode[] = dag.nodes.map((n) => ({
    id: n.id,
    label: n.kind === 'input' ? 'input' : n.kind === 'output' ? 'output' : `node ${n.index}`,
    kind: n.kind === 'input' ? 'input' : n.kind === 'output' ? 'output' : 'add',
    detail: n.kind === 'input' ? 'cell input' : 'sum of inputs',
  }));
  const edges: ArchEdge[] = [];
  for (const e of dag.edges) {
    if (e.none) continue;
    const id = `e${e.edge}`;
    nodes.push({ id, label: e.label, kind: NB201_KIND[e.op], detail: `edge ${e.from}→${e.to}` });
    edges.push({ from: e.from, to: id }, { from: id, to: e.to });
  }
  return { nodes, edges };
}
