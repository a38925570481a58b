/**
 * Running statistics for the BN layers of a model whose weights were trained with batch
 * statistics only (the functional NAS-Bench-201 network holds none): each BN layer, in forward
 * order, gets the mean and (biased) variance of its input over a set of images, computed with the
 * BN layers before it already set, so that the model in inference mode normalises as the
 * population does ("precise BN", Wu & Johnson 2021, arXiv:2105.07576, §3). One forward pass of a
 * prefix of the model per BN layer; every tensor made is disposed.
 */
import * as tf from '@tensorflow/tfjs';

/** Images per forward pass. */
const CHUNK = 256;

/** Sets the moving mean and variance of every layer of `batchNorms` (in forward order) from `images`. */
export async function calibrateBatchNorm(
  model: tf.LayersModel,
  batchNorms: readonly tf.layers.Layer[],
  images: tf.Tensor4D,
): Promise<void> {
  const n = images.shape[0];
  if (n === 0) throw new Error('Calibrating batch norm needs at least one image');
  for (const layer of batchNorms) {
    const prefix = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
    const channels = (layer.input as tf.SymbolicTensor).shape.at(-1) as number;
    let sum = tf.zeros([channels]);
    let squares = tf.zeros([channels]);
    let count = 0;
    for (let start = 0; start < n; start += CHUNK) {
      const size = Math.min(CHUNK, n - start);
      const [s, q] = tf.tidy(() => {
        const x = prefix.predict(tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1])) as tf.Tensor4D;
        const rows = tf.reshape(x, [-1, channels]);
        return [tf.add(sum, tf.sum(rows, 0)), tf.add(squares, tf.sum(tf.square(rows), 0))];
      });
      tf.dispose([sum, squares]);
      sum = s!;
      squares = q!;
      count += size * x4Pixels(layer);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    const [mean, variance] = tf.tidy(() => {
      const m = tf.div(sum, count);
      return [m, tf.relu(tf.sub(tf.div(squares, count), tf.square(m)))];
    });
    tf.dispose([sum, squares]);
    const [gamma, beta] = layer.getWeights();
    layer.setWeights([gamma!, beta!, mean!, variance!]);
    tf.dispose([mean!, variance!]);
  }
}

/** Pixels per image at a BN layer's input (height x width). */
function x4Pixels(layer: tf.layers.Layer): number {
  const shape = (layer.input as tf.SymbolicTensor).shape;
  return (shape[1] as number) * (shape[2] as number);
}
