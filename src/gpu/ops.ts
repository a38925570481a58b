/**
 * The non-GEMM kernels of training, NHWC float32: ReLU backward, dropout, max/avg pooling, global average
 * pooling, batch normalisation with training statistics, add, concat on channels, softmax
 * cross-entropy (forward and backward fused, with the batch loss and correct count), and fused
 * Adam and SGD updates over one flat parameter buffer. The elementwise kernels and the loss live
 * here; pooling (poolOps.ts), batch normalisation (batchNormOps.ts) and the optimisers
 * (optimizerOps.ts) are re-exported so that `import * as ops from './ops'` sees them all.
 */
import { packUniforms, uniformStruct, type GpuTensor, type Recorder } from './engine';
import { linear, storage } from './linearKernel';

export { linear, storage } from './linearKernel';
export {
  avgPool,
  avgPoolBackward,
  globalAvgPool,
  globalAvgPoolBackward,
  maxPool,
  maxPoolBackward,
  poolGeometry,
  type PoolGeometry,
} from './poolOps';
export { batchNorm, batchNormBackward } from './batchNormOps';
export { adam, adamHyper, sgd, type AdamState } from './optimizerOps';

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
