/** Pooling kernels over NHWC float32: max and average windows (forward, backward), global average pooling. */
import { windowGeometry, type Padding } from './conv';
import type { GpuTensor, Recorder } from './engine';
import { linear, storage } from './linearKernel';

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
