/** Fused optimiser updates over one flat parameter buffer: Adam and SGD with momentum. */
import { grid, LINEAR_MAIN, packUniforms, type GpuTensor, type Recorder } from './engine';
import { linear, storage } from './linearKernel';

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
