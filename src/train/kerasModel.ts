/**
 * Any network the app builds as a tfjs LayersModel (MetaQNN chains, BlockQNN blocks, NAS-RL
 * layers, NASNet cells, a one-shot run's NAS-Bench-201 derived cell) as a self-contained Keras
 * file (issue #20): a `build_model()` that makes the model with Keras's functional API, layer by
 * layer with the tfjs model's names, and a loader of its weights from safetensors (numpy only).
 * - tfjs's layers are Keras's (same arguments, same channels-last layouts, TensorFlow's 'same'
 *   padding, the same weight order per layer), so nothing is transposed: each layer's weights are
 *   stored as `<layer name>/<weight name>` in tfjs's layout and handed to `set_weights`.
 * - The model's output is the tfjs model's (its last softmax is kept).
 * - Only the arguments that change what a layer computes are written (no initializers or
 *   regularizers), each by keyword, so the file reads the same under Keras 3 and tf.keras.
 * Anything else is refused by layer name. No Keras runs here: kerasModel.test.ts executes the
 * file against a recording stand-in for `keras` and reads the recorded graph back with tfjs's
 * Keras-layers reader.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../nas/export/safetensors';
import { PYTHON_SAFETENSORS_READER, pyComment, pyString } from '../nas/export/pythonCommon';

type Config = Record<string, unknown>;

/** A generated file (given the lines of its header comment) and the weights it loads. */
export interface KerasFiles {
  readonly source: (about: readonly string[]) => string;
  readonly tensors: NamedTensor[];
}

/** The tfjs config fields (camelCase) each layer kind keeps, written in Keras's snake_case. */
const ARGUMENTS: Record<string, readonly string[]> = {
  Conv2D: ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'activation', 'useBias'],
  DepthwiseConv2D: [
    'kernelSize',
    'strides',
    'padding',
    'depthMultiplier',
    'dilationRate',
    'activation',
    'useBias',
  ],
  SeparableConv2D: [
    'filters',
    'kernelSize',
    'strides',
    'padding',
    'depthMultiplier',
    'dilationRate',
    'activation',
    'useBias',
  ],
  Dense: ['units', 'activation', 'useBias'],
  BatchNormalization: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  MaxPooling2D: ['poolSize', 'strides', 'padding'],
  AveragePooling2D: ['poolSize', 'strides', 'padding'],
  GlobalAveragePooling2D: [],
  GlobalMaxPooling2D: [],
  Flatten: [],
  Dropout: ['rate'],
  ReLU: ['maxValue'],
  Activation: ['activation'],
  Add: [],
  Concatenate: ['axis'],
  ZeroPadding2D: ['padding'],
  Cropping2D: ['cropping'],
};

/** Layers called on a list of tensors. */
const MERGES = new Set(['Add', 'Concatenate']);

/** Activations Keras knows by the same name. */
const ACTIVATIONS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax']);

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A JSON-like value as a Python literal (arrays as tuples: Keras takes tuples for sizes). */
function pyValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value))
    return value.length === 1 ? `(${pyValue(value[0])},)` : `(${value.map(pyValue).join(', ')})`;
  throw new Error(`Keras export: cannot write ${JSON.stringify(value)} in Python`);
}

function refuse(layer: tf.layers.Layer, why: string): never {
  throw new Error(`Keras export: layer ${layer.name} (${layer.getClassName()}) ${why}`);
}

/** The keyword arguments of `layer` for its Keras class, as `name=value` strings. */
function keywordsOf(layer: tf.layers.Layer): string[] {
  const kind = layer.getClassName();
  const fields = ARGUMENTS[kind] ?? refuse(layer, 'has no Keras translation here');
  const config = layer.getConfig() as Config;
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast')
    refuse(layer, 'is not channels-last');
  const keywords: string[] = [];
  for (const field of fields) {
    const value = config[field];
    if (value === undefined || (field === 'maxValue' && value === null)) continue;
    if (field === 'activation' && !ACTIVATIONS.has(String(value)))
      refuse(layer, `has activation ${String(value)}`);
    keywords.push(`${snake(field)}=${pyValue(value)}`);
  }
  if (!layer.trainable) keywords.push('trainable=False');
  keywords.push(`name=${pyString(layer.name)}`);
  return keywords;
}

/**
 * The Keras file of `model` (loading `weightsFile` by default) and its weights, read before it
 * resolves (the model may be disposed after). Rejects naming a layer it cannot translate.
 */
export async function kerasOfModel(model: tf.LayersModel, weightsFile: string): Promise<KerasFiles> {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new Error('Keras export: one input and one output');
  const inputLayer = model.inputLayers[0]!;
  const varOf = new Map<number, string>([[model.inputs[0]!.id, 'x']]);
  const body: string[] = [];
  const weightNames: { layer: string; names: string[] }[] = [];
  const pending: { name: string; weight: tf.LayerVariable }[] = [];
  model.layers.forEach((layer, index) => {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') return;
    if (layer.inboundNodes.length !== 1) refuse(layer, 'is applied more than once');
    const inputs = ([] as tf.SymbolicTensor[]).concat(layer.input as tf.SymbolicTensor | tf.SymbolicTensor[]);
    const names = inputs.map((t) => varOf.get(t.id) ?? refuse(layer, 'reads a tensor before it is made'));
    const keywords = keywordsOf(layer);
    const argument = MERGES.has(kind) ? `[${names.join(', ')}]` : names[0]!;
    const out = `h${index}`;
    body.push(
      `    # ${layer.name} (${kind})`,
      `    ${out} = layers.${kind}(${keywords.join(', ')})(${argument})`,
    );
    varOf.set((layer.output as tf.SymbolicTensor).id, out);
    if (layer.weights.length > 0) {
      const short = layer.weights.map((w) => w.originalName.split('/').pop()!);
      if (new Set(short).size !== short.length) refuse(layer, 'has two weights of one name');
      weightNames.push({ layer: layer.name, names: short });
      layer.weights.forEach((weight, i) => pending.push({ name: `${layer.name}/${short[i]}`, weight }));
    }
  });
  const result = varOf.get(model.outputs[0]!.id)!;
  const values = await Promise.all(pending.map(({ weight }) => weight.read().data<'float32'>()));
  const tensors: NamedTensor[] = pending.map(({ name, weight }, i) => ({
    name,
    shape: weight.shape.map(Number),
    values: values[i]!,
  }));
  const [, height, width, channels] = model.inputs[0]!.shape as number[];
  const layerWeights = weightNames
    .map(({ layer, names }) => `    ${pyString(layer)}: [${names.map(pyString).join(', ')}],`)
    .join('\n');
  const source = (
    about: readonly string[],
  ) => `# NAS Playground: a network as a Keras model, with a loader of its weights.
${pyComment(about)}
#
# Built layer by layer from the app's TensorFlow.js model, whose layers are Keras's: the same
# arguments, channels-last images, TensorFlow's 'same' padding and the same weight layouts.
# Input: float images [N, ${height}, ${width}, ${channels}] scaled as the app trained on them (pixels in
# [0, 1]). Output: class probabilities (the model's last softmax, as in the app).
# Runs under Keras 3 ("import keras") or TensorFlow's tf.keras; the weights are read with numpy.
#
#   python3 this_file.py [weights.safetensors]   # loads the weights, prints the parameter count
#   from this_file import load_model; model = load_model("weights.safetensors")
import json
import struct
import sys

import numpy as np

try:
    import keras
except ImportError:  # TensorFlow 2 before Keras 3
    from tensorflow import keras

layers = keras.layers

WEIGHTS = ${pyString(weightsFile)}

# The weights of each layer, in the order its set_weights takes them.
LAYER_WEIGHTS = {
${layerWeights}
}


def build_model():
    """The network, its weights not loaded."""
    x = keras.Input(shape=(${height}, ${width}, ${channels}), name=${pyString(inputLayer.name)})
${body.join('\n')}
    return keras.Model(x, ${result}, name=${pyString(model.name)})


${PYTHON_SAFETENSORS_READER}


def load_model(path=WEIGHTS):
    """The network with the weights of \`path\`."""
    model = build_model()
    arrays = read_safetensors(path)
    wanted = {f"{layer}/{name}" for layer, names in LAYER_WEIGHTS.items() for name in names}
    if wanted != set(arrays):
        raise ValueError(
            f"weights do not fit the network: missing {sorted(wanted - set(arrays))}, "
            f"unexpected {sorted(set(arrays) - wanted)}"
        )
    for layer, names in LAYER_WEIGHTS.items():
        model.get_layer(layer).set_weights([arrays[f"{layer}/{name}"] for name in names])
    return model


if __name__ == "__main__":
    model = load_model(sys.argv[1] if len(sys.argv) > 1 else WEIGHTS)
    print(model.count_params(), "parameters")
`;
  return { source, tensors };
}
