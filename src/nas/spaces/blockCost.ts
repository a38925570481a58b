/**
 * Channels and multiply-accumulates of a BlockQNN block and of the network of stages built from it.
 * Pure module: no DOM, React or tfjs.
 */
import { blockLayers, NSC_TYPE, unconsumedOutputs, type Block } from './blockNsc';

/** How a block is stacked into a network (SPEC §3). */
export interface BlockNetworkConfig {
  /** Stages of blocks; consecutive stages are separated by a 2x2 stride-2 max pool. */
  stages: number;
  /** Blocks stacked per stage (N). */
  blocksPerStage: number;
  /** Stage width (channels) of the first stage; it doubles at every later stage. */
  baseWidth: number;
}

/** Where a block sits in the network: feature-map size and channels. */
export interface BlockGeometry {
  /** Feature-map height, pixels (kept by every layer of the block). */
  height: number;
  /** Feature-map width, pixels. */
  width: number;
  /** Channels of the block input. */
  inChannels: number;
  /** Stage width: filters of every conv and of the output 1x1 conv (the block's output channels). */
  outChannels: number;
}

/** Channels and cost of one layer of a block at a given geometry. */
export interface LayerCost {
  index: number;
  /** Output channels of the layer. */
  channels: number;
  /** Multiply-accumulates of the layer (incl. an add's 1x1 projection). */
  flops: number;
  /** For an add of unequal widths: the predecessor projected by a 1x1 conv to `channels`. */
  projected?: number;
}

/**
 * Per-layer channels and MACs, then the output 1x1 conv: conv k*k*Cin*Cout*H*W, pools and
 * identity keep channels at 0 MACs, concat adds channels, add keeps the wider count and projects
 * the narrower operand (H*W*Cnarrow*Cwide MACs).
 */
export function blockCosts(
  block: Block,
  geometry: BlockGeometry,
): { layers: LayerCost[]; outputConcatChannels: number; outputFlops: number; flops: number } {
  const area = geometry.height * geometry.width;
  const channels = new Map<number, number>([[0, geometry.inChannels]]);
  const ch = (i: number): number => channels.get(i) as number;
  const layers = blockLayers(block).map((n): LayerCost => {
    let cost: LayerCost;
    switch (n.type) {
      case NSC_TYPE.conv:
        cost = {
          index: n.index,
          channels: geometry.outChannels,
          flops: area * n.kernel * n.kernel * ch(n.pred1) * geometry.outChannels,
        };
        break;
      case NSC_TYPE.add: {
        const [a, b] = [ch(n.pred1), ch(n.pred2)];
        cost = { index: n.index, channels: Math.max(a, b), flops: a === b ? 0 : area * a * b };
        if (a !== b) cost.projected = a < b ? n.pred1 : n.pred2;
        break;
      }
      case NSC_TYPE.concat:
        cost = { index: n.index, channels: ch(n.pred1) + ch(n.pred2), flops: 0 };
        break;
      default:
        cost = { index: n.index, channels: ch(n.pred1), flops: 0 };
    }
    channels.set(n.index, cost.channels);
    return cost;
  });
  const outputConcatChannels = unconsumedOutputs(block).reduce((sum, i) => sum + ch(i), 0);
  const outputFlops = area * outputConcatChannels * geometry.outChannels;
  const flops = layers.reduce((sum, l) => sum + l.flops, outputFlops);
  return { layers, outputConcatChannels, outputFlops, flops };
}

/** MACs of one block at `geometry` (see `blockCosts`). */
export function blockFlops(block: Block, geometry: BlockGeometry): number {
  return blockCosts(block, geometry).flops;
}

/** One stage of the network: `blocks` copies of the block at one feature-map size. */
export interface StagePlan {
  /** Feature-map side after the stage's entry reduction, pixels. */
  height: number;
  width: number;
  /** Input channels of the stage's first block (the previous stage's width, or the image's). */
  inChannels: number;
  /** Stage width: baseWidth * 2^stage. */
  outChannels: number;
  blocks: number;
}

/**
 * The stages of the network for an input of [height, width, channels]: stage s has width
 * baseWidth * 2^s and is entered through a 2x2 stride-2 max pool (SAME: ceil(side / 2)) for s > 0.
 * After the last stage: global average pooling and a dense softmax layer.
 */
export function networkStages(
  cfg: BlockNetworkConfig,
  input: readonly [number, number, number],
): StagePlan[] {
  const stages: StagePlan[] = [];
  let [height, width, inChannels] = input;
  for (let s = 0; s < cfg.stages; s++) {
    if (s > 0) {
      height = Math.ceil(height / 2);
      width = Math.ceil(width / 2);
    }
    const outChannels = cfg.baseWidth * 2 ** s;
    stages.push({ height, width, inChannels, outChannels, blocks: cfg.blocksPerStage });
    inChannels = outChannels;
  }
  return stages;
}

/**
 * MACs of the whole network built from `block`: every block of every stage (the first block of a
 * stage reads the previous width, the others the stage width) plus the classifier's dense layer
 * (last width * classes). Reductions and global pooling count 0.
 */
export function networkFlops(
  block: Block,
  cfg: BlockNetworkConfig,
  input: readonly [number, number, number],
  classes: number,
): number {
  let flops = 0;
  let lastWidth = input[2];
  for (const stage of networkStages(cfg, input)) {
    for (let b = 0; b < stage.blocks; b++) {
      flops += blockFlops(block, {
        height: stage.height,
        width: stage.width,
        inChannels: b === 0 ? stage.inChannels : stage.outChannels,
        outChannels: stage.outChannels,
      });
    }
    lastWidth = stage.outChannels;
  }
  return flops + lastWidth * classes;
}
