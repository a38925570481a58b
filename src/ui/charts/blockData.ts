/**
 * From a BlockQNN block string to what the architecture panel shows: the block's DAG for
 * `ArchDag`, its NSC rows, and the network of stacked blocks with feature-map sizes, channels,
 * multiply-accumulates and density. Every builder returns null for a string that is not a block
 * (a MetaQNN net string, a malformed proposal), so a view can show its empty state.
 */
import type { ArchDagData, ArchNode } from '../../charts';
import { datasetChannels, datasetImageSize, type RunConfig } from '../../nas/config';
import {
  NSC_TYPE,
  blockCosts,
  blockDensity,
  blockString,
  describeBlock,
  networkFlops,
  networkStages,
  nscString,
  parseBlockString,
  unconsumedOutputs,
  type Block,
  type BlockGeometry,
  type BlockNodeKind,
  type NscType,
} from '../../nas/spaces/block';

/** Classes of every dataset the app offers (MNIST and Fashion-MNIST). */
export const BLOCK_CLASSES = 10;

/** One NSC of a block as a table row; the terminal NSC is the last row. */
export interface NscRow {
  /** Layer index, 1-based (0 is the block input). */
  index: number;
  /** NSC type code, 1..7. */
  type: NscType;
  /** The type in words: `conv`, `max pool`, `avg pool`, `identity`, `add`, `concat`, `terminal`. */
  typeName: string;
  /** Colour of the row: the kind of its DAG node; the terminal stands for the block `output`. */
  kind: BlockNodeKind;
  /** Kernel side in pixels; 0 for identity, add, concat and the terminal. */
  kernel: number;
  pred1: number;
  /** Second predecessor of add and concat; 0 otherwise. */
  pred2: number;
  /** Canonical NSC string, e.g. `(2,1,3,1,0)`. */
  code: string;
  /** Output channels in a stage-1 block fed by the stage width; the terminal: the block's output. */
  channels: number;
  /** Multiply-accumulates of the layer in that block (the terminal: the output concat's 1×1 conv). */
  macs: number;
}

/** One stage of the network: `blocks` copies of the block at one feature-map size. */
export interface StageRow {
  /** Stage number, 1-based. */
  stage: number;
  /** Feature-map side after the stage's entry pooling, pixels. */
  height: number;
  width: number;
  /** Channels entering the stage's first block (the image's or the previous stage's width). */
  inChannels: number;
  /** Stage width: channels out of every block of the stage. */
  outChannels: number;
  blocks: number;
  /** MACs of the stage's first block, which reads `inChannels`. */
  firstBlockMacs: number;
  /** MACs of each later block of the stage, which reads the stage width. */
  blockMacs: number;
  /** MACs of all the stage's blocks. */
  macs: number;
}

/** A block stacked into the network the run trains. */
export interface BlockNetworkView {
  /** Canonical block string. */
  block: string;
  nsc: NscRow[];
  /** Network input [height, width, channels]. */
  input: [number, number, number];
  stages: StageRow[];
  classes: number;
  /** MACs of the dense softmax layer after global average pooling. */
  classifierMacs: number;
  /** MACs of the whole network (the FLOPs of BlockQNN's reward), see `networkFlops`. */
  flops: number;
  /** Edges / nodes of the block DAG (the density of BlockQNN's reward). */
  density: number;
}

const TYPE_NAMES: Record<NscType, string> = {
  [NSC_TYPE.conv]: 'conv',
  [NSC_TYPE.maxPool]: 'max pool',
  [NSC_TYPE.avgPool]: 'avg pool',
  [NSC_TYPE.identity]: 'identity',
  [NSC_TYPE.add]: 'add',
  [NSC_TYPE.concat]: 'concat',
  [NSC_TYPE.terminal]: 'terminal',
};

const TYPE_KINDS: Record<NscType, BlockNodeKind> = {
  [NSC_TYPE.conv]: 'conv',
  [NSC_TYPE.maxPool]: 'max-pool',
  [NSC_TYPE.avgPool]: 'avg-pool',
  [NSC_TYPE.identity]: 'identity',
  [NSC_TYPE.add]: 'add',
  [NSC_TYPE.concat]: 'concat',
  [NSC_TYPE.terminal]: 'output',
};

function parse(arch: string): Block | null {
  try {
    return parseBlockString(arch);
  } catch {
    return null;
  }
}

/** The network input [side, side, channels] of the run's dataset. */
function networkInput(config: RunConfig): [number, number, number] {
  const side = datasetImageSize(config);
  return [side, side, datasetChannels(config)];
}

/**
 * A representative block of stage 1: at the first stage's size, fed by the stage width (every
 * block of the stage but the network's first, which reads the image's single channel).
 */
function stageOneGeometry(config: RunConfig): BlockGeometry {
  const [height, width] = networkInput(config);
  const channels = config.blockqnn.baseWidth;
  return { height, width, inChannels: channels, outChannels: channels };
}

/**
 * The DAG of a block for `ArchDag`: input, one node per layer, the output concat + 1×1 conv.
 * The second line of a node is its NSC string; with a `config`, also its output channels in a
 * stage-1 block (see `NscRow.channels`). Null when `arch` is not a block string.
 */
export function blockDagData(arch: string, config?: RunConfig): ArchDagData | null {
  const block = parse(arch);
  if (!block) return null;
  const { nodes, edges } = describeBlock(block);
  const geometry = config ? stageOneGeometry(config) : null;
  const channels = new Map<string, number>();
  if (geometry) {
    for (const layer of blockCosts(block, geometry).layers) channels.set(String(layer.index), layer.channels);
  }
  const byId = new Map(block.map((n) => [String(n.index), n]));
  const outputs = unconsumedOutputs(block).join(', ');
  const detailOf = (id: string): string => {
    const nsc = byId.get(id);
    if (nsc) {
      const c = channels.get(id);
      return c === undefined ? nscString(nsc) : `${nscString(nsc)} · ${c} ch`;
    }
    if (id === 'input') return geometry ? `${geometry.inChannels} ch` : 'block input';
    return geometry ? `concat ${outputs} → ${geometry.outChannels} ch` : `concat ${outputs}`;
  };
  const archNodes: ArchNode[] = nodes.map((node) => ({
    id: node.id,
    label: node.label,
    kind: node.kind,
    detail: detailOf(node.id),
  }));
  return { nodes: archNodes, edges };
}

/**
 * The block as NSC rows and as the network of stages the run trains from it: input
 * [imageSize, imageSize, 1] of the run's dataset, 10 classes, `config.blockqnn`'s stages,
 * blocks per stage and base width. Null when `arch` is not a block string.
 */
export function describeBlockNetwork(arch: string, config: RunConfig): BlockNetworkView | null {
  const block = parse(arch);
  if (!block) return null;
  const input = networkInput(config);
  const stageOne = blockCosts(block, stageOneGeometry(config));
  const layerCosts = new Map(stageOne.layers.map((l) => [l.index, l]));
  const nsc = block.map((n): NscRow => {
    const cost = layerCosts.get(n.index);
    return {
      index: n.index,
      type: n.type,
      typeName: TYPE_NAMES[n.type],
      kind: TYPE_KINDS[n.type],
      kernel: n.kernel,
      pred1: n.pred1,
      pred2: n.pred2,
      code: nscString(n),
      channels: cost?.channels ?? config.blockqnn.baseWidth,
      macs: cost?.flops ?? stageOne.outputFlops,
    };
  });
  const stages = networkStages(config.blockqnn, input).map((plan, i): StageRow => {
    const at = (inChannels: number) =>
      blockCosts(block, { height: plan.height, width: plan.width, inChannels, outChannels: plan.outChannels })
        .flops;
    const firstBlockMacs = at(plan.inChannels);
    const blockMacs = at(plan.outChannels);
    return {
      stage: i + 1,
      height: plan.height,
      width: plan.width,
      inChannels: plan.inChannels,
      outChannels: plan.outChannels,
      blocks: plan.blocks,
      firstBlockMacs,
      blockMacs,
      macs: plan.blocks === 0 ? 0 : firstBlockMacs + (plan.blocks - 1) * blockMacs,
    };
  });
  const lastWidth = stages.at(-1)?.outChannels ?? input[2];
  return {
    block: blockString(block),
    nsc,
    input,
    stages,
    classes: BLOCK_CLASSES,
    classifierMacs: lastWidth * BLOCK_CLASSES,
    flops: networkFlops(block, config.blockqnn, input, BLOCK_CLASSES),
    density: blockDensity(block),
  };
}
