/**
 * The variables of a NAS-Bench-201 network (Dong & Yang, ICLR 2020), by stable name and shape, as
 * the benchmark's code lays them out (D-X-Y/AutoDL-Projects):
 * - lib/models/cell_searchs/search_model_darts.py `TinyNetworkDarts`: stem conv 3x3 (no bias) +
 *   BN; N search cells at C; a `ResNetBasicblock` of stride 2 to 2C; N cells; one to 4C; N cells;
 *   `lastact` BN + ReLU; global average pooling; linear classifier (with bias).
 * - lib/models/cell_operations.py: `ReLUConvBN` (conv without bias), `ResNetBasicblock` (conv_a
 *   3x3 stride 2, conv_b 3x3, downsample = 2x2 average pool + 1x1 conv without bias or BN);
 *   `none`, `skip_connect` and `avg_pool_3x3` have no weights when C_in == C_out, as in every
 *   NB201 cell (the reductions are the ResNet blocks, not cells).
 * - exps/algos/*.py build the search model with `'affine': False`: the BN of a search cell's ops
 *   has no scale or shift; the stem, ResNet blocks and `lastact` keep PyTorch's affine default.
 *   A standalone cell (lib/models/cell_infers/cells.py `InferCell`) uses affine BN everywhere.
 * With 3 input channels, C = 16, N = 5 and 10 classes these counts are the benchmark's CIFAR-10
 * extremes: 73,306 parameters (no conv in the cell) and 1,531,546 (nor_conv_3x3 on every edge).
 * Pure module: no tfjs.
 */
import { NB201_EDGES, NB201_OPS, type Nb201Op } from '../../nas/spaces/nb201';

/** One variable: its stable name, shape (tfjs layout) and how it starts. */
export interface VariableSpec {
  readonly name: string;
  /** Conv kernels [k, k, in, out], linear weights [in, out], vectors [n]. */
  readonly shape: readonly number[];
  /**
   * `uniform`: PyTorch's default for conv and linear layers, U(-1/sqrt(fanIn), 1/sqrt(fanIn))
   * (kaiming_uniform with a = sqrt(5)); `ones` / `zeros`: BN scale / shift.
   */
  readonly init: 'uniform' | 'ones' | 'zeros';
  /** Inputs per output unit (for `uniform`). */
  readonly fanIn: number;
}

/** The skeleton and which cell ops exist. */
export interface NetworkConfig {
  /** Channels of the first stage (C). */
  readonly channels: number;
  /** Cells per stage (N). */
  readonly cellsPerStage: number;
  readonly inputChannels: number;
  readonly classes: number;
  /**
   * The op (index into NB201_OPS) of each edge of a standalone cell; absent: the supernet, where
   * every edge holds every op.
   */
  readonly cellOps?: readonly number[];
  /** Whether the BN of a cell's convs has scale and shift (false in the search network). */
  readonly cellAffine: boolean;
}

/** One layer of the macro skeleton, as `TinyNetworkDarts.cells` lists them. */
export type SkeletonLayer =
  | { readonly kind: 'cell'; readonly index: number; readonly channels: number }
  | {
      readonly kind: 'reduction';
      readonly index: number;
      readonly inChannels: number;
      readonly channels: number;
    };

/** The 3N + 2 layers: N cells, a reduction, N cells, a reduction, N cells. */
export function skeletonLayers(channels: number, cellsPerStage: number): SkeletonLayer[] {
  const layers: SkeletonLayer[] = [];
  let width = channels;
  for (let stage = 0; stage < 3; stage++) {
    if (stage > 0) {
      layers.push({ kind: 'reduction', index: layers.length, inChannels: width, channels: 2 * width });
      width *= 2;
    }
    for (let i = 0; i < cellsPerStage; i++)
      layers.push({ kind: 'cell', index: layers.length, channels: width });
  }
  return layers;
}

/** NB201's key of an edge: `to<-from`. */
export function edgeKey(edge: number): string {
  const e = NB201_EDGES[edge]!;
  return `${e.to}<-${e.from}`;
}

/** Name prefix of the op `op` on edge `edge` of skeleton layer `layer`. */
export function opPrefix(layer: number, edge: number, op: Nb201Op): string {
  return `cells.${layer}.edges.${edgeKey(edge)}.${op}`;
}

/** Kernel size of an op with weights, or null for a weightless one. */
export function opKernel(op: Nb201Op): number | null {
  if (op === 'nor_conv_1x1') return 1;
  if (op === 'nor_conv_3x3') return 3;
  return null;
}

/** Throws unless the network can be built. */
export function checkNetworkConfig(config: NetworkConfig): void {
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!positive(config.channels))
    throw new Error(`channels must be a positive integer, got ${config.channels}`);
  if (!positive(config.cellsPerStage)) {
    throw new Error(`cellsPerStage must be a positive integer, got ${config.cellsPerStage}`);
  }
  if (!positive(config.inputChannels))
    throw new Error(`inputChannels must be positive, got ${config.inputChannels}`);
  if (!positive(config.classes)) throw new Error(`classes must be positive, got ${config.classes}`);
  if (config.cellOps) checkCellOps(config.cellOps);
}

/** Throws unless `ops` names one op (0..4) for each of the 6 edges. */
export function checkCellOps(ops: readonly number[]): void {
  if (ops.length !== NB201_EDGES.length) {
    throw new Error(`A cell has ${NB201_EDGES.length} edges, one op each; got ${ops.length} ops`);
  }
  ops.forEach((op, e) => {
    if (!Number.isInteger(op) || op < 0 || op >= NB201_OPS.length) {
      throw new Error(`Edge ${e}: op ${op} is not an index into ${NB201_OPS.join(', ')}`);
    }
  });
}

function conv(name: string, k: number, cin: number, cout: number): VariableSpec {
  return { name, shape: [k, k, cin, cout], init: 'uniform', fanIn: k * k * cin };
}

function batchNorm(prefix: string, c: number): VariableSpec[] {
  return [
    { name: `${prefix}.weight`, shape: [c], init: 'ones', fanIn: 0 },
    { name: `${prefix}.bias`, shape: [c], init: 'zeros', fanIn: 0 },
  ];
}

/** ReLU-Conv-BN: a kernel and, with an affine BN, its scale and shift. */
function reluConvBn(prefix: string, k: number, cin: number, cout: number, affine: boolean): VariableSpec[] {
  return [conv(`${prefix}.conv.weight`, k, cin, cout), ...(affine ? batchNorm(`${prefix}.bn`, cout) : [])];
}

/** Every variable of the network, in a stable order (the order of the forward pass). */
export function networkVariables(config: NetworkConfig): VariableSpec[] {
  checkNetworkConfig(config);
  const { channels: c, inputChannels, classes } = config;
  const specs: VariableSpec[] = [conv('stem.conv.weight', 3, inputChannels, c), ...batchNorm('stem.bn', c)];
  let width = c;
  for (const layer of skeletonLayers(c, config.cellsPerStage)) {
    const at = `cells.${layer.index}`;
    if (layer.kind === 'reduction') {
      specs.push(
        ...reluConvBn(`${at}.conv_a`, 3, layer.inChannels, layer.channels, true),
        ...reluConvBn(`${at}.conv_b`, 3, layer.channels, layer.channels, true),
        conv(`${at}.downsample.conv.weight`, 1, layer.inChannels, layer.channels),
      );
    } else {
      NB201_EDGES.forEach((_, edge) => {
        NB201_OPS.forEach((op, o) => {
          if (config.cellOps && config.cellOps[edge] !== o) return;
          const k = opKernel(op);
          if (k !== null)
            specs.push(...reluConvBn(opPrefix(layer.index, edge, op), k, width, width, config.cellAffine));
        });
      });
    }
    width = layer.channels;
  }
  specs.push(...batchNorm('lastact.bn', width), {
    name: 'classifier.weight',
    shape: [width, classes],
    init: 'uniform',
    fanIn: width,
  });
  specs.push({ name: 'classifier.bias', shape: [classes], init: 'uniform', fanIn: width });
  return specs;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Trainable parameters of the network. */
export function parameterCount(config: NetworkConfig): number {
  return networkVariables(config).reduce((sum, v) => sum + sizeOf(v.shape), 0);
}
