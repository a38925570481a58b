/**
 * The non-GEMM kernels of training, NHWC float32: ReLU backward, dropout, max/avg pooling, global average
 * pooling, batch normalisation with training statistics, add, concat on channels, softmax
 * cross-entropy (forward and backward fused, with the batch loss and correct count), and fused
 * Adam and SGD updates over one flat parameter buffer.
 */
import { grid, LINEAR_MAIN, packUniforms, uniformStruct, type GpuTensor, type Recorder } from './engine';
import { windowGeometry, type Padding } from './conv';

/** WGSL declarations of storage bindings from 1: [name, 'r' | 'rw', element type]. */
export function storage(list: [string, 'r' | 'rw', string?][]): string {
  return list
    .map(
      ([name, mode, type], i) =>
        `@group(0) @binding(${i + 1}) var<storage, ${mode === 'r' ? 'read' : 'read_write'}> ${name}: array<${type ?? 'f32'}>;`,
    )
    .join('\n');
}

/** Records a 1D kernel over n elements: `body(i)` sees the uniforms `p` (n and `fields`) and `decl`. */
export function linear(
  rec: Recorder,
  label: string,
  n: number,
  fields: Record<string, number>,
  floats: string[],
  decl: string,
  body: string,
  buffers: readonly (GpuTensor | GPUBuffer)[],
): void {
  const all = { n, ...fields };
  const code = `${uniformStruct(all, floats)}\n${decl}\nfn body(i: u32) {\n${body}\n}\n${LINEAR_MAIN}`;
  rec.launch(label, code, packUniforms(all, floats), buffers, grid(n));
}

/** dy *= (y > 0), in place: the gradient through a ReLU whose output is y. */
export function reluBackward(rec: Recorder, y: GpuTensor, dy: GpuTensor): void {
  linear(
    rec,
    'reluBackward',
    y.size,
    {},
    [],
    storage([
      ['y', 'r'],
      ['dy', 'rw'],
    ]),
    '  if (y[i] <= 0.0) { dy[i] = 0.0; }',
    [y, dy],
  );
}

/** Dropout's per-step seed: a 16-byte uniform the trainer rewrites before each step. */
export function dropoutSeed(seed: number, step: number): Uint32Array<ArrayBuffer> {
  return Uint32Array.of(seed >>> 0, step >>> 0, 0, 0);
}

/** The keep threshold of a drop rate: element i is kept when its 32-bit hash is at least this. */
export function dropoutThreshold(rate: number): number {
  if (!(rate >= 0 && rate < 1)) throw new Error(`a dropout rate is in [0, 1), got ${rate}`);
  return Math.min(0xffffffff, Math.round(rate * 2 ** 32));
}

/**
 * Inverted dropout, out = keep(i) ? in * 1 / (1 - rate) : 0, where keep(i) hashes (the step's
 * seed, the step, the layer's salt, i) with PCG (O'Neill 2014) against the rate's threshold: the
 * mask is never stored, and the same call on (dy -> dx) with the same salt in the same step is
 * the exact gradient. `seed` is a 16-byte uniform of `dropoutSeed`, rewritten per step.
 */
export function dropout(
  rec: Recorder,
  input: GpuTensor,
  out: GpuTensor,
  rate: number,
  salt: number,
  seed: GPUBuffer,
): void {
  linear(
    rec,
    'dropout',
    input.size,
    { salt: salt >>> 0, threshold: dropoutThreshold(rate), scale: 1 / (1 - rate) },
    ['scale'],
    `${storage([
      ['src', 'r'],
      ['dst', 'rw'],
    ])}
struct S { seed: u32, step: u32 }
@group(0) @binding(3) var<uniform> s: S;
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}`,
    `  let key = pcg(s.seed ^ pcg(s.step ^ pcg(p.salt)));
  if (pcg(i ^ key) >= p.threshold) { dst[i] = src[i] * p.scale; } else { dst[i] = 0.0; }`,
    [input, out, seed],
  );
}

/** Sizes of a pooling window over NHWC input. */
export interface PoolGeometry {
  N: number;
  H: number;
  W: number;
  C: number;
  K: number;
  S: number;
  OH: number;
  OW: number;
  padT: number;
  padL: number;
}

export function poolGeometry(
  [N, H, W, C]: number[],
  size: number,
  stride: number,
  padding: Padding,
): PoolGeometry {
  const rows = windowGeometry(H!, size, stride, padding);
  const cols = windowGeometry(W!, size, stride, padding);
  if (rows.out < 1 || cols.out < 1) throw new Error(`a ${size}x${size} pool does not fit a ${H}x${W} input`);
  return {
    N: N!,
    H: H!,
    W: W!,
    C: C!,
    K: size,
    S: stride,
    OH: rows.out,
    OW: cols.out,
    padT: rows.pad,
    padL: cols.pad,
  };
}

const poolDims = (g: PoolGeometry) => ({
  H: g.H,
  W: g.W,
  C: g.C,
  K: g.K,
  S: g.S,
  OH: g.OH,
  OW: g.OW,
  padT: g.padT,
  padL: g.padL,
});

/** The output pixel (nb, oy, ox, c) of flat output index i, and its window's first input row/col. */
const OUT_INDEX = `  let c = i % p.C; let t = i / p.C; let ox = t % p.OW; let t2 = t / p.OW; let oy = t2 % p.OH; let nb = t2 / p.OH;
  let y0 = i32(oy * p.S) - i32(p.padT); let x0 = i32(ox * p.S) - i32(p.padL);`;

/** The output windows covering input pixel (nb, iy, ix, c) of flat input index i: oy in [oy0, oy1). */
const IN_WINDOWS = `  let c = i % p.C; let t = i / p.C; let ix = t % p.W; let t2 = t / p.W; let iy = t2 % p.H; let nb = t2 / p.H;
  let ry = i32(iy + p.padT); let rx = i32(ix + p.padL);
  let oy0 = u32(max(0, (ry - i32(p.K) + i32(p.S)) / i32(p.S))); let oy1 = min(p.OH, u32(ry / i32(p.S)) + 1u);
  let ox0 = u32(max(0, (rx - i32(p.K) + i32(p.S)) / i32(p.S))); let ox1 = min(p.OW, u32(rx / i32(p.S)) + 1u);`;

/** Max pooling; `argmax` keeps the flat input index of each output's maximum (first one wins, as in TensorFlow). */
export function maxPool(rec: Recorder, x: GpuTensor, y: GpuTensor, argmax: GpuTensor, g: PoolGeometry): void {
  linear(
    rec,
    'maxPool',
    y.size,
    poolDims(g),
    [],
    storage([
      ['x', 'r'],
      ['y', 'rw'],
      ['argmax', 'rw', 'u32'],
    ]),
    `${OUT_INDEX}
  var best = -3.4e38; var at = 0u;
  for (var ky = 0u; ky < p.K; ky++) {
    let iy = y0 + i32(ky);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    for (var kx = 0u; kx < p.K; kx++) {
      let ix = x0 + i32(kx);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      let j = ((nb * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c;
      if (x[j] > best) { best = x[j]; at = j; }
    }
  }
  y[i] = best; argmax[i] = at;`,
    [x, y, argmax],
  );
}

/** dx of max pooling: each output's gradient goes to its argmax. */
export function maxPoolBackward(
  rec: Recorder,
  dy: GpuTensor,
  argmax: GpuTensor,
  dx: GpuTensor,
  g: PoolGeometry,
): void {
  linear(
    rec,
    'maxPoolBackward',
    dx.size,
    poolDims(g),
    [],
    storage([
      ['dy', 'r'],
      ['argmax', 'r', 'u32'],
      ['dx', 'rw'],
    ]),
    `${IN_WINDOWS}
  var s = 0.0;
  for (var oy = oy0; oy < oy1; oy++) {
    for (var ox = ox0; ox < ox1; ox++) {
      let o = ((nb * p.OH + oy) * p.OW + ox) * p.C + c;
      if (argmax[o] == i) { s += dy[o]; }
    }
  }
  dx[i] = s;`,
    [dy, argmax, dx],
  );
}

/** WGSL: the number of input pixels inside output window (oy, ox) (padding excluded, as in TensorFlow). */
const WINDOW_COUNT = `fn windowCount(oy: u32, ox: u32) -> f32 {
  let y0 = i32(oy * p.S) - i32(p.padT); let x0 = i32(ox * p.S) - i32(p.padL);
  let rows = min(y0 + i32(p.K), i32(p.H)) - max(y0, 0);
  let cols = min(x0 + i32(p.K), i32(p.W)) - max(x0, 0);
  return f32(rows * cols);
}`;

/** Average pooling. */
export function avgPool(rec: Recorder, x: GpuTensor, y: GpuTensor, g: PoolGeometry): void {
  linear(
    rec,
    'avgPool',
    y.size,
    poolDims(g),
    [],
    `${storage([
      ['x', 'r'],
      ['y', 'rw'],
    ])}\n${WINDOW_COUNT}`,
    `${OUT_INDEX}
  var s = 0.0;
  for (var ky = 0u; ky < p.K; ky++) {
    let iy = y0 + i32(ky);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    for (var kx = 0u; kx < p.K; kx++) {
      let ix = x0 + i32(kx);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      s += x[((nb * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c];
    }
  }
  y[i] = s / windowCount(oy, ox);`,
    [x, y],
  );
}

/** dx of average pooling. */
export function avgPoolBackward(rec: Recorder, dy: GpuTensor, dx: GpuTensor, g: PoolGeometry): void {
  linear(
    rec,
    'avgPoolBackward',
    dx.size,
    poolDims(g),
    [],
    `${storage([
      ['dy', 'r'],
      ['dx', 'rw'],
    ])}\n${WINDOW_COUNT}`,
    `${IN_WINDOWS}
  var s = 0.0;
  for (var oy = oy0; oy < oy1; oy++) {
    for (var ox = ox0; ox < ox1; ox++) {
      s += dy[((nb * p.OH + oy) * p.OW + ox) * p.C + c] / windowCount(oy, ox);
    }
  }
  dx[i] = s;`,
    [dy, dx],
  );
}

/** y[n, c] = mean over pixels of x[n, :, :, c]. */
export function globalAvgPool(rec: Recorder, x: GpuTensor, y: GpuTensor): void {
  const [, H, W, C] = x.shape as [number, number, number, number];
  linear(
    rec,
    'globalAvgPool',
    y.size,
    { HW: H * W, C },
    [],
    storage([
      ['x', 'r'],
      ['y', 'rw'],
    ]),
    `  let c = i % p.C; let nb = i / p.C;
  var s = 0.0;
  for (var j = 0u; j < p.HW; j++) { s += x[(nb * p.HW + j) * p.C + c]; }
  y[i] = s / f32(p.HW);`,
    [x, y],
  );
}

/** dx of global average pooling. */
export function globalAvgPoolBackward(rec: Recorder, dy: GpuTensor, dx: GpuTensor): void {
  const [, H, W, C] = dx.shape as [number, number, number, number];
  linear(
    rec,
    'globalAvgPoolBackward',
    dx.size,
    { HW: H * W, C },
    [],
    storage([
      ['dy', 'r'],
      ['dx', 'rw'],
    ]),
    `  let c = i % p.C; let nb = i / (p.C * p.HW);
  dx[i] = dy[nb * p.C + c] / f32(p.HW);`,
    [dy, dx],
  );
}

/** out = a + b (elementwise, same shape); also accumulates gradients of a tensor used twice. */
export function add(rec: Recorder, a: GpuTensor, b: GpuTensor, out: GpuTensor): void {
  linear(
    rec,
    'add',
    out.size,
    {},
    [],
    storage([
      ['a', 'r'],
      ['b', 'r'],
      ['out', 'rw'],
    ]),
    '  out[i] = a[i] + b[i];',
    [a, b, out],
  );
}

/** out = concat(a, b) on the channel (last) axis. */
export function concatChannels(rec: Recorder, a: GpuTensor, b: GpuTensor, out: GpuTensor): void {
  const Ca = a.shape[a.shape.length - 1]!;
  const Cb = b.shape[b.shape.length - 1]!;
  linear(
    rec,
    'concat',
    out.size,
    { Ca, Cb },
    [],
    storage([
      ['a', 'r'],
      ['b', 'r'],
      ['out', 'rw'],
    ]),
    `  let C = p.Ca + p.Cb; let c = i % C; let r = i / C;
  if (c < p.Ca) { out[i] = a[r * p.Ca + c]; } else { out[i] = b[r * p.Cb + c - p.Ca]; }`,
    [a, b, out],
  );
}

/** The gradient of concatChannels: dy split back into da and db. */
export function concatChannelsBackward(rec: Recorder, dy: GpuTensor, da: GpuTensor, db: GpuTensor): void {
  const Ca = da.shape[da.shape.length - 1]!;
  const Cb = db.shape[db.shape.length - 1]!;
  linear(
    rec,
    'concatBackward',
    dy.size,
    { Ca, Cb },
    [],
    storage([
      ['dy', 'r'],
      ['da', 'rw'],
      ['db', 'rw'],
    ]),
    `  let C = p.Ca + p.Cb; let c = i % C; let r = i / C;
  if (c < p.Ca) { da[r * p.Ca + c] = dy[i]; } else { db[r * p.Cb + c - p.Ca] = dy[i]; }`,
    [dy, da, db],
  );
}

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

/**
 * Softmax cross-entropy over logits [B, classes] with integer labels, forward and backward in
 * one workgroup: dlogits = (softmax - onehot) / B, stats = [mean loss, correct count].
 */
export function softmaxCrossEntropy(
  rec: Recorder,
  logits: GpuTensor,
  labels: GpuTensor,
  dlogits: GpuTensor,
  stats: GpuTensor,
): void {
  const [B, classes] = logits.shape as [number, number];
  const fields = { B, classes };
  const code = `${uniformStruct(fields)}
${storage([
  ['logits', 'r'],
  ['labels', 'r', 'u32'],
  ['dlogits', 'rw'],
  ['stats', 'rw'],
])}
var<workgroup> sums: array<vec2f, 256>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3u) {
  var s = vec2f(0.0);
  for (var r = lid.x; r < p.B; r += 256u) {
    let row = r * p.classes;
    var top = logits[row]; var best = 0u;
    for (var j = 1u; j < p.classes; j++) { if (logits[row + j] > top) { top = logits[row + j]; best = j; } }
    var z = 0.0;
    for (var j = 0u; j < p.classes; j++) { z += exp(logits[row + j] - top); }
    let label = labels[r];
    for (var j = 0u; j < p.classes; j++) {
      let prob = exp(logits[row + j] - top) / z;
      dlogits[row + j] = (prob - select(0.0, 1.0, j == label)) / f32(p.B);
    }
    s += vec2f(log(z) + top - logits[row + label], select(0.0, 1.0, best == label));
  }
  sums[lid.x] = s;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (lid.x < half) { sums[lid.x] += sums[lid.x + half]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { stats[0] = sums[0].x / f32(p.B); stats[1] = sums[0].y; }
}`;
  rec.launch('softmaxCrossEntropy', code, packUniforms(fields), [logits, labels, dlogits, stats], [1, 1, 1]);
}

/** Adam hyper-parameters; the step's bias corrections live in a small uniform buffer the trainer rewrites. */
export interface AdamState {
  m: GpuTensor;
  v: GpuTensor;
  /** Uniform buffer: [lr, beta1, beta2, epsilon, 1 / (1 - beta1^t), 1 / (1 - beta2^t)] as f32. */
  hyper: GPUBuffer;
}

/** The f32 words of AdamState.hyper for step t (1-based), matching tfjs's Adam update. */
export function adamHyper(
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  t: number,
): Float32Array<ArrayBuffer> {
  return Float32Array.of(lr, beta1, beta2, epsilon, 1 / (1 - beta1 ** t), 1 / (1 - beta2 ** t), 0, 0);
}

/** One fused Adam update of every parameter in `params` (one flat buffer) from `grads`. */
export function adam(rec: Recorder, params: GpuTensor, grads: GpuTensor, state: AdamState): void {
  const code = `struct P { n: u32 }
@group(0) @binding(0) var<uniform> p: P;
struct H { lr: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32 }
${storage([
  ['param', 'rw'],
  ['grad', 'r'],
  ['m', 'rw'],
  ['v', 'rw'],
])}
@group(0) @binding(5) var<uniform> h: H;
fn body(i: u32) {
  let g = grad[i];
  let m1 = h.beta1 * m[i] + (1.0 - h.beta1) * g;
  let v1 = h.beta2 * v[i] + (1.0 - h.beta2) * g * g;
  m[i] = m1; v[i] = v1;
  param[i] -= h.lr * (m1 * h.c1) / (sqrt(v1 * h.c2) + h.eps);
}
${LINEAR_MAIN}`;
  rec.launch(
    'adam',
    code,
    packUniforms({ n: params.size }),
    [params, grads, state.m, state.v, state.hyper],
    grid(params.size),
  );
}

/** One fused SGD update with momentum (tf.train.momentum: v = mu v + g; p -= lr v; mu = 0 is plain SGD). */
export function sgd(
  rec: Recorder,
  params: GpuTensor,
  grads: GpuTensor,
  velocity: GpuTensor,
  lr: number,
  momentum: number,
): void {
  linear(
    rec,
    'sgd',
    params.size,
    { lr, momentum },
    ['lr', 'momentum'],
    storage([
      ['param', 'rw'],
      ['grad', 'r'],
      ['vel', 'rw'],
    ]),
    `  let v = p.momentum * vel[i] + grad[i];
  vel[i] = v;
  param[i] -= p.lr * v;`,
    [params, grads, velocity],
  );
}
