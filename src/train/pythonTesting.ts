/**
 * Runs a generated PyTorch or Keras file for the tests (issue #20): Debian's python3-torch and
 * python3-numpy under /usr/bin/python3 (.ci/run installs them). Only *.test.ts files import this.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors, type NamedTensor } from '../nas/export/safetensors';

/** The interpreter Debian's python3-torch is built for. */
export const PYTHON = '/usr/bin/python3';

/** Loads the module, prints its parameter count and its softmax outputs on the images, as JSON. */
const CHECK = `
import importlib.util, json, sys
import numpy as np, torch
spec = importlib.util.spec_from_file_location("net", sys.argv[1])
net = importlib.util.module_from_spec(spec)
spec.loader.exec_module(net)
model = net.load_model(sys.argv[2])
images = np.array(json.load(open(sys.argv[3])), dtype=np.float32)
with torch.no_grad():
    probs = torch.softmax(model(torch.from_numpy(images).permute(0, 3, 1, 2)), 1)
print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "probs": probs.tolist()}))
`;

/**
 * Writes `source` and its weights (as `weightsFile`) to a temporary folder and runs them on
 * `images` (NHWC, as tfjs takes them): the module's parameter count, its softmax outputs, and what
 * the file's own command line prints (it loads its default weights file).
 */
export function runPytorch(
  source: string,
  tensors: readonly NamedTensor[],
  weightsFile: string,
  images: number[][][][],
): { params: number; probs: number[][]; cli: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nas-torch-'));
  try {
    writeFileSync(join(dir, 'net.py'), source);
    writeFileSync(join(dir, weightsFile), encodeSafetensors(tensors));
    writeFileSync(join(dir, 'images.json'), JSON.stringify(images));
    writeFileSync(join(dir, 'check.py'), CHECK);
    const out = execFileSync(PYTHON, ['check.py', 'net.py', weightsFile, 'images.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const cli = execFileSync(PYTHON, ['net.py'], { cwd: dir, encoding: 'utf8' });
    return { ...(JSON.parse(out) as { params: number; probs: number[][] }), cli: cli.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a generated file's own command line prints, run beside its weights file (bytes). */
export function printedByPython(source: string, weightsFile: string, weights: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'nas-py-'));
  try {
    writeFileSync(join(dir, 'net.py'), source);
    writeFileSync(join(dir, weightsFile), new Uint8Array(weights));
    return execFileSync(PYTHON, ['net.py'], { cwd: dir, encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Stand-in for the \`keras\` package (no Keras runtime is installable here): records the layers a
 * generated Keras file builds (class, keyword arguments, inputs) and the arrays its loader hands
 * to \`set_weights\`; \`Model.recorded()\` returns them as a Keras functional config.
 */
const KERAS_STUB = `
import numpy as np

_recorded = []


class _Tensor:
    def __init__(self, layer):
        self.layer = layer


class _Layer:
    def __init__(self, class_name, **kwargs):
        if "name" not in kwargs:
            raise TypeError(f"{class_name}: every layer is named")
        self.class_name = class_name
        self.name = kwargs["name"]
        self.config = kwargs
        self.inbound = None
        self.weights = None

    def __call__(self, inputs):
        if self.inbound is not None:
            raise RuntimeError(f"{self.name} applied twice")
        items = inputs if isinstance(inputs, list) else [inputs]
        self.inbound = [t.layer.name for t in items]
        _recorded.append(self)
        return _Tensor(self)

    def set_weights(self, arrays):
        if self.weights is not None:
            raise RuntimeError(f"{self.name}: weights set twice")
        self.weights = [np.asarray(a, dtype=np.float32) for a in arrays]


class _Layers:
    def __getattr__(self, class_name):
        return lambda **kwargs: _Layer(class_name, **kwargs)


layers = _Layers()


def Input(shape, name):
    layer = _Layer("InputLayer", name=name, batch_input_shape=[None, *shape])
    layer.inbound = []
    _recorded.append(layer)
    return _Tensor(layer)


class Model:
    def __init__(self, inputs, outputs, name):
        self.input, self.output, self.name = inputs.layer.name, outputs.layer.name, name

    def get_layer(self, name):
        return next(layer for layer in _recorded if layer.name == name)

    def count_params(self):
        return sum(int(w.size) for layer in _recorded for w in (layer.weights or []))

    def recorded(self):
        config = {
            "name": self.name,
            "layers": [
                {
                    "class_name": layer.class_name,
                    "name": layer.name,
                    "config": {k: list(v) if isinstance(v, tuple) else v for k, v in layer.config.items()},
                    "inbound_nodes": [[[name, 0, 0, {}] for name in layer.inbound]] if layer.inbound else [],
                }
                for layer in _recorded
            ],
            "input_layers": [[self.input, 0, 0]],
            "output_layers": [[self.output, 0, 0]],
        }
        weights = {
            layer.name: [{"shape": list(w.shape), "values": w.ravel().tolist()} for w in layer.weights]
            for layer in _recorded
            if layer.weights is not None
        }
        return {"config": config, "weights": weights}
`;

/** Loads the module and its weights with the stand-in keras; prints the recording as JSON. */
const KERAS_CHECK = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("net", "net.py")
net = importlib.util.module_from_spec(spec)
spec.loader.exec_module(net)
print(json.dumps(net.load_model(sys.argv[1]).recorded()))
`;

/** What a generated Keras file built, as the stand-in recorded it. */
export interface RecordedKeras {
  /** A Keras functional model config (snake_case), as tfjs's Keras reader takes it. */
  config: Record<string, unknown>;
  /** The arrays handed to each layer's set_weights, in order. */
  weights: Record<string, { shape: number[]; values: number[] }[]>;
}

/**
 * Compiles a generated Keras file (py_compile) and runs it beside its weights (as
 * \`weightsFile\`) against the stand-in keras: the recording of \`load_model\`, and what the
 * file's own command line prints (it loads its default weights file).
 */
export function recordKeras(
  source: string,
  weightsFile: string,
  weights: Uint8Array | ArrayBuffer,
): { recorded: RecordedKeras; cli: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nas-keras-'));
  try {
    writeFileSync(join(dir, 'net.py'), source);
    writeFileSync(join(dir, weightsFile), new Uint8Array(weights));
    mkdirSync(join(dir, 'keras'));
    writeFileSync(join(dir, 'keras', '__init__.py'), KERAS_STUB);
    writeFileSync(join(dir, 'check.py'), KERAS_CHECK);
    execFileSync(PYTHON, ['-m', 'py_compile', 'net.py'], { cwd: dir });
    const out = execFileSync(PYTHON, ['check.py', weightsFile], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const cli = execFileSync(PYTHON, ['net.py'], { cwd: dir, encoding: 'utf8' });
    return { recorded: JSON.parse(out) as RecordedKeras, cli: cli.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The recorded network read back by tfjs's Keras-layers reader (tf.models.modelFromJSON), with
 * the recorded weights set; throws when a layer got a different number of arrays than it has.
 */
export async function readRecordedKeras(recorded: RecordedKeras): Promise<tf.LayersModel> {
  const model = await tf.models.modelFromJSON({
    modelTopology: { class_name: 'Functional', config: recorded.config },
  } as unknown as tf.io.ModelJSON);
  for (const layer of model.layers) {
    const arrays = recorded.weights[layer.name] ?? [];
    if (arrays.length !== layer.weights.length)
      throw new Error(
        `${layer.name}: ${arrays.length} arrays set, the layer has ${layer.weights.length} weights`,
      );
    if (arrays.length > 0) layer.setWeights(arrays.map(({ shape, values }) => tf.tensor(values, shape)));
  }
  return model;
}
