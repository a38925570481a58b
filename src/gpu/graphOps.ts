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

/** Offsets travel as u32 uniforms biased by this much (they may be negative). */
const OFFSET_BIAS = 1 << 20;

/**
 * y[n, oy, ox, c] = x[n, oy + top, ox + left, c], or 0 where that falls outside x: zero padding
 * (negative offsets, or a y larger than x at the bottom/right) and cropping (positive offsets, a
 * smaller y) in one kernel. Its gradient is the same kernel from dy to dx with the offsets negated.
 */
export function shift2d(rec: Recorder, x: GpuTensor, y: GpuTensor, top: number, left: number): void {
  const [, H, W, C] = x.shape as [number, number, number, number];
  const [, OH, OW] = y.shape as [number, number, number, number];
  linear(
    rec,
    'shift2d',
    y.size,
    { H, W, C, OH, OW, top: top + OFFSET_BIAS, left: left + OFFSET_BIAS },
    [],
    storage([
      ['x', 'r'],
      ['y', 'rw'],
    ]),
    `  let c = i % p.C; let t = i / p.C; let ox = t % p.OW; let t2 = t / p.OW; let oy = t2 % p.OH; let nb = t2 / p.OH;
  let iy = i32(oy + p.top) - ${OFFSET_BIAS}; let ix = i32(ox + p.left) - ${OFFSET_BIAS};
  if (iy >= 0 && ix >= 0 && iy < i32(p.H) && ix < i32(p.W)) {
    y[i] = x[((nb * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c];
  } else { y[i] = 0.0; }`,
    [x, y],
  );
}
