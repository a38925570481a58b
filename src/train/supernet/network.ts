/**
 * A NAS-Bench-201 network as named tf.Variables and a forward pass over them (spec.ts lists the
 * variables; D-X-Y/AutoDL-Projects lib/models/cell_searchs/search_cells.py `SearchCell.forward`
 * is the cell: node j = sum over i < j of the mixed op of edge i -> j applied to node i; the last
 * node is the output). Weight sharing is by name: the op of one (layer, edge) has one set of
 * variables, read by every mix that runs it.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../nas/rng';
import { NB201_EDGES, NB201_NODES, NB201_OPS, type Nb201Op } from '../../nas/spaces/nb201';
import { avgPool2x2, avgPool3x3, batchNorm, conv, reluConvBn } from './ops';
import {
  checkCellOps,
  networkVariables,
  opPrefix,
  skeletonLayers,
  type NetworkConfig,
  type VariableSpec,
} from './spec';

/** The variables of one network, by stable name in forward order. */
export interface Nb201Network {
  readonly config: NetworkConfig;
  readonly variables: ReadonlyMap<string, tf.Variable>;
}

/**
 * How the edges mix their ops in one forward pass: `weighted`, every op o of edge e scaled by
 * weights[e][o] and summed (DARTS's softmax, SNAS's Gumbel softmax); `child`, only ops[e] runs.
 * `none` is never computed: it adds zeros.
 */
export type MixWeights =
  | { readonly kind: 'weighted'; readonly weights: tf.Tensor2D }
  | { readonly kind: 'child'; readonly ops: readonly number[] };

/** An unsigned 31-bit seed for a tfjs random op, forked from the network seed by variable name. */
function variableSeed(seed: number, name: string): number {
  return new Rng(seed).fork('weights').fork(name).nextUint32() >>> 1;
}

function initialValue(spec: VariableSpec, seed: number): tf.Tensor {
  const shape = [...spec.shape];
  switch (spec.init) {
    case 'ones':
      return tf.ones(shape);
    case 'zeros':
      return tf.zeros(shape);
    case 'uniform': {
      const bound = 1 / Math.sqrt(spec.fanIn);
      return tf.randomUniform(shape, -bound, bound, 'float32', variableSeed(seed, spec.name));
    }
  }
}

/** Allocates the variables of `config`, each drawn from `seed` and its own name. */
export function buildNetwork(config: NetworkConfig, seed: number): Nb201Network {
  const variables = new Map<string, tf.Variable>();
  for (const spec of networkVariables(config)) {
    variables.set(
      spec.name,
      tf.tidy(() => tf.variable(initialValue(spec, seed), true)),
    );
  }
  return { config, variables };
}

export function disposeNetwork(network: Nb201Network): void {
  network.variables.forEach((v) => v.dispose());
}

function variable<R extends tf.Rank>(network: Nb201Network, name: string): tf.Variable<R> {
  const v = network.variables.get(name);
  if (!v) throw new Error(`The network has no variable "${name}" (an op it was not built with?)`);
  return v as tf.Variable<R>;
}

/** The variables of op `op` (an index into NB201_OPS) on `edge` of skeleton layer `layer`. */
export function opVariables(network: Nb201Network, layer: number, edge: number, op: number): tf.Variable[] {
  const prefix = opPrefix(layer, edge, NB201_OPS[op]!);
  return [...network.variables].filter(([name]) => name.startsWith(`${prefix}.`)).map(([, v]) => v);
}

/** One candidate op applied to a node of skeleton layer `layer` (null for `none`). */
function applyOp(
  network: Nb201Network,
  x: tf.Tensor4D,
  layer: number,
  edge: number,
  op: Nb201Op,
): tf.Tensor4D | null {
  switch (op) {
    case 'none':
      return null;
    case 'skip_connect':
      return x;
    case 'avg_pool_3x3':
      return avgPool3x3(x);
    case 'nor_conv_1x1':
    case 'nor_conv_3x3': {
      const prefix = opPrefix(layer, edge, op);
      const affine = network.config.cellAffine;
      return reluConvBn(
        x,
        variable(network, `${prefix}.conv.weight`),
        1,
        affine ? variable(network, `${prefix}.bn.weight`) : undefined,
        affine ? variable(network, `${prefix}.bn.bias`) : undefined,
      );
    }
  }
}

/** The mixed op of `edge`: the weighted sum of its ops, or the child's op (null when nothing runs). */
function mixedOp(
  network: Nb201Network,
  x: tf.Tensor4D,
  layer: number,
  edge: number,
  mix: MixWeights,
  scalars: tf.Scalar[][] | null,
): tf.Tensor4D | null {
  if (mix.kind === 'child') return applyOp(network, x, layer, edge, NB201_OPS[mix.ops[edge]!]!);
  const terms: tf.Tensor4D[] = [];
  NB201_OPS.forEach((op, o) => {
    const out = applyOp(network, x, layer, edge, op);
    if (out) terms.push(tf.mul(out, scalars![edge]![o]!));
  });
  return terms.length > 0 ? tf.addN(terms) : null;
}

/** `SearchCell.forward`: nodes 1..3 from the earlier ones, edges in NB201_EDGES order. */
function cell(
  network: Nb201Network,
  input: tf.Tensor4D,
  layer: number,
  mix: MixWeights,
  scalars: tf.Scalar[][] | null,
): tf.Tensor4D {
  const nodes: tf.Tensor4D[] = [input];
  for (let node = 1; node < NB201_NODES; node++) {
    const terms: tf.Tensor4D[] = [];
    NB201_EDGES.forEach(({ from, to }, edge) => {
      if (to !== node) return;
      const out = mixedOp(network, nodes[from]!, layer, edge, mix, scalars);
      if (out) terms.push(out);
    });
    // Every op into this node is `none`: the node is zeros (NB201's `Zero` op).
    nodes.push(terms.length > 0 ? tf.addN(terms) : tf.zerosLike(input));
  }
  return nodes[NB201_NODES - 1]!;
}

/** `ResNetBasicblock` of stride 2: conv_a (stride 2), conv_b, plus pool + 1x1 conv of the input. */
function reduction(network: Nb201Network, x: tf.Tensor4D, layer: number): tf.Tensor4D {
  const at = `cells.${layer}`;
  const part = (name: string, input: tf.Tensor4D, stride: number) =>
    reluConvBn(
      input,
      variable(network, `${at}.${name}.conv.weight`),
      stride,
      variable(network, `${at}.${name}.bn.weight`),
      variable(network, `${at}.${name}.bn.bias`),
    );
  const branch = part('conv_b', part('conv_a', x, 2), 1);
  const residual = conv(avgPool2x2(x), variable(network, `${at}.downsample.conv.weight`), 1, 0);
  return tf.add(residual, branch);
}

/** Logits [n, classes] of images `x` [n, s, s, inputChannels] (`TinyNetworkDarts.forward`). */
export function forward(network: Nb201Network, x: tf.Tensor4D, mix: MixWeights): tf.Tensor2D {
  if (mix.kind === 'child') checkCellOps(mix.ops);
  const scalars =
    mix.kind === 'weighted' ? tf.unstack(mix.weights).map((row) => tf.unstack(row) as tf.Scalar[]) : null;
  const { channels, cellsPerStage } = network.config;
  let h = batchNorm(
    conv(x, variable(network, 'stem.conv.weight'), 1, 1),
    variable(network, 'stem.bn.weight'),
    variable(network, 'stem.bn.bias'),
  );
  for (const layer of skeletonLayers(channels, cellsPerStage)) {
    h =
      layer.kind === 'cell'
        ? cell(network, h, layer.index, mix, scalars)
        : reduction(network, h, layer.index);
  }
  h = tf.relu(batchNorm(h, variable(network, 'lastact.bn.weight'), variable(network, 'lastact.bn.bias')));
  const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
  return tf.add(
    tf.matMul(pooled, variable(network, 'classifier.weight')),
    variable(network, 'classifier.bias'),
  );
}
