/** Batch normalisation with training statistics: per-channel moments, the forward pass and its gradients. */
import { packUniforms, uniformStruct, type GpuTensor, type Recorder } from './engine';
import { linear, storage } from './linearKernel';

/** Per-channel mean and 1/sqrt(var + eps) of NHWC x (one workgroup per channel; biased variance). */
function channelMoments(
  rec: Recorder,
  x: GpuTensor,
  mean: GpuTensor,
  invStd: GpuTensor,
  epsilon: number,
): void {
  const C = x.shape[x.shape.length - 1]!;
  const fields = { rows: x.size / C, C, eps: epsilon };
  const code = `${uniformStruct(fields, ['eps'])}
${storage([
  ['x', 'r'],
  ['mean', 'rw'],
  ['invStd', 'rw'],
])}
var<workgroup> partial: array<f32, 256>;
fn reduce(lid: u32) -> f32 {
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (lid < half) { partial[lid] += partial[lid + half]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wg.x;
  var s = 0.0;
  for (var r = lid.x; r < p.rows; r += 256u) { s += x[r * p.C + c]; }
  partial[lid.x] = s;
  let mu = reduce(lid.x) / f32(p.rows);
  var q = 0.0;
  for (var r = lid.x; r < p.rows; r += 256u) { let d = x[r * p.C + c] - mu; q += d * d; }
  partial[lid.x] = q;
  let variance = reduce(lid.x) / f32(p.rows);
  if (lid.x == 0u) { mean[c] = mu; invStd[c] = inverseSqrt(variance + p.eps); }
}`;
  rec.launch('batchNormMoments', code, packUniforms(fields, ['eps']), [x, mean, invStd], [C, 1, 1]);
}

/** Batch normalisation with the batch's statistics: y = gamma (x - mean) / sqrt(var + eps) + beta. */
export function batchNorm(
  rec: Recorder,
  x: GpuTensor,
  gamma: GpuTensor,
  beta: GpuTensor,
  y: GpuTensor,
  mean: GpuTensor,
  invStd: GpuTensor,
  epsilon = 1e-3,
): void {
  channelMoments(rec, x, mean, invStd, epsilon);
  linear(
    rec,
    'batchNorm',
    x.size,
    { C: gamma.size },
    [],
    storage([
      ['x', 'r'],
      ['gamma', 'r'],
      ['beta', 'r'],
      ['mean', 'r'],
      ['invStd', 'r'],
      ['y', 'rw'],
    ]),
    `  let c = i % p.C;
  y[i] = gamma[c] * (x[i] - mean[c]) * invStd[c] + beta[c];`,
    [x, gamma, beta, mean, invStd, y],
  );
}

/** Gradients of batchNorm (training statistics): dgamma, dbeta and dx. */
export function batchNormBackward(
  rec: Recorder,
  x: GpuTensor,
  dy: GpuTensor,
  gamma: GpuTensor,
  mean: GpuTensor,
  invStd: GpuTensor,
  dx: GpuTensor,
  dgamma: GpuTensor,
  dbeta: GpuTensor,
): void {
  const C = gamma.size;
  const fields = { rows: x.size / C, C };
  const code = `${uniformStruct(fields)}
${storage([
  ['x', 'r'],
  ['dy', 'r'],
  ['mean', 'r'],
  ['invStd', 'r'],
  ['dgamma', 'rw'],
  ['dbeta', 'rw'],
])}
var<workgroup> sums: array<vec2f, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wg.x;
  var s = vec2f(0.0);
  for (var r = lid.x; r < p.rows; r += 256u) {
    let g = dy[r * p.C + c];
    s += vec2f(g, g * (x[r * p.C + c] - mean[c]) * invStd[c]);
  }
  sums[lid.x] = s;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (lid.x < half) { sums[lid.x] += sums[lid.x + half]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { dbeta[c] = sums[0].x; dgamma[c] = sums[0].y; }
}`;
  rec.launch(
    'batchNormGradSums',
    code,
    packUniforms(fields),
    [x, dy, mean, invStd, dgamma, dbeta],
    [C, 1, 1],
  );
  linear(
    rec,
    'batchNormBackward',
    x.size,
    { C, rows: x.size / C },
    [],
    storage([
      ['x', 'r'],
      ['dy', 'r'],
      ['gamma', 'r'],
      ['mean', 'r'],
      ['invStd', 'r'],
      ['dgamma', 'r'],
      ['dbeta', 'r'],
      ['dx', 'rw'],
    ]),
    `  let c = i % p.C;
  let xhat = (x[i] - mean[c]) * invStd[c];
  let m = f32(p.rows);
  dx[i] = gamma[c] * invStd[c] / m * (m * dy[i] - dbeta[c] - xhat * dgamma[c]);`,
    [x, dy, gamma, mean, invStd, dgamma, dbeta, dx],
  );
}
