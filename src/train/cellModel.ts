/**
 * Builds a tfjs model of a NASNet cell pair (Zoph et al., CVPR 2018; SPEC §4) in the paper's
 * CIFAR layout: a 3x3 conv + BN stem of `baseFilters`, then `stacks` stacks of `cellsPerStack`
 * normal cells with a reduction cell between two stacks (filters doubled there), ReLU, global
 * average pooling and a dense softmax.
 *
 * Inside a cell of F filters (as in the authors' code):
 * - h[i-1] goes through ReLU-Conv1x1-BN to F; h[i-2] too, or through a factorized reduction
 *   (two shifted stride-2 1x1 convs, concatenated, BN) when it is larger than h[i-1] (it came
 *   before a reduction cell). The stem serves as both inputs of the first cell.
 * - Every op outputs F channels: convs are ReLU-Conv-BN (no bias, BN momentum 0.9), sep convs
 *   ReLU-SepConv-BN twice, 1x3+3x1 and 1x7+7x1 ReLU-Conv-Conv-BN; pools and identity keep their
 *   input and are followed by ReLU-Conv1x1-BN only when it is not F wide (a concat block's 2F).
 * - In the reduction cell, ops reading h[i-1] or h[i-2] have stride 2; identity at stride 2 is a
 *   factorized reduction.
 * - tfjs has no gradient for dilated convs, so dil conv 3x3 (rate 2) is built im2col-style: the
 *   9 taps as shifted crops of the zero-padded input, concatenated, then a 1x1 conv (stride 1 or
 *   2). Same function and same 9 * Cin * F weights as a dilated conv.
 * - Blocks combine by add (F) or concat (2F); the blocks no later block reads are concatenated as
 *   the cell's output with no conv after it: the next cells' 1x1 input convs bring it to width.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../nas/rng';
import {
  unusedBlocks,
  type Cell,
  type CellNetworkConfig,
  type CellOp,
  type CellPair,
} from '../nas/spaces/cell';

type Symbolic = tf.SymbolicTensor;

const channelsOf = (x: Symbolic): number => x.shape[3] as number;
const sideOf = (x: Symbolic): [number, number] => [x.shape[1] as number, x.shape[2] as number];

/** Kernel size of a square op, by name. */
const KERNEL: Partial<Record<CellOp, number>> = {
  conv_1x1: 1,
  conv_3x3: 3,
  sep_conv_3x3: 3,
  sep_conv_5x5: 5,
  sep_conv_7x7: 7,
  avg_pool_3x3: 3,
  max_pool_3x3: 3,
  max_pool_5x5: 5,
  max_pool_7x7: 7,
};

/**
 * The 9 taps of a 3x3 conv with dilation 2 (SAME), concatenated along channels in (row, column)
 * order: tap (i, j) is the input shifted by (2i - 2, 2j - 2) with zeros outside. A 1x1 conv over
 * them whose kernel is the 3x3 kernel reshaped to [9 * Cin, F] is the dilated conv.
 */
export function dilationTaps(x: Symbolic): Symbolic {
  const padded = tf.layers
    .zeroPadding2d({
      padding: [
        [2, 2],
        [2, 2],
      ],
    })
    .apply(x) as Symbolic;
  const taps: Symbolic[] = [];
  for (const dy of [0, 2, 4]) {
    for (const dx of [0, 2, 4]) {
      const crop = tf.layers.cropping2D({
        cropping: [
          [dy, 4 - dy],
          [dx, 4 - dx],
        ],
      });
      taps.push(crop.apply(padded) as Symbolic);
    }
  }
  return tf.layers.concatenate().apply(taps) as Symbolic;
}

/** Throws unless the network config has a positive integer of stacks, cells and filters. */
export function checkCellNetwork(network: CellNetworkConfig): void {
  for (const field of ['stacks', 'cellsPerStack', 'baseFilters'] as const) {
    const v = network[field];
    if (!Number.isInteger(v) || v < 1) throw new Error(`${field} must be a positive integer, got ${v}`);
  }
}

/**
 * The (uncompiled) model of `pair` stacked by `network`, for images of `input` [h, w, c] and
 * `classes` classes; weights seeded from `seed`.
 */
export function buildCellModel(
  pair: CellPair,
  network: CellNetworkConfig,
  input: [number, number, number],
  classes: number,
  seed = 0,
): tf.LayersModel {
  checkCellNetwork(network);
  if (pair.normal.length === 0 || pair.reduction.length === 0) throw new Error('A cell has at least 1 block');
  const seeds = new Rng(seed).fork('weights');
  const init = () => tf.initializers.glorotUniform({ seed: seeds.nextUint32() >>> 1 });

  const relu = (x: Symbolic): Symbolic => tf.layers.reLU().apply(x) as Symbolic;
  // Momentum 0.9 as in blockModel: tfjs's 0.99 leaves the moving statistics near their start
  // after the few steps a search trains each model.
  const bn = (x: Symbolic): Symbolic => tf.layers.batchNormalization({ momentum: 0.9 }).apply(x) as Symbolic;
  const conv = (
    x: Symbolic,
    filters: number,
    kernel: number | [number, number],
    strides: number | [number, number] = 1,
  ): Symbolic =>
    tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
      })
      .apply(x) as Symbolic;
  const sepConv = (x: Symbolic, filters: number, kernel: number, strides: number): Symbolic =>
    tf.layers
      .separableConv2d({
        filters,
        kernelSize: kernel,
        strides,
        padding: 'same',
        useBias: false,
        depthwiseInitializer: init(),
        pointwiseInitializer: init(),
      })
      .apply(x) as Symbolic;
  const reluConvBn = (x: Symbolic, filters: number, kernel: number, strides = 1): Symbolic =>
    bn(conv(relu(x), filters, kernel, strides));
  const dilatedConv = (x: Symbolic, filters: number, strides: number): Symbolic =>
    conv(dilationTaps(x), filters, 1, strides);
  /** Halves the map with two 1x1 stride-2 convs, the second shifted one pixel, so no pixel is skipped. */
  const factorizedReduce = (x: Symbolic, filters: number): Symbolic => {
    const a = relu(x);
    if (filters < 2) return bn(conv(a, filters, 1, 2));
    const half = Math.floor(filters / 2);
    const shifted = tf.layers
      .cropping2D({
        cropping: [
          [1, 0],
          [1, 0],
        ],
      })
      .apply(
        tf.layers
          .zeroPadding2d({
            padding: [
              [0, 1],
              [0, 1],
            ],
          })
          .apply(a),
      ) as Symbolic;
    const joined = tf.layers
      .concatenate()
      .apply([conv(a, half, 1, 2), conv(shifted, filters - half, 1, 2)]) as Symbolic;
    return bn(joined);
  };
  /** A pool or identity result brought to `filters` channels when it is not already. */
  const toWidth = (x: Symbolic, filters: number): Symbolic =>
    channelsOf(x) === filters ? x : reluConvBn(x, filters, 1);

  const applyOp = (x: Symbolic, op: CellOp, stride: number, filters: number): Symbolic => {
    switch (op) {
      case 'identity':
        return stride === 2 ? factorizedReduce(x, filters) : toWidth(x, filters);
      case 'conv_1x1':
      case 'conv_3x3':
        return reluConvBn(x, filters, KERNEL[op]!, stride);
      case 'conv_1x3_3x1':
      case 'conv_1x7_7x1': {
        const k = op === 'conv_1x3_3x1' ? 3 : 7;
        const wide = conv(relu(x), filters, [1, k], [1, stride]);
        return bn(conv(wide, filters, [k, 1], [stride, 1]));
      }
      case 'dil_conv_3x3':
        return bn(dilatedConv(relu(x), filters, stride));
      case 'sep_conv_3x3':
      case 'sep_conv_5x5':
      case 'sep_conv_7x7': {
        const k = KERNEL[op]!;
        const y = bn(sepConv(relu(x), filters, k, stride));
        return bn(sepConv(relu(y), filters, k, 1));
      }
      case 'avg_pool_3x3': {
        const pool = tf.layers.averagePooling2d({ poolSize: 3, strides: stride, padding: 'same' });
        return toWidth(pool.apply(x) as Symbolic, filters);
      }
      case 'max_pool_3x3':
      case 'max_pool_5x5':
      case 'max_pool_7x7': {
        const pool = tf.layers.maxPooling2d({ poolSize: KERNEL[op]!, strides: stride, padding: 'same' });
        return toWidth(pool.apply(x) as Symbolic, filters);
      }
    }
  };

  /** One cell of `filters` filters reading h[i-1] = `prev` and h[i-2] = `prevPrev`. */
  const applyCell = (
    cell: Cell,
    prev: Symbolic,
    prevPrev: Symbolic,
    filters: number,
    reduction: boolean,
  ): Symbolic => {
    const [h, w] = sideOf(prev);
    const [h2, w2] = sideOf(prevPrev);
    const states: Symbolic[] = [
      reluConvBn(prev, filters, 1),
      h2 !== h || w2 !== w ? factorizedReduce(prevPrev, filters) : reluConvBn(prevPrev, filters, 1),
    ];
    for (const block of cell) {
      const [a, b] = [0, 1].map((j) => {
        const index = block.inputs[j]!;
        const stride = reduction && index < 2 ? 2 : 1;
        return applyOp(states[index]!, block.ops[j]!, stride, filters);
      });
      const combine = block.combine === 'add' ? tf.layers.add() : tf.layers.concatenate();
      states.push(combine.apply([a!, b!]) as Symbolic);
    }
    const outputs = unusedBlocks(cell).map((k) => states[k + 2]!);
    return outputs.length === 1 ? outputs[0]! : (tf.layers.concatenate().apply(outputs) as Symbolic);
  };

  const image = tf.input({ shape: input });
  let filters = network.baseFilters;
  const stem = bn(conv(image, filters, 3));
  let [prevPrev, prev] = [stem, stem];
  for (let s = 0; s < network.stacks; s++) {
    if (s > 0) {
      filters *= 2;
      [prevPrev, prev] = [prev, applyCell(pair.reduction, prev, prevPrev, filters, true)];
    }
    for (let n = 0; n < network.cellsPerStack; n++)
      [prevPrev, prev] = [prev, applyCell(pair.normal, prev, prevPrev, filters, false)];
  }
  const pooled = tf.layers.globalAveragePooling2d({}).apply(relu(prev)) as Symbolic;
  const output = tf.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: init(), biasInitializer: 'zeros' })
    .apply(pooled) as Symbolic;
  return tf.model({ inputs: image, outputs: output });
}
