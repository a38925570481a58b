/**
 * Converts a tfjs LayersModel into the engine's graph: one node per layer, in the model's
 * (topological) layer order, with the shapes and hyper-parameters the engine's kernels need and
 * the index of each weight in `model.getWeights()`. Only layers the engine computes exactly as
 * tfjs does are accepted; any other layer, or a setting of a known layer the kernels do not have,
 * is refused with its name, and the caller trains that model with tfjs.
 */
import type * as tf from '@tensorflow/tfjs';
import { message, type Message } from '../nas/message';

type Padding = 'same' | 'valid';

/** One node's op; inputs and weights are indices into `Graph.nodes` and `Graph.weights`. */
export type GraphOp =
  | { kind: 'input' }
  | {
      kind: 'conv';
      input: number;
      kernel: number;
      bias: number | null;
      kh: number;
      kw: number;
      /** Strides [rows, columns]. */
      stride: [number, number];
      padding: Padding;
      relu: boolean;
    }
  | { kind: 'relu'; input: number }
  | {
      kind: 'batchNorm';
      input: number;
      gamma: number;
      beta: number;
      movingMean: number;
      movingVariance: number;
      momentum: number;
      epsilon: number;
    }
  | { kind: 'maxPool'; input: number; size: number; stride: number; padding: Padding }
  | { kind: 'avgPool'; input: number; size: number; stride: number; padding: Padding }
  | { kind: 'add'; inputs: number[] }
  | { kind: 'concat'; inputs: number[] }
  /** y[oy, ox] = x[oy + top, ox + left] or 0 outside x: ZeroPadding2D (top, left <= 0) and Cropping2D. */
  | { kind: 'shift'; input: number; top: number; left: number }
  /** Depthwise convolution, depth multiplier 1 (the first half of SeparableConv2D). */
  | {
      kind: 'depthwise';
      input: number;
      kernel: number;
      kh: number;
      kw: number;
      stride: [number, number];
      padding: Padding;
    }
  | { kind: 'gap'; input: number }
  | { kind: 'flatten'; input: number }
  | { kind: 'dense'; input: number; kernel: number; bias: number; activation: 'linear' | 'relu' | 'softmax' }
  | { kind: 'dropout'; input: number; rate: number };

/** A node: its op and its output shape without the batch axis ([H, W, C] or [units]). */
export type GraphNode = GraphOp & { shape: number[]; layer: string };

export interface GraphWeight {
  shape: number[];
  /** False for batch norm's moving statistics (updated by the step, not by the optimizer). */
  trainable: boolean;
}

export interface Graph {
  /** Node 0 is the input; the last node is the dense softmax output. */
  nodes: GraphNode[];
  /** In `model.getWeights()` order. */
  weights: GraphWeight[];
  inputShape: [number, number, number];
  classes: number;
}

/** A setting of a known layer that the kernels do not have (`engineSetting.*` in messages.json). */
type Setting =
  | 'activation'
  | 'dilation'
  | 'format'
  | 'axis'
  | 'window'
  | 'inputs'
  | 'cap'
  | 'noScale'
  | 'noBias'
  | 'noiseShape'
  | 'multiplier'
  | 'shape';

class Refused extends Error {
  constructor(readonly refusal: Message) {
    super(refusal.code);
  }
}

/** A layer class the engine has no kernels for. */
const refuseLayer = (layer: string): never => {
  throw new Refused(message('engine.layer', { layer }));
};

/** A known layer with a setting the kernels do not have; `value` is data (a size, a name). */
const refuse = (layer: string, setting: Setting, value: string | number = ''): never => {
  throw new Refused(
    message('engine.setting', { layer, setting: message(`engineSetting.${setting}`, { value }) }),
  );
};

/** A model that is not one image in, one dense softmax out. */
const refuseModel = (): never => {
  throw new Refused(message('engine.model'));
};

/** What each layer's config holds that the converter reads (tfjs's serialized config). */
type Config = Record<string, unknown>;

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];

function activationOf(layer: string, config: Config, allowed: readonly string[]): string {
  const activation = String(config.activation ?? 'linear');
  if (!allowed.includes(activation)) refuse(layer, 'activation', activation);
  return activation;
}

function channelsLast(layer: string, config: Config): void {
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast')
    refuse(layer, 'format', String(config.dataFormat));
}

/** The engine's graph of `model`, or why the engine cannot compute it (a message naming the layer). */
export function modelGraph(
  model: tf.LayersModel,
): { ok: true; graph: Graph } | { ok: false; refusal: Message } {
  try {
    return { ok: true, graph: convert(model) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, refusal: err.refusal };
    throw err;
  }
}

function convert(model: tf.LayersModel): Graph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) refuseModel();
  const allWeights = model.weights;
  const weightIndex = (v: tf.LayerVariable | undefined): number => {
    const i = v ? allWeights.indexOf(v) : -1;
    if (i < 0) refuseModel();
    return i;
  };
  const weights: GraphWeight[] = allWeights.map((w) => ({
    shape: [...w.shape] as number[],
    trainable: w.trainable,
  }));
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  if (inputShape.length !== 3) refuseModel();
  const nodes: GraphNode[] = [{ kind: 'input', shape: inputShape, layer: 'input' }];
  const nodeOf = new Map<number, number>([[model.inputs[0]!.id, 0]]);

  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name === 'InputLayer') continue;
    const inputs = ([] as tf.SymbolicTensor[]).concat(layer.input as tf.SymbolicTensor | tf.SymbolicTensor[]);
    const ids = inputs.map((t) => nodeOf.get(t.id) ?? refuseModel());
    const one = (): number => {
      if (ids.length !== 1) refuse(name, 'inputs', ids.length);
      return ids[0]!;
    };
    const config = layer.getConfig() as Config;
    const w = layer.weights;
    const shape = (layer.outputShape as number[]).slice(1);
    let op: GraphOp;
    switch (name) {
      case 'Conv2D': {
        channelsLast(name, config);
        const [kh, kw] = pair(config.kernelSize);
        const [sh, sw] = pair(config.strides);
        const [dh, dw] = pair(config.dilationRate ?? 1);
        if (dh !== 1 || dw !== 1) refuse(name, 'dilation', `${dh}x${dw}`);
        const relu = activationOf(name, config, ['linear', 'relu']) === 'relu';
        op = {
          kind: 'conv',
          input: one(),
          kernel: weightIndex(w[0]),
          bias: config.useBias ? weightIndex(w[1]) : null,
          kh,
          kw,
          stride: [sh, sw],
          padding: config.padding as Padding,
          relu,
        };
        break;
      }
      case 'ReLU':
        if (config.maxValue != null) refuse(name, 'cap', String(config.maxValue));
        op = { kind: 'relu', input: one() };
        break;
      case 'Activation':
        if (activationOf(name, config, ['relu', 'linear']) === 'linear') refuse(name, 'activation', 'linear');
        op = { kind: 'relu', input: one() };
        break;
      case 'BatchNormalization': {
        const axis = Number(config.axis ?? -1);
        const rank = shape.length + 1;
        if (axis !== -1 && axis !== rank - 1) refuse(name, 'axis', axis);
        if (config.center === false || config.scale === false) refuse(name, 'noScale');
        const byName = (suffix: string) =>
          weightIndex(w.find((v) => v.originalName.endsWith(`/${suffix}`) || v.name.endsWith(`/${suffix}`)));
        op = {
          kind: 'batchNorm',
          input: one(),
          gamma: byName('gamma'),
          beta: byName('beta'),
          movingMean: byName('moving_mean'),
          movingVariance: byName('moving_variance'),
          momentum: Number(config.momentum),
          epsilon: Number(config.epsilon),
        };
        break;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        channelsLast(name, config);
        const [ph, pw] = pair(config.poolSize);
        const [sh, sw] = pair(config.strides ?? config.poolSize);
        if (ph !== pw || sh !== sw) refuse(name, 'window', `${ph}x${pw}/${sh}x${sw}`);
        const pool = { input: one(), size: ph, stride: sh, padding: config.padding as Padding };
        op = name === 'MaxPooling2D' ? { kind: 'maxPool', ...pool } : { kind: 'avgPool', ...pool };
        break;
      }
      case 'Add':
        op = { kind: 'add', inputs: ids };
        break;
      case 'Concatenate': {
        const axis = Number(config.axis ?? -1);
        if (axis !== -1 && axis !== shape.length) refuse(name, 'axis', axis);
        op = { kind: 'concat', inputs: ids };
        break;
      }
      case 'ZeroPadding2D':
      case 'Cropping2D': {
        channelsLast(name, config);
        const padding = name === 'ZeroPadding2D';
        const [[top], [left]] = (padding ? config.padding : config.cropping) as [
          [number, number],
          [number, number],
        ];
        op = { kind: 'shift', input: one(), top: padding ? -top! : top!, left: padding ? -left! : left! };
        break;
      }
      case 'SeparableConv2D': {
        // Two nodes: the depthwise half here, the pointwise 1x1 conv (with the bias) as this layer.
        channelsLast(name, config);
        const [kh, kw] = pair(config.kernelSize);
        const [sh, sw] = pair(config.strides);
        const [dh, dw] = pair(config.dilationRate ?? 1);
        if (dh !== 1 || dw !== 1) refuse(name, 'dilation', `${dh}x${dw}`);
        if (Number(config.depthMultiplier ?? 1) !== 1)
          refuse(name, 'multiplier', String(config.depthMultiplier));
        const relu = activationOf(name, config, ['linear', 'relu']) === 'relu';
        const input = one();
        const depthwise = nodes.length;
        const [oh, ow] = shape;
        nodes.push({
          kind: 'depthwise',
          input,
          kernel: weightIndex(w[0]),
          kh,
          kw,
          stride: [sh, sw],
          padding: config.padding as Padding,
          shape: [oh!, ow!, nodes[input]!.shape[2]!],
          layer: `${layer.name}/depthwise`,
        });
        op = {
          kind: 'conv',
          input: depthwise,
          kernel: weightIndex(w[1]),
          bias: config.useBias ? weightIndex(w[2]) : null,
          kh: 1,
          kw: 1,
          stride: [1, 1],
          padding: 'same',
          relu,
        };
        break;
      }
      case 'GlobalAveragePooling2D':
        channelsLast(name, config);
        op = { kind: 'gap', input: one() };
        break;
      case 'Flatten':
        op = { kind: 'flatten', input: one() };
        break;
      case 'Dense':
        if (!config.useBias) refuse(name, 'noBias');
        op = {
          kind: 'dense',
          input: one(),
          kernel: weightIndex(w[0]),
          bias: weightIndex(w[1]),
          activation: activationOf(name, config, ['linear', 'relu', 'softmax']) as
            'linear' | 'relu' | 'softmax',
        };
        break;
      case 'Dropout':
        if (config.noiseShape != null) refuse(name, 'noiseShape');
        op = { kind: 'dropout', input: one(), rate: Number(config.rate) };
        break;
      default:
        return refuseLayer(name);
    }
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) refuse(name, 'shape', shape.join(', '));
    nodeOf.set((layer.output as tf.SymbolicTensor).id, nodes.length);
    nodes.push({ ...op, shape, layer: layer.name });
  }
  const last = nodes[nodes.length - 1]!;
  if (
    nodeOf.get(model.outputs[0]!.id) !== nodes.length - 1 ||
    last.kind !== 'dense' ||
    last.activation !== 'softmax'
  )
    refuseModel();
  for (const node of nodes.slice(0, -1))
    if (node.kind === 'dense' && node.activation === 'softmax') refuse('Dense', 'activation', 'softmax');
  return { nodes, weights, inputShape: inputShape as [number, number, number], classes: last.shape[0]! };
}
