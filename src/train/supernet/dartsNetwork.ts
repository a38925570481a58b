/**
 * The DARTS search network and its derived child (Liu et al., ICLR 2019) as named tf.Variables and
 * a forward pass over them, NHWC, no layers API (every mix reads the same variables: weight
 * sharing is by name, one set per (cell, edge, op)). From quark0/darts:
 * - cnn/model_search.py `Network`: stem = 3x3 conv (no bias) to 3C channels + BN; `layers` cells,
 *   the ones at layers // 3 and 2 layers // 3 reduction cells (channels doubled, stride 2 on the
 *   edges out of the two inputs), the others normal; each cell reads the two cells before it
 *   (the stem's output twice at the start); global average pooling; linear classifier. Every
 *   normal cell uses softmax(alphas_normal), every reduction cell softmax(alphas_reduce).
 * - `Cell`: preprocess0 = FactorizedReduce(C_pp, C) after a reduction cell, else ReLUConvBN(C_pp,
 *   C, 1x1); preprocess1 = ReLUConvBN(C_p, C, 1x1); node i = sum over j < 2 + i of the mixed op of
 *   edge (i, j) on state j; output = concat of the 4 intermediate nodes (4C channels).
 * - `MixedOp`: every op of `PRIMITIVES` built with affine=False, a pool followed by
 *   BatchNorm2d(C, affine=False); output sum_o w_o op(x) (`none` adds zeros and is not computed).
 * - cnn/operations.py: sep_conv_k = (ReLU, depthwise k x k at the stride, pointwise 1x1, BN) twice,
 *   the second at stride 1; dil_conv_k = ReLU, depthwise k x k dilation 2, pointwise, BN;
 *   skip_connect = identity, or FactorizedReduce at stride 2 (ReLU, two 1x1 stride-2 convs to
 *   C/2, the second on the input shifted by one pixel, concatenated, BN); max_pool_3x3 (padding
 *   1), avg_pool_3x3 (padding 1, count_include_pad=False).
 * - cnn/model.py `NetworkCIFAR` (the derived child trained alone): the same skeleton with only the
 *   kept op of each edge, affine BN everywhere and no BN after the pools. Its auxiliary head and
 *   drop path are left out (training tricks, not architecture).
 * Differences, each forced by the data or by tfjs: the stem reads the dataset's channels (1 for
 * MNIST); BN normalises by batch statistics always (ops.ts); an odd side is halved to ceil(n/2)
 * (MNIST 28 -> 14 -> 7 -> 4: PyTorch's FactorizedReduce would fail on 7, so its shifted branch is
 * padded by one zero row/column at the end); a dilated conv is a depthwise conv with the kernel
 * spread out by zeros (tfjs has no gradient for dilations > 1: the same values and gradients).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../nas/rng';
import {
  DARTS_CELL_EDGES,
  DARTS_EDGES,
  DARTS_NODES,
  DARTS_OPS,
  checkDartsOps,
  dartsCellRow,
  type DartsOp,
} from '../../nas/spaces/darts';
import type { MixWeights } from './network';
import { averagePool, batchNorm, conv } from './ops';
import { sizeOf, type VariableSpec } from './spec';

/** DARTS's `stem_multiplier`: the stem has 3C channels. */
const STEM_MULTIPLIER = 3;
/** DARTS's `multiplier`: a cell's output concatenates its last 4 nodes. */
const MULTIPLIER = DARTS_NODES;

/** The skeleton of a DARTS network. */
export interface DartsSkeleton {
  /** C: channels of the first cells (the stem has 3C). */
  readonly channels: number;
  /** Cells in all (DARTS's `--layers`: 8 in the search). */
  readonly layers: number;
  readonly inputChannels: number;
  readonly classes: number;
}

/** A search network (no `cellOps`) or a derived child (one op index per row, 28). */
export interface DartsNetworkConfig extends DartsSkeleton {
  readonly cellOps?: readonly number[];
}

export interface DartsNetwork {
  readonly kind: 'darts';
  readonly config: DartsNetworkConfig;
  readonly variables: ReadonlyMap<string, tf.Variable>;
}

/** One cell of the skeleton with its channels. */
export interface DartsCellLayout {
  readonly index: number;
  readonly reduction: boolean;
  readonly reductionPrev: boolean;
  /** Channels of its two inputs and of each of its nodes. */
  readonly prevPrev: number;
  readonly prev: number;
  readonly channels: number;
}

/** `Network.__init__`'s loop: reductions at layers // 3 and 2 layers // 3. */
export function dartsCells(channels: number, layers: number): DartsCellLayout[] {
  const cells: DartsCellLayout[] = [];
  let prevPrev = STEM_MULTIPLIER * channels;
  let prev = prevPrev;
  let current = channels;
  let reductionPrev = false;
  for (let i = 0; i < layers; i++) {
    const reduction = i === Math.floor(layers / 3) || i === Math.floor((2 * layers) / 3);
    if (reduction) current *= 2;
    cells.push({ index: i, reduction, reductionPrev, prevPrev, prev, channels: current });
    reductionPrev = reduction;
    [prevPrev, prev] = [prev, MULTIPLIER * current];
  }
  return cells;
}

/** Throws unless the network can be built. */
export function checkDartsConfig(config: DartsNetworkConfig): void {
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!positive(config.channels))
    throw new Error(`channels must be a positive integer, got ${config.channels}`);
  if (!Number.isInteger(config.layers) || config.layers < 3)
    throw new Error(
      `A DARTS network needs at least 3 cells (one normal, two reduction), got ${config.layers}`,
    );
  if (!positive(config.inputChannels))
    throw new Error(`inputChannels must be positive, got ${config.inputChannels}`);
  if (!positive(config.classes)) throw new Error(`classes must be positive, got ${config.classes}`);
  if (config.cellOps) checkDartsOps(config.cellOps);
}

const convSpec = (name: string, k: number, cin: number, cout: number, groups = 1): VariableSpec => ({
  name,
  shape: groups === 1 ? [k, k, cin, cout] : [k, k, cin, 1],
  init: 'uniform',
  // PyTorch's fan-in of a grouped conv: in / groups x k x k.
  fanIn: (k * k * cin) / groups,
});

const bnSpecs = (prefix: string, c: number, affine: boolean): VariableSpec[] =>
  affine
    ? [
        { name: `${prefix}.weight`, shape: [c], init: 'ones', fanIn: 0 },
        { name: `${prefix}.bias`, shape: [c], init: 'zeros', fanIn: 0 },
      ]
    : [];

const half = (c: number) => Math.floor(c / 2);

/** FactorizedReduce(cin, cout): two 1x1 convs to half the channels each, BN. */
function factorizedReduceSpecs(prefix: string, cin: number, cout: number, affine: boolean): VariableSpec[] {
  return [
    convSpec(`${prefix}.conv_1.weight`, 1, cin, half(cout)),
    convSpec(`${prefix}.conv_2.weight`, 1, cin, cout - half(cout)),
    ...bnSpecs(`${prefix}.bn`, cout, affine),
  ];
}

/** Kernel size and dilation of a conv op; null for a weightless one. */
function convShape(op: DartsOp): { k: number; dilation: number; repeats: number } | null {
  switch (op) {
    case 'sep_conv_3x3':
      return { k: 3, dilation: 1, repeats: 2 };
    case 'sep_conv_5x5':
      return { k: 5, dilation: 1, repeats: 2 };
    case 'dil_conv_3x3':
      return { k: 3, dilation: 2, repeats: 1 };
    case 'dil_conv_5x5':
      return { k: 5, dilation: 2, repeats: 1 };
    default:
      return null;
  }
}

/** Name prefix of op `op` on edge `edge` (0..13) of cell `cell`. */
export function dartsOpPrefix(cell: number, edge: number, op: DartsOp): string {
  return `cells.${cell}.edges.${edge}.${op}`;
}

/** Whether edge `edge` of a cell runs at stride 2 (a reduction cell's edges out of its inputs). */
const edgeStride = (cell: DartsCellLayout, edge: number) =>
  cell.reduction && DARTS_EDGES[edge]!.from < 2 ? 2 : 1;

/** The op index of every edge of `cell` the config keeps (all ops but none in the search). */
function edgeOps(config: DartsNetworkConfig, cell: DartsCellLayout, edge: number): DartsOp[] {
  if (!config.cellOps) return DARTS_OPS.slice(1);
  const op = config.cellOps[dartsCellRow(cell.reduction ? 'reduce' : 'normal') + edge]!;
  return op === 0 ? [] : [DARTS_OPS[op]!];
}

/** Every variable of the network, in forward order. */
export function dartsVariables(config: DartsNetworkConfig): VariableSpec[] {
  checkDartsConfig(config);
  const affine = config.cellOps !== undefined;
  const stem = STEM_MULTIPLIER * config.channels;
  const specs: VariableSpec[] = [
    convSpec('stem.conv.weight', 3, config.inputChannels, stem),
    ...bnSpecs('stem.bn', stem, true),
  ];
  let last = stem;
  for (const cell of dartsCells(config.channels, config.layers)) {
    const at = `cells.${cell.index}`;
    const c = cell.channels;
    specs.push(
      ...(cell.reductionPrev
        ? factorizedReduceSpecs(`${at}.preprocess0`, cell.prevPrev, c, affine)
        : [
            convSpec(`${at}.preprocess0.conv.weight`, 1, cell.prevPrev, c),
            ...bnSpecs(`${at}.preprocess0.bn`, c, affine),
          ]),
      convSpec(`${at}.preprocess1.conv.weight`, 1, cell.prev, c),
      ...bnSpecs(`${at}.preprocess1.bn`, c, affine),
    );
    for (let edge = 0; edge < DARTS_CELL_EDGES; edge++) {
      for (const op of edgeOps(config, cell, edge)) {
        const prefix = dartsOpPrefix(cell.index, edge, op);
        const shape = convShape(op);
        if (op === 'skip_connect' && edgeStride(cell, edge) === 2) {
          specs.push(...factorizedReduceSpecs(prefix, c, c, affine));
        } else if (shape) {
          for (let r = 1; r <= shape.repeats; r++) {
            const part = shape.repeats === 1 ? '' : `${r}`;
            specs.push(
              convSpec(`${prefix}.dw${part}.weight`, shape.k, c, c, c),
              convSpec(`${prefix}.pw${part}.weight`, 1, c, c),
              ...bnSpecs(`${prefix}.bn${part}`, c, affine),
            );
          }
        }
      }
    }
    last = MULTIPLIER * c;
  }
  specs.push(
    { name: 'classifier.weight', shape: [last, config.classes], init: 'uniform', fanIn: last },
    { name: 'classifier.bias', shape: [config.classes], init: 'uniform', fanIn: last },
  );
  return specs;
}

/** Trainable parameters of the network. */
export function dartsParameterCount(config: DartsNetworkConfig): number {
  return dartsVariables(config).reduce((sum, v) => sum + sizeOf(v.shape), 0);
}

function initialValue(spec: VariableSpec, seed: number): tf.Tensor {
  const shape = [...spec.shape];
  if (spec.init === 'ones') return tf.ones(shape);
  if (spec.init === 'zeros') return tf.zeros(shape);
  const bound = 1 / Math.sqrt(spec.fanIn);
  const variableSeed = new Rng(seed).fork('weights').fork(spec.name).nextUint32() >>> 1;
  return tf.randomUniform(shape, -bound, bound, 'float32', variableSeed);
}

/** Allocates the variables of `config`, each drawn from `seed` and its own name. */
export function buildDartsNetwork(config: DartsNetworkConfig, seed: number): DartsNetwork {
  const variables = new Map<string, tf.Variable>();
  for (const spec of dartsVariables(config))
    variables.set(
      spec.name,
      tf.tidy(() => tf.variable(initialValue(spec, seed), true)),
    );
  return { kind: 'darts', config, variables };
}

/** The variables of op `op` (index into DARTS_OPS) on edge `edge` of cell `cell`. */
export function dartsOpVariables(
  network: DartsNetwork,
  cell: number,
  edge: number,
  op: number,
): tf.Variable[] {
  const prefix = `${dartsOpPrefix(cell, edge, DARTS_OPS[op]!)}.`;
  return [...network.variables].filter(([name]) => name.startsWith(prefix)).map(([, v]) => v);
}

function variable<R extends tf.Rank>(network: DartsNetwork, name: string): tf.Variable<R> {
  const v = network.variables.get(name);
  if (!v) throw new Error(`The network has no variable "${name}" (an op it was not built with?)`);
  return v as tf.Variable<R>;
}

/** BN with the network's scale and shift of `prefix` when it has them (affine), else plain. */
function bn(network: DartsNetwork, x: tf.Tensor4D, prefix: string): tf.Tensor4D {
  const scale = network.variables.get(`${prefix}.weight`) as tf.Tensor1D | undefined;
  const shift = network.variables.get(`${prefix}.bias`) as tf.Tensor1D | undefined;
  return batchNorm(x, scale, shift);
}

/**
 * A depthwise k x k kernel [k, k, C, 1] at dilation `d`: the same kernel with d - 1 zeros between
 * taps, [(k-1)d + 1, ..., C, 1]: S K S^T per channel, S the [(k-1)d + 1, k] matrix with
 * S[i d, i] = 1 (matMuls and transposes of rank 3 at most: a rank-6 pad failed to compile on
 * WebGL). Differentiable, so the gradient reaches the k x k variable.
 */
export function dilatedKernel(kernel: tf.Tensor4D, d: number): tf.Tensor4D {
  if (d === 1) return kernel;
  const [k, , c] = kernel.shape;
  const size = (k - 1) * d + 1;
  const spread = new Float32Array(size * k);
  for (let i = 0; i < k; i++) spread[i * d * k + i] = 1;
  const s = tf.tensor2d(spread, [size, k]);
  // rows: [size, k, C] = S x K over the first axis.
  const rows = tf.reshape(tf.matMul(s, tf.reshape(kernel, [k, k * c])), [size, k, c]);
  // columns: [size(b), size(a), C] = S x rows over the second axis, then (a, b) back in order.
  const swapped = tf.reshape(tf.transpose(rows, [1, 0, 2]), [k, size * c]);
  const both = tf.reshape(tf.matMul(s, swapped), [size, size, c]);
  return tf.reshape(tf.transpose(both, [1, 0, 2]), [size, size, c, 1]);
}

/** ReLU, depthwise k x k (dilation d, padding d (k-1) / 2, stride s), pointwise 1x1, BN. */
function reluDwPwBn(
  network: DartsNetwork,
  x: tf.Tensor4D,
  prefix: string,
  part: string,
  d: number,
  stride: number,
): tf.Tensor4D {
  const kernel = dilatedKernel(variable<tf.Rank.R4>(network, `${prefix}.dw${part}.weight`), d);
  const pad = (kernel.shape[0] - 1) / 2;
  const depthwise = tf.depthwiseConv2d(tf.relu(x), kernel, stride, pad);
  const pointwise = conv(depthwise, variable(network, `${prefix}.pw${part}.weight`), 1, 0);
  return bn(network, pointwise, `${prefix}.bn${part}`);
}

/** FactorizedReduce: ReLU; conv_1 (1x1, stride 2) on x, conv_2 on x shifted by one pixel; concat; BN. */
function factorizedReduce(network: DartsNetwork, x: tf.Tensor4D, prefix: string): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const r = tf.relu(x);
  const shifted = tf.pad(tf.slice(r, [0, 1, 1, 0], [n, h - 1, w - 1, c]), [
    [0, 0],
    [0, h % 2],
    [0, w % 2],
    [0, 0],
  ]);
  const joinedParts = tf.concat(
    [
      conv(r, variable(network, `${prefix}.conv_1.weight`), 2, 0),
      conv(shifted, variable(network, `${prefix}.conv_2.weight`), 2, 0),
    ],
    3,
  );
  return bn(network, joinedParts, `${prefix}.bn`);
}

/** One op of edge `edge` of `cell` on `x` (never `none`). */
function applyOp(
  network: DartsNetwork,
  cell: DartsCellLayout,
  edge: number,
  op: DartsOp,
  x: tf.Tensor4D,
): tf.Tensor4D {
  const stride = edgeStride(cell, edge);
  const prefix = dartsOpPrefix(cell.index, edge, op);
  const search = network.config.cellOps === undefined;
  // model_search.py's MixedOp puts an affine-free BN after each pool; model.py does not.
  const poolBn = (y: tf.Tensor4D) => (search ? batchNorm(y) : y);
  switch (op) {
    case 'max_pool_3x3':
      return poolBn(tf.maxPool(x, 3, stride, 1));
    case 'avg_pool_3x3':
      return poolBn(
        averagePool(x, 3, stride, [
          [1, 1],
          [1, 1],
        ]),
      );
    case 'skip_connect':
      return stride === 1 ? x : factorizedReduce(network, x, prefix);
    case 'sep_conv_3x3':
    case 'sep_conv_5x5':
      return reluDwPwBn(network, reluDwPwBn(network, x, prefix, '1', 1, stride), prefix, '2', 1, 1);
    case 'dil_conv_3x3':
    case 'dil_conv_5x5':
      return reluDwPwBn(network, x, prefix, '', 2, stride);
    case 'none':
      throw new Error('none is never computed');
  }
}

/** Where each intermediate node's edges start in a cell's 14 rows. */
const NODE_FIRST_EDGE = Array.from({ length: DARTS_NODES }, (_, node) =>
  DARTS_EDGES.findIndex(({ to }) => to === node),
);

/** `Cell.forward` on the two previous states, with the mix's rows of this cell's kind. */
function cellForward(
  network: DartsNetwork,
  cell: DartsCellLayout,
  s0: tf.Tensor4D,
  s1: tf.Tensor4D,
  mix: MixWeights,
): tf.Tensor4D {
  const at = `cells.${cell.index}`;
  const p0 = cell.reductionPrev
    ? factorizedReduce(network, s0, `${at}.preprocess0`)
    : bn(
        network,
        conv(tf.relu(s0), variable(network, `${at}.preprocess0.conv.weight`), 1, 0),
        `${at}.preprocess0.bn`,
      );
  const p1 = bn(
    network,
    conv(tf.relu(s1), variable(network, `${at}.preprocess1.conv.weight`), 1, 0),
    `${at}.preprocess1.bn`,
  );
  const states = [p0, p1];
  const first = dartsCellRow(cell.reduction ? 'reduce' : 'normal');
  const [n, h, w, c] = p1.shape;
  const nodeShape: [number, number, number, number] = cell.reduction
    ? [n, Math.ceil(h / 2), Math.ceil(w / 2), c]
    : [n, h, w, c];
  for (let node = 0; node < DARTS_NODES; node++) {
    const start = NODE_FIRST_EDGE[node]!;
    const count = 2 + node;
    const edges = Array.from({ length: count }, (_, j) => start + j);
    let value: tf.Tensor4D;
    if (mix.kind === 'child') {
      const terms = edges.flatMap((edge) => {
        const op = mix.ops[first + edge]!;
        return op === 0
          ? []
          : [applyOp(network, cell, edge, DARTS_OPS[op]!, states[DARTS_EDGES[edge]!.from]!)];
      });
      value = terms.length > 0 ? (tf.addN(terms) as tf.Tensor4D) : tf.zeros(nodeShape);
    } else {
      // Per edge, its computed ops' outputs stacked and summed by one matMul with the edge's row
      // of weights (none, index 0, left out: it adds zeros); the node adds its edges. Per edge,
      // not per node: a stack of a node's 35 outputs failed to compile on WebGL (more inputs than
      // a shader's textures).
      const terms = edges.map((edge) => {
        const source = states[DARTS_EDGES[edge]!.from]!;
        const outputs = DARTS_OPS.slice(1).map((op) => applyOp(network, cell, edge, op, source));
        const stacked = tf.reshape(tf.stack(outputs), [outputs.length, -1]);
        const row = tf.slice(mix.weights, [first + edge, 1], [1, DARTS_OPS.length - 1]);
        return tf.reshape(tf.matMul(row, stacked), nodeShape);
      });
      value = tf.addN(terms) as tf.Tensor4D;
    }
    states.push(value);
  }
  return tf.concat(states.slice(2), 3);
}

/** Logits [n, classes] of images `x` [n, s, s, inputChannels] (`Network.forward`). */
export function dartsForward(network: DartsNetwork, x: tf.Tensor4D, mix: MixWeights): tf.Tensor2D {
  if (mix.kind === 'child') checkDartsOps(mix.ops);
  const stem = bn(network, conv(x, variable(network, 'stem.conv.weight'), 1, 1), 'stem.bn');
  let [s0, s1] = [stem, stem];
  for (const cell of dartsCells(network.config.channels, network.config.layers))
    [s0, s1] = [s1, cellForward(network, cell, s0, s1, mix)];
  const pooled = tf.mean(s1, [1, 2]) as tf.Tensor2D;
  return tf.add(
    tf.matMul(pooled, variable(network, 'classifier.weight')),
    variable(network, 'classifier.bias'),
  );
}

export function disposeDartsNetwork(network: DartsNetwork): void {
  network.variables.forEach((v) => v.dispose());
}
