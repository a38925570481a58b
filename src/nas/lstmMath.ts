/**
 * The float64 arithmetic of the plain LSTM controller (lstmController.ts): one stacked-LSTM step
 * forward and backward, the attention's vector-matrix products, and tfjs's Adam update. Pure module.
 */
import { CONTROLLER_ADAM } from './controllerParams';
import type { CellCache, Layer } from './lstmTypes';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** One step of the stacked LSTM from the layers' last states; returns the caches of each layer. */
export function lstmStep(
  layers: readonly Layer[],
  units: number,
  x: Float64Array,
  hidden: Float64Array[],
  cells: Float64Array[],
): CellCache[] {
  const u = units;
  const width = 4 * u;
  const caches: CellCache[] = [];
  for (let l = 0; l < layers.length; l++) {
    const { kernel, bias } = layers[l]!;
    const hPrev = hidden[l]!;
    const cPrev = cells[l]!;
    const z = new Float64Array(width);
    for (let col = 0; col < width; col++) z[col] = bias[col]!;
    for (let r = 0; r < 2 * u; r++) {
      const in_r = r < u ? x[r]! : hPrev[r - u]!;
      if (in_r === 0) continue;
      const row = r * width;
      for (let col = 0; col < width; col++) z[col] = z[col]! + in_r * kernel[row + col]!;
    }
    const gates = new Float64Array(width);
    const c = new Float64Array(u);
    const tanhC = new Float64Array(u);
    const h = new Float64Array(u);
    for (let j = 0; j < u; j++) {
      const i = (gates[j] = sigmoid(z[j]!));
      const f = (gates[u + j] = sigmoid(z[u + j]!));
      const g = (gates[2 * u + j] = Math.tanh(z[2 * u + j]!));
      const o = (gates[3 * u + j] = sigmoid(z[3 * u + j]!));
      c[j] = f * cPrev[j]! + i * g;
      tanhC[j] = Math.tanh(c[j]!);
      h[j] = o * tanhC[j]!;
    }
    caches.push({ x, hPrev, cPrev, gates, tanhC, h });
    hidden[l] = h;
    cells[l] = c;
    x = h;
  }
  return caches;
}

/**
 * Backpropagates `dTop` (the gradient reaching the top hidden state) down the stack at one step
 * and back in time through h and c: adds to the layers' gradients, leaves the gradients of the
 * previous step's states in `dHidden` and `dCells`, and returns the gradient of the step's input.
 * `dz` is scratch, 4 units long.
 */
export function lstmStepBackward(
  layers: readonly Layer[],
  units: number,
  caches: readonly CellCache[],
  dHidden: Float64Array[],
  dCells: Float64Array[],
  dz: Float64Array,
  dTop: Float64Array,
): Float64Array {
  const u = units;
  const width = 4 * u;
  let dx: Float64Array = dTop;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const cache = caches[l]!;
    const dh = dHidden[l]!;
    const dc = dCells[l]!;
    const { gates, tanhC, cPrev } = cache;
    for (let j = 0; j < u; j++) {
      const i = gates[j]!;
      const f = gates[u + j]!;
      const g = gates[2 * u + j]!;
      const o = gates[3 * u + j]!;
      const dhj = dh[j]! + dx[j]!;
      const tc = tanhC[j]!;
      const dcj = dc[j]! + dhj * o * (1 - tc * tc);
      dz[j] = dcj * g * i * (1 - i);
      dz[u + j] = dcj * cPrev[j]! * f * (1 - f);
      dz[2 * u + j] = dcj * i * (1 - g * g);
      dz[3 * u + j] = dhj * tc * o * (1 - o);
      dc[j] = dcj * f;
    }
    for (let col = 0; col < width; col++) layer.gradBias[col] = layer.gradBias[col]! + dz[col]!;
    const dInput = new Float64Array(u);
    for (let r = 0; r < 2 * u; r++) {
      const in_r = r < u ? cache.x[r]! : cache.hPrev[r - u]!;
      const row = r * width;
      let sum = 0;
      for (let col = 0; col < width; col++) {
        layer.gradKernel[row + col] = layer.gradKernel[row + col]! + in_r * dz[col]!;
        sum += layer.kernel[row + col]! * dz[col]!;
      }
      if (r < u) dInput[r] = sum;
      else dh[r - u] = sum;
    }
    dx = dInput;
  }
  return dx;
}

/** y = x W for a row vector x [u] and W [u, u] row-major. */
export function matVec(x: Float64Array, w: Float32Array, u: number): Float64Array {
  const y = new Float64Array(u);
  for (let r = 0; r < u; r++) {
    const x_r = x[r]!;
    const row = r * u;
    for (let c = 0; c < u; c++) y[c] = y[c]! + x_r * w[row + c]!;
  }
  return y;
}

/** Backward of y = x W: gradW += x^T dy and dx += W dy. */
export function addOuterAndBack(
  x: Float64Array,
  dy: Float64Array,
  w: Float32Array,
  gradW: Float64Array,
  dx: Float64Array,
  u: number,
): void {
  for (let r = 0; r < u; r++) {
    const x_r = x[r]!;
    const row = r * u;
    let sum = 0;
    for (let c = 0; c < u; c++) {
      gradW[row + c] = gradW[row + c]! + x_r * dy[c]!;
      sum += w[row + c]! * dy[c]!;
    }
    dx[r] = dx[r]! + sum;
  }
}

/**
 * tfjs's Adam (`tf.train.adam(lr)`): moments and weights in float32, bias-corrected; `accBeta1`
 * and `accBeta2` are beta1^t and beta2^t before this step.
 */
export function adamUpdate(
  params: readonly Float32Array[],
  grads: readonly Float64Array[],
  firstMoments: readonly Float32Array[],
  secondMoments: readonly Float32Array[],
  lr: number,
  accBeta1: number,
  accBeta2: number,
): void {
  const { beta1, beta2, epsilon } = CONTROLLER_ADAM;
  const correction1 = 1 - accBeta1;
  const correction2 = 1 - accBeta2;
  for (let p = 0; p < params.length; p++) {
    const value = params[p]!;
    const grad = grads[p]!;
    const first = firstMoments[p]!;
    const second = secondMoments[p]!;
    for (let i = 0; i < value.length; i++) {
      const g = grad[i]!;
      const m1 = (first[i] = beta1 * first[i]! + (1 - beta1) * g);
      const m2 = (second[i] = beta2 * second[i]! + (1 - beta2) * g * g);
      value[i] = value[i]! - (lr * (m1 / correction1)) / (Math.sqrt(m2 / correction2) + epsilon);
    }
  }
}
