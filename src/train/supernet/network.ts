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
import { avgPool2x2, avgPool3x3, batchNorm, conv, convBn, reluConvBn } from './ops';
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

/** A conv op of the cell: which edge, which kernel size. */
interface EdgeConv {
  readonly edge: number;
  readonly op: 'nor_conv_1x1' | 'nor_conv_3x3';
}

const isConv = (op: Nb201Op): op is EdgeConv['op'] => op === 'nor_conv_1x1' || op === 'nor_conv_3x3';

/** `t` alone, or `ts` concatenated along `axis`. */
const joined = <T extends tf.Tensor>(ts: T[], axis: number): T =>
  ts.length === 1 ? ts[0]! : tf.concat(ts, axis);

/**
 * Every conv op reading one node as one ReLU-conv-BN: the kernels concatenated along the output
 * channels (1x1 kernels zero-padded to 3x3 when a 3x3 one is there: the padding taps add exact
 * zeros), one BN over all channels (its statistics are per channel anyway), the output split back.
 * The same values and gradients in a fraction of the kernels. By `${edge}:${op}`.
 */
function fusedConvs(
  network: Nb201Network,
  activated: tf.Tensor4D,
  layer: number,
  convs: readonly EdgeConv[],
): Map<string, tf.Tensor4D> {
  const outputs = new Map<string, tf.Tensor4D>();
  if (convs.length === 0) return outputs;
  const padded = convs.some(({ op }) => op === 'nor_conv_3x3');
  const prefixes = convs.map(({ edge, op }) => opPrefix(layer, edge, op));
  const kernels = convs.map(({ op }, i) => {
    const kernel = variable<tf.Rank.R4>(network, `${prefixes[i]}.conv.weight`);
    return padded && op === 'nor_conv_1x1'
      ? tf.pad(kernel, [
          [1, 1],
          [1, 1],
          [0, 0],
          [0, 0],
        ])
      : kernel;
  });
  const bn = (name: string) =>
    network.config.cellAffine
      ? joined(
          prefixes.map((prefix) => variable<tf.Rank.R1>(network, `${prefix}.bn.${name}`)),
          0,
        )
      : undefined;
  const all = convBn(activated, joined(kernels, 3), 1, bn('weight'), bn('bias'));
  const parts =
    convs.length === 1
      ? [all]
      : tf.split(
          all,
          kernels.map((kernel) => kernel.shape[3]),
          3,
        );
  convs.forEach(({ edge, op }, i) => outputs.set(`${edge}:${op}`, parts[i] as tf.Tensor4D));
  return outputs;
}

/**
 * A node's tensor and what every op reading it shares: its ReLU, its 3x3 average pool and its
 * convs (fusedConvs), each computed once however many edges leave the node.
 */
class SourceNode {
  private relu: tf.Tensor4D | null = null;
  private pool: tf.Tensor4D | null = null;
  private convOutputs: Map<string, tf.Tensor4D> | null = null;

  /** `convs`: every conv op the mix runs on the edges out of this node. */
  constructor(
    private readonly network: Nb201Network,
    private readonly layer: number,
    readonly value: tf.Tensor4D,
    private readonly convs: readonly EdgeConv[],
  ) {}

  activated(): tf.Tensor4D {
    return (this.relu ??= tf.relu(this.value));
  }

  pooled(): tf.Tensor4D {
    return (this.pool ??= avgPool3x3(this.value));
  }

  conv(edge: number, op: EdgeConv['op']): tf.Tensor4D {
    this.convOutputs ??= fusedConvs(this.network, this.activated(), this.layer, this.convs);
    return this.convOutputs.get(`${edge}:${op}`)!;
  }
}

/** The conv ops `mix` runs on the edges out of node `node`. */
function convsFrom(node: number, mix: MixWeights): EdgeConv[] {
  return NB201_EDGES.flatMap(({ from }, edge) => {
    if (from !== node) return [];
    const ops: readonly Nb201Op[] = mix.kind === 'child' ? [NB201_OPS[mix.ops[edge]!]!] : NB201_OPS;
    return ops.filter(isConv).map((op) => ({ edge, op }));
  });
}

/** One candidate op on `edge` applied to its source node (null for `none`). */
function applyOp(source: SourceNode, edge: number, op: Nb201Op): tf.Tensor4D | null {
  switch (op) {
    case 'none':
      return null;
    case 'skip_connect':
      return source.value;
    case 'avg_pool_3x3':
      return source.pooled();
    case 'nor_conv_1x1':
    case 'nor_conv_3x3':
      return source.conv(edge, op);
  }
}

/** The edges into each node 1..3: NB201_EDGES lists them grouped by node, `count` from `first`. */
const NODE_EDGES = Array.from({ length: NB201_NODES - 1 }, (_, k) => {
  const into = NB201_EDGES.flatMap(({ to }, edge) => (to === k + 1 ? [edge] : []));
  if (!into.every((edge, i) => edge === into[0]! + i)) throw new Error('NB201_EDGES is not grouped by node');
  return { first: into[0]!, count: into.length };
});
/** The ops a weighted mix computes: all but `none` (index 0), which adds zeros. */
const MIXED_OPS = NB201_OPS.slice(1);
if (NB201_OPS[0] !== 'none') throw new Error("NB201_OPS must list 'none' first");

/**
 * The weights of the computed ops of the edges into each node, [1, edges * MIXED_OPS] edge-major:
 * one slice and one split of the mix per forward pass, shared by every cell.
 */
function nodeWeights(weights: tf.Tensor2D): tf.Tensor2D[] {
  const computed = tf.slice(weights, [0, 1], [NB201_EDGES.length, MIXED_OPS.length]);
  return tf
    .split(
      computed,
      NODE_EDGES.map(({ count }) => count),
      0,
    )
    .map((rows) => tf.reshape(rows, [1, -1]));
}

/**
 * Node `node` of a cell: the sum over its edges of their mixed ops. Weighted, every computed op's
 * output is stacked and the weighted sum is one matMul with the node's row of weights; a child
 * runs one op per edge (null when every edge into the node is `none`).
 */
function cellNode(
  sources: readonly SourceNode[],
  node: number,
  mix: MixWeights,
  weights: readonly tf.Tensor2D[] | null,
): tf.Tensor4D | null {
  const { first, count } = NODE_EDGES[node - 1]!;
  const edges = Array.from({ length: count }, (_, k) => first + k);
  const run = (edge: number, op: Nb201Op) => applyOp(sources[NB201_EDGES[edge]!.from]!, edge, op);
  if (mix.kind === 'child') {
    const terms = edges.flatMap((edge) => run(edge, NB201_OPS[mix.ops[edge]!]!) ?? []);
    return terms.length > 0 ? tf.addN(terms) : null;
  }
  const outputs = edges.flatMap((edge) => MIXED_OPS.map((op) => run(edge, op)!));
  const shape = outputs[0]!.shape;
  const stacked = tf.reshape(tf.stack(outputs), [outputs.length, -1]);
  return tf.reshape(tf.matMul(weights![node - 1]!, stacked), shape);
}

/** `SearchCell.forward`: nodes 1..3 from the earlier ones, edges in NB201_EDGES order. */
function cell(
  network: Nb201Network,
  input: tf.Tensor4D,
  layer: number,
  mix: MixWeights,
  weights: readonly tf.Tensor2D[] | null,
): tf.Tensor4D {
  const source = (node: number, value: tf.Tensor4D) =>
    new SourceNode(network, layer, value, convsFrom(node, mix));
  const sources = [source(0, input)];
  for (let node = 1; node < NB201_NODES; node++) {
    // Every op into this node is `none`: the node is zeros (NB201's `Zero` op).
    const value = cellNode(sources, node, mix, weights) ?? tf.zerosLike(input);
    sources.push(source(node, value));
  }
  return sources[NB201_NODES - 1]!.value;
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
  const weights = mix.kind === 'weighted' ? nodeWeights(mix.weights) : null;
  const { channels, cellsPerStage } = network.config;
  let h = batchNorm(
    conv(x, variable(network, 'stem.conv.weight'), 1, 1),
    variable(network, 'stem.bn.weight'),
    variable(network, 'stem.bn.bias'),
  );
  for (const layer of skeletonLayers(channels, cellsPerStage)) {
    h =
      layer.kind === 'cell'
        ? cell(network, h, layer.index, mix, weights)
        : reduction(network, h, layer.index);
  }
  h = tf.relu(batchNorm(h, variable(network, 'lastact.bn.weight'), variable(network, 'lastact.bn.bias')));
  const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
  return tf.add(
    tf.matMul(pooled, variable(network, 'classifier.weight')),
    variable(network, 'classifier.bias'),
  );
}
