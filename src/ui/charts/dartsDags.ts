/**
 * A derived DARTS cell drawn with the shared `ArchDag` (the darts space of the one-shot
 * strategies): its two inputs (the cells two back and one back), each kept edge's op as a node of
 * its own, the 4 intermediate nodes (each sums its inputs) and the output that concatenates them
 * (quark0/darts cnn/model.py `Cell`). Op node ids are `e<row>`, the row of the 28 the op sits on.
 */
import type { ArchDagData, ArchEdge, ArchNode, ArchNodeKind } from '../../charts';
import { chartText as t } from '../../charts/chartText';
import {
  DARTS_CELL_EDGES,
  DARTS_EDGES,
  DARTS_NODES,
  DARTS_OPS,
  dartsCellRow,
  dartsNodeName,
  parseDartsArchString,
  type DartsCellKind,
  type DartsOp,
} from '../../nas/spaces/darts';

const KIND: Record<DartsOp, ArchNodeKind> = {
  none: 'other',
  max_pool_3x3: 'max-pool',
  avg_pool_3x3: 'avg-pool',
  skip_connect: 'identity',
  sep_conv_3x3: 'conv',
  sep_conv_5x5: 'conv',
  dil_conv_3x3: 'conv',
  dil_conv_5x5: 'conv',
};

/** Short op names, the same in every language (the paper's names, shortened). */
const LABEL: Record<DartsOp, string> = {
  none: 'none',
  max_pool_3x3: 'max pool 3×3',
  avg_pool_3x3: 'avg pool 3×3',
  skip_connect: 'skip',
  sep_conv_3x3: 'sep 3×3',
  sep_conv_5x5: 'sep 5×5',
  dil_conv_3x3: 'dil 3×3',
  dil_conv_5x5: 'dil 5×5',
};

/** The DAG id of a cell node: `in0`, `in1` the inputs, `n0`..`n3` the intermediate nodes. */
const nodeId = (node: number) => (node < 2 ? `in${node}` : `n${node - 2}`);

/** Cell `kind` of the 28 op indices `ops` (none: the edge is not kept). */
export function dartsDagData(ops: readonly number[], kind: DartsCellKind): ArchDagData {
  const first = dartsCellRow(kind);
  const reduction = kind === 'reduce';
  const nodes: ArchNode[] = [
    { id: 'in0', label: dartsNodeName(0), kind: 'input', detail: t('dag.previousCell') },
    { id: 'in1', label: dartsNodeName(1), kind: 'input', detail: t('dag.cellBefore') },
  ];
  const edges: ArchEdge[] = [];
  for (let node = 0; node < DARTS_NODES; node++)
    nodes.push({
      id: nodeId(node + 2),
      label: t('dag.node', { index: node }),
      kind: 'add',
      detail: t('dag.sum'),
    });
  for (let edge = 0; edge < DARTS_CELL_EDGES; edge++) {
    const op = DARTS_OPS[ops[first + edge] ?? 0] ?? 'none';
    if (op === 'none') continue;
    const { from, to } = DARTS_EDGES[edge]!;
    const id = `e${first + edge}`;
    const strided = reduction && from < 2 ? t('dag.stride2') : '';
    nodes.push({
      id,
      label: t(`dag.op.${op}`, { defaultValue: LABEL[op] }),
      kind: KIND[op],
      detail: `${t('dag.edge', { from: dartsNodeName(from), to })}${strided}`,
    });
    edges.push({ from: nodeId(from), to: id }, { from: id, to: nodeId(to + 2) });
  }
  nodes.push({ id: 'out', label: t('dag.output'), kind: 'concat', detail: t('dag.kind.concat') });
  for (let node = 0; node < DARTS_NODES; node++) edges.push({ from: nodeId(node + 2), to: 'out' });
  return { nodes, edges };
}

/** Both cells of a darts-space architecture string, or null when it cannot be read. */
export function dartsPairDags(arch: string): { normal: ArchDagData; reduce: ArchDagData } | null {
  try {
    const ops = parseDartsArchString(arch);
    return { normal: dartsDagData(ops, 'normal'), reduce: dartsDagData(ops, 'reduce') };
  } catch {
    return null;
  }
}
