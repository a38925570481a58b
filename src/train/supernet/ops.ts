/**
 * The tensor ops of a NAS-Bench-201 network, NHWC, as functions of tensors (no layers API, so the
 * same variables can be used by every mix of ops). Modelled on D-X-Y/AutoDL-Projects
 * lib/models/cell_operations.py:
 * - BN normalises by the batch's statistics (biased variance, eps 1e-5 as PyTorch), in training
 *   and evaluation alike: NB201's search scripts run with `--track_running_stats 0` or 1 (the
 *   `BN` argument of scripts-search/algos/*.sh); we take 0 for every BN, the skeleton's included,
 *   so a network holds no running statistics (the one difference from PyTorch's defaults in the
 *   stem, the ResNet blocks and `lastact`).
 * - Average pooling excludes the zero padding from its divisor (`POOLING` uses
 *   `count_include_pad=False`). tfjs's own 'same' average pool does so in the forward pass but its
 *   gradient divides by the full window, so we pool the explicitly padded input ('valid') and
 *   rescale by the number of real pixels of each window: forward and gradient agree.
 */
import * as tf from '@tensorflow/tfjs';

/** PyTorch BatchNorm2d's eps. */
const BN_EPS = 1e-5;

/** Zero padding of the two spatial sides: [[top, bottom], [left, right]]. */
type SpatialPad = readonly [readonly [number, number], readonly [number, number]];

/**
 * Rows [m, c] normalised per column by their own mean and biased variance, with the closed-form
 * gradient of that normalisation (Ioffe & Szegedy 2015, §3): dx = inv (dy - mean(dy) -
 * xhat mean(dy xhat)): the gradient autodiff of the same expression gives (the batch statistics
 * differentiated through, as PyTorch's training mode), in 7 kernels each way where tfjs's
 * moments + fused batchNorm took several times as many, each cloned for the tape.
 */
const normaliseRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
  const centred = tf.sub(x, tf.mean(x, 0));
  const inv = tf.rsqrt(tf.add(tf.mean(tf.square(centred), 0), BN_EPS));
  const xhat = tf.mul(centred, inv) as tf.Tensor2D;
  save([xhat, inv]);
  return {
    value: xhat,
    gradFunc: (dy: tf.Tensor2D, [saved, invStd]: tf.Tensor[]) => {
      const correction = tf.add(tf.mean(dy, 0), tf.mul(saved!, tf.mean(tf.mul(dy, saved!), 0)));
      return tf.mul(tf.sub(dy, correction), invStd!);
    },
  };
});

/**
 * BN over the batch and both spatial axes (the rows of the [n h w, c] view), with an optional
 * scale and shift per channel.
 */
export function batchNorm(x: tf.Tensor4D, scale?: tf.Tensor1D, shift?: tf.Tensor1D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  let rows: tf.Tensor2D = normaliseRows(tf.reshape(x, [n * h * w, c]));
  if (scale) rows = tf.mul(rows, scale);
  if (shift) rows = tf.add(rows, shift);
  return tf.reshape(rows, x.shape);
}

/** A k x k conv without bias, PyTorch padding `pad` on every side. */
export function conv(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
  return tf.conv2d(x, kernel, stride, pad);
}

/**
 * `size` x `size` over the number of real (unpadded) pixels each window at `stride` covers,
 * [1, h, w, 1]: the factor that turns the mean over the padded window into the mean over the real
 * pixels.
 */
function windowRescale(
  height: number,
  width: number,
  size: number,
  stride: number,
  pad: SpatialPad,
): tf.Tensor4D {
  const axis = (n: number, [before, after]: readonly [number, number]) => {
    const outputs = Math.floor((n + before + after - size) / stride) + 1;
    return Array.from({ length: outputs }, (_, i) => {
      const start = i * stride - before;
      return Math.min(start + size, n) - Math.max(start, 0);
    });
  };
  const rows = axis(height, pad[0]);
  const cols = axis(width, pad[1]);
  const factors = new Float32Array(rows.length * cols.length);
  rows.forEach((r, i) => cols.forEach((c, j) => (factors[i * cols.length + j] = (size * size) / (r * c))));
  return tf.tensor4d(factors, [1, rows.length, cols.length, 1]);
}

/** Average pooling over zero-padded `x` whose divisor counts only real pixels. */
export function averagePool(x: tf.Tensor4D, size: number, stride: number, pad: SpatialPad): tf.Tensor4D {
  const [, height, width] = x.shape;
  const padded = tf.pad(x, [[0, 0], [...pad[0]], [...pad[1]], [0, 0]]);
  const mean = tf.avgPool(padded, size, stride, 'valid');
  return tf.mul(mean, windowRescale(height, width, size, stride, pad));
}

/** NB201's avg_pool_3x3 in a cell: stride 1, padding 1, count_include_pad=False. */
export function avgPool3x3(x: tf.Tensor4D): tf.Tensor4D {
  return averagePool(x, 3, 1, [
    [1, 1],
    [1, 1],
  ]);
}

/**
 * The downsample branch's 2x2 average pool of stride 2 (no padding in NB201, whose sides are
 * even). An odd side (MNIST 14x14 reaches 7) gets one row or column of padding at the end, the
 * output side ceil(n / 2) that conv_a's stride-2 3x3 conv (padding 1) gives, and the padding is
 * left out of the divisor (as PyTorch's ceil_mode would).
 */
export function avgPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = x.shape;
  return averagePool(x, 2, 2, [
    [0, height % 2],
    [0, width % 2],
  ]);
}

/** Conv-BN: a k x k conv with padding (k - 1) / 2, then BN. */
export function convBn(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: number,
  scale?: tf.Tensor1D,
  shift?: tf.Tensor1D,
): tf.Tensor4D {
  const k = kernel.shape[0];
  return batchNorm(conv(x, kernel, stride, (k - 1) / 2), scale, shift);
}

/** ReLU-Conv-BN (`ReLUConvBN`): a k x k conv with padding (k - 1) / 2. */
export function reluConvBn(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: number,
  scale?: tf.Tensor1D,
  shift?: tf.Tensor1D,
): tf.Tensor4D {
  return convBn(tf.relu(x), kernel, stride, scale, shift);
}

/** Mean cross-entropy of `logits` [n, classes] against int32 `labels` [n]. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const classes = logits.shape[1];
  const picked = tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, classes));
  return tf.neg(tf.mean<tf.Scalar>(tf.sum(picked, 1)));
}

/** How many rows of `logits` have their arg-max at the label (int32 scalar). */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum<tf.Scalar>(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32'));
}
