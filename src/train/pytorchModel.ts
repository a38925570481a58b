/**
 * Any network the app builds as a tfjs LayersModel (MetaQNN chains, BlockQNN blocks, NAS-RL
 * layers, NASNet cells) as a self-contained PyTorch file (issue #20): one `nn.Module` whose
 * forward pass is the model's graph layer by layer, and its weights under the module's
 * state-dict names, in PyTorch's layouts. The model is read as src/gpu/graph.ts reads it for the
 * engine: every layer kind those spaces use, each translated by its own rule, anything else
 * refused by name.
 * - Images are NCHW in PyTorch, NHWC in tfjs: channel concatenation is on dim 1, and Flatten
 *   permutes back to NHWC first so the dense layer after it reads its inputs in tfjs's order.
 * - tfjs's 'same' padding (TensorFlow's: the odd pixel at the end) is an explicit F.pad where it
 *   is not symmetric; a 'same' average pool divides by the real pixels only, as tfjs's does.
 * - The forward pass returns logits: the model's last softmax is left out
 *   (`torch.softmax(model(x), 1)` is the tfjs model's output).
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../nas/export/safetensors';
import { PYTHON_IMPORTS, PYTHON_LOADER, pyComment, pyString } from '../nas/export/pythonCommon';

type Config = Record<string, unknown>;

/** A generated file (given the lines of its header comment) and the weights it loads. */
export interface PytorchFiles {
  readonly source: (about: readonly string[]) => string;
  readonly tensors: NamedTensor[];
}

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)];

/** TensorFlow's 'same' padding of one axis: [before, after]. */
function samePad(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** The activations a layer may end in, as Python expressions of `x`. */
const ACTIVATIONS: Record<string, (x: string) => string> = {
  linear: (x) => x,
  relu: (x) => `torch.relu(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  tanh: (x) => `torch.tanh(${x})`,
  softmax: (x) => `torch.softmax(${x}, 1)`,
};

function refuse(layer: tf.layers.Layer, why: string): never {
  throw new Error(`PyTorch export: layer ${layer.name} (${layer.getClassName()}) ${why}`);
}

/**
 * The PyTorch file of `model` (class `Network`, loading `weightsFile` by default) and its
 * weights, read before it resolves (the model may be disposed after). Rejects naming a layer it
 * cannot translate.
 */
export async function pytorchOfModel(model: tf.LayersModel, weightsFile: string): Promise<PytorchFiles> {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new Error('PyTorch export: one input and one output');
  const init: string[] = [];
  const forward: string[] = [];
  const varOf = new Map<number, string>([[model.inputs[0]!.id, 'x']]);
  // Copies of the weights in PyTorch's layout, read back together at the end (no sync reads).
  const pending: { name: string; copy: tf.Tensor }[] = [];
  const add = (name: string, t: tf.Tensor) => pending.push({ name, copy: tf.keep(tf.clone(t)) });
  const last = model.layers[model.layers.length - 1]!;
  const [, inH, inW, inC] = model.inputs[0]!.shape as number[];

  try {
    model.layers.forEach((layer, index) => {
      const kind = layer.getClassName();
      if (kind === 'InputLayer') return;
      const inputs = ([] as tf.SymbolicTensor[]).concat(
        layer.input as tf.SymbolicTensor | tf.SymbolicTensor[],
      );
      const names = inputs.map((t) => varOf.get(t.id) ?? refuse(layer, 'reads a tensor before it is made'));
      const inShape = inputs[0]!.shape as number[];
      const config = layer.getConfig() as Config;
      const weights = layer.getWeights();
      const attr = `m${index}`;
      const out = `h${index}`;
      const x = names[0]!;
      if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast')
        refuse(layer, 'is not channels-last');
      const activation = (expr: string, isLast = false): string => {
        const name = String(config.activation ?? 'linear');
        if (isLast && name === 'softmax') return expr;
        const act = ACTIVATIONS[name] ?? refuse(layer, `has activation ${name}`);
        return act(expr);
      };
      /** `x` padded for a 'same' window of `kernel` at `stride` where it is not symmetric; the symmetric part. */
      const padFor = (kernel: [number, number], stride: [number, number], value = '0.0') => {
        if (config.padding !== 'same') return { input: x, padding: [0, 0] as [number, number] };
        const [top, bottom] = samePad(inShape[1]!, kernel[0], stride[0]);
        const [left, right] = samePad(inShape[2]!, kernel[1], stride[1]);
        if (top === bottom && left === right) return { input: x, padding: [top, left] as [number, number] };
        return {
          input: `F.pad(${x}, (${left}, ${right}, ${top}, ${bottom}), value=${value})`,
          padding: [0, 0] as [number, number],
        };
      };
      const comment = `        # ${layer.name} (${kind})`;
      let line: string;
      switch (kind) {
        case 'Conv2D':
        case 'DepthwiseConv2D':
        case 'SeparableConv2D': {
          const kernel = pair(config.kernelSize);
          const stride = pair(config.strides);
          if (pair(config.dilationRate ?? 1).some((d) => d !== 1)) refuse(layer, 'is dilated');
          const { input, padding } = padFor(kernel, stride);
          const cin = inShape[3]!;
          const useBias = config.useBias !== false;
          const k = `(${kernel.join(', ')})`;
          const s = `(${stride.join(', ')})`;
          const p = `(${padding.join(', ')})`;
          if (kind === 'Conv2D') {
            init.push(
              comment,
              `        self.${attr} = nn.Conv2d(${cin}, ${config.filters}, ${k}, ${s}, ${p}, bias=${useBias ? 'True' : 'False'})`,
            );
            tf.tidy(() => add(`${attr}.weight`, tf.transpose(weights[0]!, [3, 2, 0, 1])));
            if (useBias) add(`${attr}.bias`, weights[1]!);
            line = activation(`self.${attr}(${input})`);
            break;
          }
          const mult = Number(config.depthMultiplier ?? 1);
          const depthwise = (w: tf.Tensor) =>
            tf.tidy(() => tf.reshape(tf.transpose(w, [2, 3, 0, 1]), [cin * mult, 1, kernel[0], kernel[1]]));
          if (kind === 'DepthwiseConv2D') {
            init.push(
              comment,
              `        self.${attr} = nn.Conv2d(${cin}, ${cin * mult}, ${k}, ${s}, ${p}, groups=${cin}, bias=${useBias ? 'True' : 'False'})`,
            );
            const w = depthwise(weights[0]!);
            add(`${attr}.weight`, w);
            w.dispose();
            if (useBias) add(`${attr}.bias`, weights[1]!);
            line = activation(`self.${attr}(${input})`);
            break;
          }
          init.push(
            comment,
            `        self.${attr}_depthwise = nn.Conv2d(${cin}, ${cin * mult}, ${k}, ${s}, ${p}, groups=${cin}, bias=False)`,
            `        self.${attr}_pointwise = nn.Conv2d(${cin * mult}, ${config.filters}, 1, bias=${useBias ? 'True' : 'False'})`,
          );
          const w = depthwise(weights[0]!);
          add(`${attr}_depthwise.weight`, w);
          w.dispose();
          tf.tidy(() => add(`${attr}_pointwise.weight`, tf.transpose(weights[1]!, [3, 2, 0, 1])));
          if (useBias) add(`${attr}_pointwise.bias`, weights[2]!);
          line = activation(`self.${attr}_pointwise(self.${attr}_depthwise(${input}))`);
          break;
        }
        case 'Dense': {
          const useBias = config.useBias !== false;
          init.push(
            comment,
            `        self.${attr} = nn.Linear(${inShape[1]}, ${config.units}, bias=${useBias ? 'True' : 'False'})`,
          );
          tf.tidy(() => add(`${attr}.weight`, tf.transpose(weights[0]!)));
          if (useBias) add(`${attr}.bias`, weights[1]!);
          line = activation(`self.${attr}(${x})`, layer === last);
          break;
        }
        case 'BatchNormalization': {
          const axis = Number(config.axis ?? -1);
          if (axis !== -1 && axis !== inShape.length - 1) refuse(layer, `normalises axis ${axis}`);
          if (config.center === false || config.scale === false) refuse(layer, 'has no scale or shift');
          const dims = inShape.length === 4 ? '2d' : '1d';
          const momentum = 1 - Number(config.momentum);
          init.push(
            comment,
            `        self.${attr} = nn.BatchNorm${dims}(${inShape.at(-1)}, eps=${Number(config.epsilon)}, momentum=${momentum})`,
          );
          ['weight', 'bias', 'running_mean', 'running_var'].forEach((field, i) =>
            add(`${attr}.${field}`, weights[i]!),
          );
          line = `self.${attr}(${x})`;
          break;
        }
        case 'MaxPooling2D':
        case 'AveragePooling2D': {
          const size = pair(config.poolSize);
          const stride = pair(config.strides ?? config.poolSize);
          const max = kind === 'MaxPooling2D';
          const { input, padding } = padFor(size, stride, max ? '-math.inf' : '0.0');
          const args = `(${size.join(', ')}), (${stride.join(', ')})`;
          if (max) line = `F.max_pool2d(${input}, ${args}, (${padding.join(', ')}))`;
          // tfjs's 'same' average leaves the padding out of the divisor.
          else if (config.padding === 'same')
            line = `avg_pool_same(${x}, ${args}, ${padTuple(inShape, size, stride)})`;
          else line = `F.avg_pool2d(${input}, ${args})`;
          break;
        }
        case 'GlobalAveragePooling2D':
          line = `${x}.mean((2, 3))`;
          break;
        case 'GlobalMaxPooling2D':
          line = `${x}.amax((2, 3))`;
          break;
        case 'Flatten':
          line = inShape.length === 4 ? `${x}.permute(0, 2, 3, 1).flatten(1)` : `${x}.flatten(1)`;
          break;
        case 'Dropout':
          line = `F.dropout(${x}, ${Number(config.rate)}, self.training)`;
          break;
        case 'ReLU':
          if (config.maxValue != null) refuse(layer, `is capped at ${String(config.maxValue)}`);
          line = `torch.relu(${x})`;
          break;
        case 'Activation':
          line = activation(x, layer === last);
          break;
        case 'Add':
          line = names.join(' + ');
          break;
        case 'Concatenate': {
          const axis = Number(config.axis ?? -1);
          if (axis !== -1 && axis !== inShape.length - 1) refuse(layer, `concatenates axis ${axis}`);
          line = `torch.cat([${names.join(', ')}], 1)`;
          break;
        }
        case 'ZeroPadding2D': {
          const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
          line = `F.pad(${x}, (${left}, ${right}, ${top}, ${bottom}))`;
          break;
        }
        case 'Cropping2D': {
          const [[top, bottom], [left, right]] = config.cropping as [[number, number], [number, number]];
          line = `${x}[:, :, ${top}:${inShape[1]! - bottom}, ${left}:${inShape[2]! - right}]`;
          break;
        }
        default:
          refuse(layer, 'has no PyTorch translation here');
      }
      forward.push(comment, `        ${out} = ${line}`);
      varOf.set((layer.output as tf.SymbolicTensor).id, out);
    });
  } catch (err) {
    pending.forEach(({ copy }) => copy.dispose());
    throw err;
  }
  const result = varOf.get(model.outputs[0]!.id)!;
  const tensors: NamedTensor[] = [];
  try {
    const values = await Promise.all(pending.map(({ copy }) => copy.data<'float32'>()));
    pending.forEach(({ name, copy }, i) => tensors.push({ name, shape: copy.shape, values: values[i]! }));
  } finally {
    pending.forEach(({ copy }) => copy.dispose());
  }
  const source = (
    about: readonly string[],
  ) => `# NAS Playground: a network as a PyTorch nn.Module, with a loader of its weights.
${pyComment(about)}
#
# Translated layer by layer from the app's TensorFlow.js model. Input: float images
# [N, ${inC}, ${inH}, ${inW}] scaled as the app trained on them (pixels in [0, 1]). Output: logits
# (torch.softmax(model(x), 1) is the app's model's output).
#
#   python3 this_file.py [weights.safetensors]   # loads the weights, prints the parameter count
#   from this_file import load_model; model = load_model("weights.safetensors")
import math

${PYTHON_IMPORTS}

WEIGHTS = ${pyString(weightsFile)}


def avg_pool_same(x, size, stride, pad):
    """Average pooling over zero-padded x whose divisor counts only the real pixels (tfjs 'same')."""
    ones = torch.ones_like(x[:, :1])
    total = F.avg_pool2d(F.pad(x, pad), size, stride, divisor_override=1)
    count = F.avg_pool2d(F.pad(ones, pad), size, stride, divisor_override=1)
    return total / count


class Network(nn.Module):
    def __init__(self):
        super().__init__()
${init.length > 0 ? init.join('\n') : '        pass'}

    def forward(self, x):
${forward.join('\n')}
        return ${result}


${PYTHON_LOADER}`;
  return { source, tensors };
}

/** The 'same' padding of a window as F.pad's (left, right, top, bottom). */
function padTuple(inShape: readonly number[], size: [number, number], stride: [number, number]): string {
  const [top, bottom] = samePad(inShape[1]!, size[0], stride[0]);
  const [left, right] = samePad(inShape[2]!, size[1], stride[1]);
  return `(${left}, ${right}, ${top}, ${bottom})`;
}
