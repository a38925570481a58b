/**
 * Cells drawn with the shared `ArchDag`: the ops that live on a cell's edges become nodes of
 * their own between the cell's nodes, so one DAG view serves NAS-Bench-201 cells, NASNet cells
 * and NAS-RL layers alike.
 */
import type { ArchDagData, ArchEdge, ArchNode, ArchNodeKind } from '../../charts';
import { chartText as t } from '../../charts/chartText';
import {
  cellOpLabel,
  hiddenStateLabel,
  parseCellPairString,
  unusedBlocks,
  type Cell,
  type CellKind,
  type CellOp,
} from '../../nas/spaces/cell';
import { nasrlUnusedOutputs, parseNasrlString } from '../../nas/spaces/nasrlGraph';
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
    label:
      n.kind === 'input'
        ? t('dag.input')
        : n.kind === 'output'
          ? t('dag.output')
          : t('dag.node', { index: n.index }),
    kind: n.kind === 'input' ? 'input' : n.kind === 'output' ? 'output' : 'add',
    detail: n.kind === 'input' ? t('dag.cellInput') : t('dag.sum'),
  }));
  const edges: ArchEdge[] = [];
  for (const e of dag.edges) {
    if (e.none) continue;
    const id = `e${e.edge}`;
    nodes.push({
      id,
      label: t(`dag.op.${e.op}`, { defaultValue: e.label }),
      kind: NB201_KIND[e.op],
      detail: t('dag.edge', { from: nodeName(e.from), to: nodeName(e.to) }),
    });
    edges.push({ from: e.from, to: id }, { from: id, to: e.to });
  }
  return { nodes, edges };
}

/** A NAS-Bench-201 node id (`input`, `1`, `2`, `output`) in words. */
function nodeName(id: string): string {
  return id === 'input' ? t('dag.input') : id === 'output' ? t('dag.output') : id;
}

function cellOpKind(op: CellOp): ArchNodeKind {
  if (op === 'identity') return 'identity';
  if (op.startsWith('avg_pool')) return 'avg-pool';
  if (op.startsWith('max_pool')) return 'max-pool';
  return 'conv';
}

/** One NASNet cell: its two hidden-state inputs, per block two op nodes and the combine node,
 * and the concat of the block outputs nothing reads. */
export function cellDagData(cell: Cell, kind: CellKind): ArchDagData {
  const reduction = kind === 'reduction';
  const nodes: ArchNode[] = [
    { id: 'h0', label: hiddenStateLabel(0), kind: 'input', detail: t('dag.previousCell') },
    { id: 'h1', label: hiddenStateLabel(1), kind: 'input', detail: t('dag.cellBefore') },
  ];
  const edges: ArchEdge[] = [];
  const source = (index: number) => (index < 2 ? `h${index}` : `b${index - 2}`);
  cell.forEach((block, b) => {
    block.ops.forEach((op, j) => {
      const id = `b${b}.${j}`;
      const strided = reduction && block.inputs[j]! < 2 ? t('dag.stride2') : '';
      nodes.push({
        id,
        label: cellOpLabel(op),
        kind: cellOpKind(op),
        detail: t('dag.blockInput', { block: b, input: j + 1, strided }),
      });
      edges.push({ from: source(block.inputs[j]!), to: id }, { from: id, to: `b${b}` });
    });
    nodes.push({
      id: `b${b}`,
      label: t('dag.block', { block: b }),
      kind: block.combine,
      detail: block.combine,
    });
  });
  nodes.push({ id: 'out', label: t('dag.output'), kind: 'output', detail: t('dag.unusedConcat') });
  for (const b of unusedBlocks(cell)) edges.push({ from: `b${b}`, to: 'out' });
  return { nodes, edges };
}

/** The normal and the reduction cell of a cell-pair string, or null when it cannot be read. */
export function cellPairDags(net: string): { normal: ArchDagData; reduction: ArchDagData } | null {
  try {
    const pair = parseCellPairString(net);
    return {
      normal: cellDagData(pair.normal, 'normal'),
      reduction: cellDagData(pair.reduction, 'reduction'),
    };
  } catch {
    return null;
  }
}

/**
 * A NAS-RL network: the image, one conv node per layer fed by its (concatenated) inputs, and the
 * concat of the outputs nothing reads before the softmax. Null when `net` cannot be read.
 */
export function nasrlDagData(net: string): ArchDagData | null {
  let layers;
  try {
    layers = parseNasrlString(net);
  } catch {
    return null;
  }
  const nodes: ArchNode[] = [{ id: 'img', label: t('dag.image'), kind: 'input', detail: t('dag.input') }];
  const edges: ArchEdge[] = [];
  layers.forEach((layer, i) => {
    const stride =
      layer.strideHeight === 1 && layer.strideWidth === 1
        ? ''
        : ` /${layer.strideHeight}×${layer.strideWidth}`;
    nodes.push({
      id: `L${i}`,
      label: `conv ${layer.filterHeight}×${layer.filterWidth}${stride}`,
      kind: 'conv',
      detail: t('dag.layerDetail', {
        layer: i + 1,
        filters: layer.filters,
        concat: layer.inputs.length > 1 ? t('dag.concatIn') : '',
      }),
    });
    const inputs = layer.inputs.length === 0 ? ['img'] : layer.inputs.map((j) => `L${j}`);
    for (const from of inputs) edges.push({ from, to: `L${i}` });
  });
  const unused = nasrlUnusedOutputs(layers);
  if (unused.length > 1) {
    nodes.push({
      id: 'cat',
      label: 'concat',
      kind: 'concat',
      detail: t('dag.layers', { layers: unused.map((j) => j + 1).join(', ') }),
    });
    for (const j of unused) edges.push({ from: `L${j}`, to: 'cat' });
  }
  nodes.push({ id: 'sm', label: 'softmax', kind: 'softmax', detail: t('dag.gapDense') });
  edges.push({ from: unused.length > 1 ? 'cat' : `L${unused[0] ?? layers.length - 1}`, to: 'sm' });
  return { nodes, edges };
}
