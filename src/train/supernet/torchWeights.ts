/**
 * The weights of a standalone NAS-Bench-201 LayersModel (layersModel.ts) under the state-dict
 * names and layouts of the PyTorch module src/nas/export/pytorchNb201.ts writes: conv kernels
 * [k, k, in, out] -> [out, in, k, k], linear weights [in, out] -> [out, in], BN scale, shift and
 * running statistics as `weight`, `bias`, `running_mean`, `running_var`. An edge's layers are
 * named without their op (the module holds one op per edge).
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../../nas/export/safetensors';
import type { Nb201LayersModel } from './layersModel';

/** `cells.0.edges.1<-0.nor_conv_3x3.conv` -> `cells.0.edges.1<-0.conv`; other prefixes as they are. */
export function torchPrefix(prefix: string): string {
  return prefix.replace(/^(cells\.\d+\.edges\.\d<-\d)\.[a-z_0-9]+\./, '$1.');
}

/** The model's weights as PyTorch names them, in the layers' order. */
export async function torchTensors(built: Nb201LayersModel): Promise<NamedTensor[]> {
  // Copies in PyTorch's layout, read back together at the end (no sync reads).
  const pending: { name: string; copy: tf.Tensor }[] = [];
  const add = (name: string, t: tf.Tensor) => pending.push({ name, copy: tf.keep(tf.clone(t)) });
  try {
    for (const [prefix, layer] of built.layers) {
      const at = torchPrefix(prefix);
      const weights = layer.getWeights();
      switch (layer.getClassName()) {
        case 'Conv2D':
          tf.tidy(() => add(`${at}.weight`, tf.transpose(weights[0]!, [3, 2, 0, 1])));
          break;
        case 'Dense':
          tf.tidy(() => add(`${at}.weight`, tf.transpose(weights[0]!)));
          add(`${at}.bias`, weights[1]!);
          break;
        case 'BatchNormalization':
          ['weight', 'bias', 'running_mean', 'running_var'].forEach((field, i) =>
            add(`${at}.${field}`, weights[i]!),
          );
          break;
        default:
          throw new Error(`No PyTorch name for layer ${prefix} (${layer.getClassName()})`);
      }
    }
  } catch (err) {
    pending.forEach(({ copy }) => copy.dispose());
    throw err;
  }
  try {
    const values = await Promise.all(pending.map(({ copy }) => copy.data<'float32'>()));
    return pending.map(({ name, copy }, k) => ({ name, shape: copy.shape, values: values[k]! }));
  } finally {
    pending.forEach(({ copy }) => copy.dispose());
  }
}
