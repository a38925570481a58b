/**
 * Builds a tfjs model of a NAS-RL architecture (Zoph & Le, ICLR 2017; SPEC §4): every layer is
 * conv (filterHeight x filterWidth, its strides, SAME, no bias) + batch norm + ReLU over the
 * concatenation of its inputs, or over the image when it has none. Inputs of different spatial
 * sizes are zero-padded at the bottom and right to the largest (the paper's rule, rather than a
 * resize that would add an op the controller did not choose). The outputs no layer reads are
 * concatenated by the same rule, then global average pooling and a dense softmax.
 * Shapes and costs match `nasrlCost` in src/nas/spaces/nasrlGraph.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { NasRlLayer } from '../nas/reinforce';
import { Rng } from '../nas/rng';
import { checkNasRlLayers, nasrlUnusedOutputs } from '../nas/spaces/nasrlGraph';

type Symbolic = tf.SymbolicTensor;

/** Zero-pads each tensor at the bottom and right to the largest height and width, then concatenates. */
export function padConcat(xs: readonly Symbolic[]): Symbolic {
  if (xs.length === 1) return xs[0]!;
  const height = Math.max(...xs.map((x) => x.shape[1] as number));
  const width = Math.max(...xs.map((x) => x.shape[2] as number));
  const padded = xs.map((x) => {
    const [dh, dw] = [height - (x.shape[1] as number), width - (x.shape[2] as number)];
    if (dh === 0 && dw === 0) return x;
    return tf.layers
      .zeroPadding2d({
        padding: [
          [0, dh],
          [0, dw],
        ],
      })
      .apply(x) as Symbolic;
  });
  return tf.layers.concatenate().apply(padded) as Symbolic;
}

/** The (uncompiled) model of `layers` for images of `input` [h, w, c]; weights seeded from `seed`. */
export function buildNasRlModel(
  layers: readonly NasRlLayer[],
  input: [number, number, number],
  classes: number,
  seed = 0,
): tf.LayersModel {
  checkNasRlLayers(layers);
  const seeds = new Rng(seed).fork('weights');
  const init = () => tf.initializers.glorotUniform({ seed: seeds.nextUint32() >>> 1 });
  const image = tf.input({ shape: input });
  const outputs: Symbolic[] = [];
  for (const layer of layers) {
    const x = layer.inputs.length === 0 ? image : padConcat(layer.inputs.map((j) => outputs[j]!));
    const conv = tf.layers
      .conv2d({
        filters: layer.filters,
        kernelSize: [layer.filterHeight, layer.filterWidth],
        strides: [layer.strideHeight, layer.strideWidth],
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
      })
      .apply(x) as Symbolic;
    // Momentum 0.9 as in blockModel: few training steps per model in a search.
    const bn = tf.layers.batchNormalization({ momentum: 0.9 }).apply(conv) as Symbolic;
    outputs.push(tf.layers.reLU().apply(bn) as Symbolic);
  }
  const joined = padConcat(nasrlUnusedOutputs(layers).map((i) => outputs[i]!));
  const pooled = tf.layers.globalAveragePooling2d({}).apply(joined) as Symbolic;
  const output = tf.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: init(), biasInitializer: 'zeros' })
    .apply(pooled) as Symbolic;
  return tf.model({ inputs: image, outputs: output });
}
