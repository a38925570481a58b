/**
 * Kernels a converted tfjs graph (graphNet.ts) needs beyond the chain's: ReLU as its own layer
 * (forward, and a gradient that writes a new tensor, since a gradient may feed two branches),
 * batch normalisation's moving statistics (tfjs's update: moving -= (moving - batch) (1 - momentum),
 * biased batch variance) and its inference form, and zero padding at the bottom and right with
 * its gradient (a crop).
 */
import type { GpuTensor, Recorder } from './engine';
import { linear, storage } from './ops';

/** y = max(x, 0). */
export function relu(rec: Recorder, x: GpuTensor, y: GpuTensor): void {
  linear(
    rec,
    'relu',
    x.size,
    {},
    [],
    storage([
      ['x', 'r'],
      ['y', 'rw'],
    ]),
    '  y[i] = max(x[i], 0.0);',
    [x, y],
  );
}

/** dx = dy where y > 0, else 0 (y the ReLU's output); dy is left as it is. */
export function reluGradient(rec: Recorder, y: GpuTensor, dy: GpuTensor, dx: GpuTensor): void {
  linear(
    rec,
    'reluGradient',
    y.size,
    {},
    [],
    storage([
      ['y', 'r'],
      ['dy', 'r'],
      ['dx', 'rw'],
    ]),
    '  dx[i] = select(0.0, dy[i], y[i] > 0.0);',
    [y, dy, dx],
  );
}

/**
 * The moving statistics after a training step, from the batch's mean and 1/sqrt(var + eps) (as
 * batchNorm leaves them): moving -= (moving - batch) (1 - momentum), for the mean and the variance.
 */
export function batchNormMovingUpdate(
  rec: Recorder,
  mean: GpuTensor,
  invStd: GpuTensor,
  movingMean: GpuTensor,
  movingVariance: GpuTensor,
  momentum: number,
  epsilon: number,
): void {
  linear(
    rec,
    'batchNormMoving',
    mean.size,
    { decay: 1 - momentum, eps: epsilon },
    ['decay', 'eps'],
    storage([
      ['mean', 'r'],
      ['invStd', 'r'],
      ['movingMean', 'rw'],
      ['movingVariance', 'rw'],
    ]),
    `  let variance = 1.0 / (invStd[i] * invStd[i]) - p.eps;
  movingMean[i] -= (movingMean[i] - mean[i]) * p.decay;
  movingVariance[i] -= (movingVariance[i] - variance) * p.decay;`,
    [mean, invStd, movingMean, movingVariance],
  );
}

/** Batch normalisation with the moving statistics (evaluation): gamma (x - mean) / sqrt(var + eps) + beta. */
export function batchNormInference(
  rec: Recorder,
  x: GpuTensor,
  gamma: GpuTensor,
  beta: GpuTensor,
  movingMean: GpuTensor,
  movingVariance: GpuTensor,
  y: GpuTensor,
  epsilon: number,
): void {
  linear(
    rec,
    'batchNormInference',
    x.size,
    { C: gamma.size, eps: epsilon },
    ['eps'],
    storage([
      ['x', 'r'],
      ['gamma', 'r'],
      ['beta', 'r'],
      ['movingMean', 'r'],
      ['movingVariance', 'r'],
      ['y', 'rw'],
    ]),
    `  let c = i % p.C;
  y[i] = gamma[c] * (x[i] - movingMean[c]) * inverseSqrt(movingVariance[c] + p.eps) + beta[c];`,
    [x, gamma, beta, movingMean, movingVariance, y],
  );
}

/** y [N, H + bottom, W + right, C] = x [N, H, W, C] with zeros added at the bottom and right. */
export function zeroPad(rec: Recorder, x: GpuTensor, y: GpuTensor): void {
  const [, H, W, C] = x.shape as [number, number, number, number];
  const [, OH, OW] = y.shape as [number, number, number, number];
  linear(
    rec,
    'zeroPad',
    y.size,
    { H, W, C, OH, OW },
    [],
    storage([
      ['x', 'r'],
      ['y', 'rw'],
    ]),
    `  let c = i % p.C; let t = i / p.C; let ox = t % p.OW; let t2 = t / p.OW; let oy = t2 % p.OH; let nb = t2 / p.OH;
  if (oy < p.H && ox < p.W) { y[i] = x[((nb * p.H + oy) * p.W + ox) * p.C + c]; } else { y[i] = 0.0; }`,
    [x, y],
  );
}

/** The gradient of zeroPad: dx = dy cropped to x's height and width. */
export function zeroPadGradient(rec: Recorder, dy: GpuTensor, dx: GpuTensor): void {
  const [, H, W, C] = dx.shape as [number, number, number, number];
  const [, OH, OW] = dy.shape as [number, number, number, number];
  linear(
    rec,
    'zeroPadGradient',
    dx.size,
    { H, W, C, OH, OW },
    [],
    storage([
      ['dy', 'r'],
      ['dx', 'rw'],
    ]),
    `  let c = i % p.C; let t = i / p.C; let ix = t % p.W; let t2 = t / p.W; let iy = t2 % p.H; let nb = t2 / p.H;
  dx[i] = dy[((nb * p.OH + iy) * p.OW + ix) * p.C + c];`,
    [dy, dx],
  );
}
