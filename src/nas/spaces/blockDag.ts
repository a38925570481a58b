/** The DAG view of a BlockQNN block (nodes, edges) and its density. Pure module: no DOM, React or tfjs. */
import {
  blockLayers,
  nscString,
  NSC_TYPE,
  predecessors,
  unconsumedOutputs,
  type Block,
  type Nsc,
} from './blockNsc';

/** Node kinds of the block DAG view. */
export type BlockNodeKind =
  'input' | 'conv' | 'max-pool' | 'avg-pool' | 'identity' | 'add' | 'concat' | 'output';

/** One node of the block DAG view. */
export interface BlockNode {
  /** `input`, `output`, or the layer index as a string (`'1'`, `'2'`, ...). */
  id: string;
  /** Short label, e.g. `conv 3×3`. */
  label: string;
  kind: BlockNodeKind;
  /** One line for a tooltip: the NSC string and what the layer does. */
  detail: string;
}

export interface BlockEdge {
  from: string;
  to: string;
}

const nodeId = (index: number): string => (index === 0 ? 'input' : String(index));

function layerNode(n: Nsc): BlockNode {
  const id = nodeId(n.index);
  const code = nscString(n);
  const k = `${n.kernel}×${n.kernel}`;
  switch (n.type) {
    case NSC_TYPE.conv:
      return { id, label: `conv ${k}`, kind: 'conv', detail: `${code} ReLU-Conv-BN ${k}, stride 1` };
    case NSC_TYPE.maxPool:
      return { id, label: `max pool ${k}`, kind: 'max-pool', detail: `${code} max pooling ${k}, stride 1` };
    case NSC_TYPE.avgPool:
      return {
        id,
        label: `avg pool ${k}`,
        kind: 'avg-pool',
        detail: `${code} average pooling ${k}, stride 1`,
      };
    case NSC_TYPE.identity:
      return { id, label: 'identity', kind: 'identity', detail: `${code} identity` };
    case NSC_TYPE.add:
      return {
        id,
        label: 'add',
        kind: 'add',
        detail: `${code} elementwise add of ${n.pred1} and ${n.pred2}`,
      };
    case NSC_TYPE.concat:
      return { id, label: 'concat', kind: 'concat', detail: `${code} concat of ${n.pred1} and ${n.pred2}` };
    case NSC_TYPE.terminal:
      throw new Error(`The terminal ${code} is not a node of the block DAG`);
  }
}

/**
 * The block DAG for display: the input node, one node per layer (terminal excluded), the output
 * concat node (followed by the 1x1 conv to the stage width); an edge per predecessor read and
 * one per unconsumed output into the output node. Nodes in index order, input first.
 */
export function describeBlock(block: Block): { nodes: BlockNode[]; edges: BlockEdge[] } {
  const layers = blockLayers(block);
  const outputs = unconsumedOutputs(block);
  const nodes: BlockNode[] = [
    { id: 'input', label: 'input', kind: 'input', detail: 'block input (index 0)' },
    ...layers.map(layerNode),
    {
      id: 'output',
      label: 'concat + 1×1 conv',
      kind: 'output',
      detail: `concat of unconsumed outputs ${outputs.join(', ')}, then a 1×1 conv to the stage width`,
    },
  ];
  const edges: BlockEdge[] = [
    ...layers.flatMap((n) => predecessors(n).map((p) => ({ from: nodeId(p), to: nodeId(n.index) }))),
    ...outputs.map((i) => ({ from: nodeId(i), to: 'output' })),
  ];
  return { nodes, edges };
}

/** Density = edges / nodes of the `describeBlock` DAG (>= 2/3 for any block with a layer). */
export function blockDensity(block: Block): number {
  const { nodes, edges } = describeBlock(block);
  return edges.length / nodes.length;
}
