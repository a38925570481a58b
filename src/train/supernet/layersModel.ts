/**
 * A standalone NAS-Bench-201 network (one op per edge) as a tfjs LayersModel, for export in
 * tfjs's layers format: the same skeleton and ops as network.ts's forward pass (D-X-Y/AutoDL-
 * Projects lib/models/cell_infers/tiny_network.py `TinyNetwork`, cells.py `InferCell`), with
 * every variable of spec.ts held by one named layer so that trained values copy over by name.
 * - BN layers are affine with PyTorch's eps 1e-5 and momentum 0.1 (tfjs's 0.9); their running
 *   statistics are set by calibrateBatchNorm (precise BN) since the functional network, trained
 *   with batch statistics, holds none.
 * - Padding as PyTorch's: stride-1 convs are 'same' (odd kernels pad 1 on each side); the ResNet
 *   block's stride-2 3x3 conv pads 1 on each side explicitly (tfjs 'same' would pad only the
 *   end). The pools are tfjs 'same' average pools, whose forward pass leaves the padding out of
 *   the divisor as NB201's `count_include_pad=False` (and ops.ts's avgPool2x2 for odd sides).
 * - An edge's `none` adds nothing; a node every edge of which is `none` is zeros (NB201's `Zero`),
 *   made by a frozen all-zero 1x1 depthwise conv (tfjs serializes no constant layer).
 * The model ends in a softmax (the functional network's logits, normalised).
 */
import * as tf from '@tensorflow/tfjs';
import { NB201_EDGES, NB201_NODES, NB201_OPS } from '../../nas/spaces/nb201';
import {
  checkCellOps,
  checkNetworkConfig,
  opKernel,
  opPrefix,
  skeletonLayers,
  type NetworkConfig,
} from './spec';

type Symbolic = tf.SymbolicTensor;

/** PyTorch BatchNorm2d's eps and momentum (tfjs counts momentum from the other end). */
const BN_EPS = 1e-5;
const BN_MOMENTUM = 0.9;

/** A LayersModel of a standalone cell and the layer holding each spec.ts variable prefix. */
export interface Nb201LayersModel {
  readonly model: tf.LayersModel;
  /** By spec.ts prefix (`stem.conv`, `cells.1.conv_a.bn`, ...): the conv, BN or dense layer. */
  readonly layers: ReadonlyMap<string, tf.layers.Layer>;
  /** The BN layers in forward order (for calibrateBatchNorm). */
  readonly batchNorms: readonly tf.layers.Layer[];
}

/** A tfjs layer name for a spec prefix: `<-` (an edge `to<-from`) is not allowed in one. */
export function layerName(prefix: string): string {
  return prefix.replace(/<-/g, '_from_');
}

/** The model of `config` (its `cellOps` set) for images [h, w, inputChannels]. */
export function buildNb201LayersModel(
  config: NetworkConfig,
  side: readonly [number, number],
): Nb201LayersModel {
  checkNetworkConfig(config);
  const ops = config.cellOps;
  if (!ops) throw new Error('A standalone network names one op per edge (cellOps)');
  checkCellOps(ops);
  const layers = new Map<string, tf.layers.Layer>();
  const batchNorms: tf.layers.Layer[] = [];
  const hold = <L extends tf.layers.Layer>(prefix: string, layer: L): L => {
    layers.set(prefix, layer);
    return layer;
  };
  const apply = (layer: tf.layers.Layer, x: Symbolic | Symbolic[]): Symbolic => layer.apply(x) as Symbolic;

  const conv = (prefix: string, x: Symbolic, filters: number, k: number, stride = 1): Symbolic => {
    const input =
      stride === 1
        ? x
        : apply(tf.layers.zeroPadding2d({ padding: (k - 1) / 2, name: layerName(`${prefix}.pad`) }), x);
    const layer = tf.layers.conv2d({
      filters,
      kernelSize: k,
      strides: stride,
      padding: stride === 1 ? 'same' : 'valid',
      useBias: false,
      name: layerName(prefix),
    });
    return apply(hold(prefix, layer), input);
  };
  const bn = (prefix: string, x: Symbolic): Symbolic => {
    const layer = tf.layers.batchNormalization({
      epsilon: BN_EPS,
      momentum: BN_MOMENTUM,
      name: layerName(prefix),
    });
    batchNorms.push(layer);
    return apply(hold(prefix, layer), x);
  };
  const relu = (prefix: string, x: Symbolic): Symbolic =>
    apply(tf.layers.reLU({ name: layerName(`${prefix}.relu`) }), x);
  const reluConvBn = (prefix: string, x: Symbolic, filters: number, k: number, stride = 1): Symbolic =>
    bn(`${prefix}.bn`, conv(`${prefix}.conv`, relu(prefix, x), filters, k, stride));
  const add = (name: string, xs: Symbolic[]): Symbolic =>
    xs.length === 1 ? xs[0]! : apply(tf.layers.add({ name: layerName(name) }), xs);

  const cell = (layer: number, input: Symbolic, width: number): Symbolic => {
    const nodes: Symbolic[] = [input];
    for (let node = 1; node < NB201_NODES; node++) {
      const terms = NB201_EDGES.flatMap(({ from, to }, edge) => {
        if (to !== node) return [];
        const op = NB201_OPS[ops[edge]!]!;
        const prefix = opPrefix(layer, edge, op);
        const source = nodes[from]!;
        if (op === 'none') return [];
        if (op === 'skip_connect') return [source];
        if (op === 'avg_pool_3x3') {
          const pool = tf.layers.averagePooling2d({
            poolSize: 3,
            strides: 1,
            padding: 'same',
            name: layerName(prefix),
          });
          return [apply(pool, source)];
        }
        return [reluConvBn(prefix, source, width, opKernel(op)!)];
      });
      const at = `cells.${layer}.nodes.${node}`;
      nodes.push(terms.length > 0 ? add(`${at}.sum`, terms) : zeros(`${at}.zero`, input));
    }
    return nodes[NB201_NODES - 1]!;
  };
  const zeros = (name: string, like: Symbolic): Symbolic =>
    apply(
      tf.layers.depthwiseConv2d({
        kernelSize: 1,
        useBias: false,
        depthwiseInitializer: 'zeros',
        trainable: false,
        name: layerName(name),
      }),
      like,
    );
  const reduction = (layer: number, x: Symbolic, channels: number): Symbolic => {
    const at = `cells.${layer}`;
    const branch = reluConvBn(`${at}.conv_b`, reluConvBn(`${at}.conv_a`, x, channels, 3, 2), channels, 3);
    const pooled = apply(
      tf.layers.averagePooling2d({
        poolSize: 2,
        strides: 2,
        padding: 'same',
        name: layerName(`${at}.downsample.pool`),
      }),
      x,
    );
    return add(`${at}.sum`, [conv(`${at}.downsample.conv`, pooled, channels, 1), branch]);
  };

  const input = tf.input({ shape: [side[0], side[1], config.inputChannels], name: 'images' });
  let h = bn('stem.bn', conv('stem.conv', input, config.channels, 3));
  let width = config.channels;
  for (const layer of skeletonLayers(config.channels, config.cellsPerStage)) {
    h = layer.kind === 'cell' ? cell(layer.index, h, width) : reduction(layer.index, h, layer.channels);
    width = layer.channels;
  }
  h = relu('lastact', bn('lastact.bn', h));
  h = apply(tf.layers.globalAveragePooling2d({ name: 'pool' }), h);
  const classifier = tf.layers.dense({ units: config.classes, activation: 'softmax', name: 'classifier' });
  const output = apply(hold('classifier', classifier), h);
  return { model: tf.model({ inputs: input, outputs: output, name: 'nb201' }), layers, batchNorms };
}

/**
 * Copies each variable of spec.ts's names (`stem.conv.weight`, `...bn.weight`, `classifier.bias`)
 * into its layer's weight: conv kernels and dense weights as they are (same layout), BN weight and
 * bias as gamma and beta (the running statistics stay for calibrateBatchNorm). Throws when a
 * variable has no layer or a shape differs.
 */
export function copyWeights(target: Nb201LayersModel, values: ReadonlyMap<string, tf.Tensor>): void {
  const byLayer = new Map<tf.layers.Layer, tf.Tensor[]>();
  for (const [name, value] of values) {
    const cut = name.lastIndexOf('.');
    const prefix = name.slice(0, cut);
    const field = name.slice(cut + 1);
    const layer = target.layers.get(prefix);
    if (!layer) throw new Error(`The model has no layer for variable "${name}"`);
    const weights = byLayer.get(layer) ?? layer.getWeights();
    // [kernel], [kernel, bias] or [gamma, beta, moving mean, moving variance].
    const slot = field === 'bias' ? 1 : 0;
    const current = weights[slot];
    if (!current || !tf.util.arraysEqual(current.shape, value.shape)) {
      throw new Error(
        `"${name}" has shape [${value.shape.join(', ')}]; its layer wants [${current?.shape.join(', ')}]`,
      );
    }
    weights[slot] = value;
    byLayer.set(layer, weights);
  }
  for (const [layer, weights] of byLayer) layer.setWeights(weights);
}
