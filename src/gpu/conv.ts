/**
 * Convolution (NHWC input, [KH, KW, C, F] filter as in tfjs) and dense layers as implicit GEMMs:
 * forward with fused bias + ReLU, backward with respect to the data and to the filter, and the
 * bias gradient (a column sum). SAME padding follows TensorFlow: out = ceil(in / stride), the
 * extra padding row/column at the bottom/right. Each GEMM takes an optional `tile` (default: the
 * engine's choice for its shape, `tileFor`); the kernel tests force every tile shape through it.
 */
import { packUniforms, uniformStruct, type GpuTensor, type Recorder } from './engine';
import { chooseSplits, gemm, splitCount, sumSplits, tileFor, type TileShape } from './gemm';

export type Padding = 'same' | 'valid';

/** Sizes of one convolution. */
export interface ConvGeometry {
  N: number;
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  /** Strides down the rows and across the columns. */
  SH: number;
  SW: number;
  F: number;
  OH: number;
  OW: number;
  padT: number;
  padL: number;
}

/** Output size and padding of a convolution or pooling window, as TensorFlow computes them. */
export function windowGeometry(
  size: number,
  k: number,
  stride: number,
  padding: Padding,
): { out: number; pad: number } {
  if (padding === 'valid') return { out: Math.ceil((size - k + 1) / stride), pad: 0 };
  const out = Math.ceil(size / stride);
  return { out, pad: Math.floor(Math.max((out - 1) * stride + k - size, 0) / 2) };
}

/** `stride` is one number for both axes or [rows, columns] (NAS-RL's strides differ). */
export function convGeometry(
  [N, H, W, C]: number[],
  [KH, KW, , F]: number[],
  stride: number | readonly [number, number],
  padding: Padding,
): ConvGeometry {
  const [SH, SW] = typeof stride === 'number' ? [stride, stride] : stride;
  const rows = windowGeometry(H!, KH!, SH, padding);
  const cols = windowGeometry(W!, KW!, SW, padding);
  if (rows.out < 1 || cols.out < 1) throw new Error(`a ${KH}x${KW} window does not fit a ${H}x${W} input`);
  return {
    N: N!,
    H: H!,
    W: W!,
    C: C!,
    KH: KH!,
    KW: KW!,
    SH,
    SW,
    F: F!,
    OH: rows.out,
    OW: cols.out,
    padT: rows.pad,
    padL: cols.pad,
  };
}

/** The uniform fields of a convolution's geometry (its kernels read them as `p.*`). */
export const convDims = (g: ConvGeometry) => ({
  H: g.H,
  W: g.W,
  C: g.C,
  KH: g.KH,
  KW: g.KW,
  SH: g.SH,
  SW: g.SW,
  F: g.F,
  OH: g.OH,
  OW: g.OW,
  padT: g.padT,
  padL: g.padL,
});

/**
 * WGSL helpers of the implicit GEMMs over the input x, split so that the GEMM template computes
 * each part once (gemm.ts `rowA`/`colA`): `pixel(m)` is output pixel m's top-left input position
 * (iy0, ix0) and its image's first row (nb * H); `tap(k)` is filter tap k (ky, kx, ci); `xAt`
 * is the input element under both, or 0 in the padding.
 */
const PIXEL = `fn pixel(m: u32) -> vec4<i32> {
  let ox = m % p.OW; let t = m / p.OW; let oy = t % p.OH; let nb = t / p.OH;
  return vec4<i32>(i32(oy * p.SH) - i32(p.padT), i32(ox * p.SW) - i32(p.padL), i32(nb * p.H), 0);
}`;
const TAP = `fn tap(k: u32) -> vec4<i32> {
  let ci = k % p.C; let t = k / p.C; let kx = t % p.KW; let ky = t / p.KW;
  return vec4<i32>(i32(ky), i32(kx), i32(ci), 0);
}`;
const X_AT = `fn xAt(px: vec4<i32>, tp: vec4<i32>) -> f32 {
  let iy = px.x + tp.x;
  let ix = px.y + tp.y;
  if (iy < 0 || ix < 0 || iy >= i32(p.H) || ix >= i32(p.W)) { return 0.0; }
  return x[u32(((px.z + iy) * i32(p.W) + ix) * i32(p.C) + tp.z)];
}`;

/** y = act(conv(x, w) + bias), or act(conv(x, w)) when `bias` is null. */
export function conv2d(
  rec: Recorder,
  x: GpuTensor,
  w: GpuTensor,
  bias: GpuTensor | null,
  y: GpuTensor,
  g: ConvGeometry,
  relu: boolean,
  tile?: TileShape,
): void {
  const pre = bias ? 'v + bias[n]' : 'v';
  gemm(rec, {
    tile,
    label: `conv2d${bias ? '' : '-bias'}${relu ? '+relu' : ''}`,
    M: g.N * g.OH * g.OW,
    N: g.F,
    K: g.KH * g.KW * g.C,
    dims: convDims(g),
    bindings: `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
${bias ? '@group(0) @binding(3) var<storage, read> bias: array<f32>;' : ''}
@group(0) @binding(${bias ? 4 : 3}) var<storage, read_write> y: array<f32>;
${PIXEL}
${TAP}
${X_AT}`,
    rowA: `fn rowA(m: u32) -> vec4<i32> { return pixel(m); }`,
    colA: `fn colA(k: u32) -> vec4<i32> { return tap(k); }`,
    loadA: `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32 { return xAt(r, c); }`,
    loadB: `fn loadB(k: u32, n: u32) -> f32 { return w[k * p.F + n]; }`,
    store: `fn store(m: u32, n: u32, v: f32, z: u32) { y[m * p.F + n] = ${relu ? `max(${pre}, 0.0)` : pre}; }`,
    buffers: bias ? [x, w, bias, y] : [x, w, y],
  });
}

/** dx = the gradient of conv(x, w) with respect to x, given dy (the gradient at the pre-activation). */
export function conv2dBackwardData(
  rec: Recorder,
  dy: GpuTensor,
  w: GpuTensor,
  dx: GpuTensor,
  g: ConvGeometry,
  tile?: TileShape,
): void {
  const unitStride = g.SH === 1 && g.SW === 1;
  gemm(rec, {
    tile,
    label: `conv2dBackwardData${unitStride ? '' : '-strided'}`,
    M: g.N * g.H * g.W,
    N: g.C,
    K: g.KH * g.KW * g.F,
    dims: convDims(g),
    bindings: `@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;`,
    // Row m is input pixel (yy, xx) of image nb; column k is filter tap (ky, kx) of output
    // channel co. With unit strides (most layers) the stride tests drop out of the kernel.
    rowA: `fn rowA(m: u32) -> vec4<i32> {
  let xx = m % p.W; let t = m / p.W; let yy = t % p.H; let nb = t / p.H;
  return vec4<i32>(i32(yy + p.padT), i32(xx + p.padL), i32(nb * p.OH), 0);
}`,
    colA: `fn colA(k: u32) -> vec4<i32> {
  let co = k % p.F; let t = k / p.F; let kx = t % p.KW; let ky = t / p.KW;
  return vec4<i32>(i32(ky), i32(kx), i32(co), 0);
}`,
    loadA: `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32 {
  let ty = r.x - c.x;
  let tx = r.y - c.y;
  if (ty < 0 || tx < 0) { return 0.0; }
${
  unitStride
    ? '  let oy = ty; let ox = tx;'
    : `  if (ty % i32(p.SH) != 0 || tx % i32(p.SW) != 0) { return 0.0; }
  let oy = ty / i32(p.SH); let ox = tx / i32(p.SW);`
}
  if (oy >= i32(p.OH) || ox >= i32(p.OW)) { return 0.0; }
  return dy[u32(((r.z + oy) * i32(p.OW) + ox) * i32(p.F) + c.z)];
}`,
    loadB: `fn loadB(k: u32, n: u32) -> f32 { return w[((k / p.F) * p.C + n) * p.F + k % p.F]; }`,
    store: `fn store(m: u32, n: u32, v: f32, z: u32) { dx[m * p.C + n] = v; }`,
    buffers: [dy, w, dx],
  });
}

/** A partial-sums buffer of `slices` x `size` floats for a split-K GEMM (or `out` itself). */
function splitTarget(rec: Recorder, out: GpuTensor, slices: number): GpuTensor {
  return slices === 1 ? out : rec.arena.tensor([slices, out.size]);
}

/** dw = the gradient of conv(x, w) with respect to w, given dy; split-K over batch x pixels. */
export function conv2dBackwardFilter(
  rec: Recorder,
  x: GpuTensor,
  dy: GpuTensor,
  dw: GpuTensor,
  g: ConvGeometry,
  tile?: TileShape,
): void {
  const M = g.KH * g.KW * g.C;
  const K = g.N * g.OH * g.OW;
  const chosen = tile ?? tileFor(rec.engine, M, g.F);
  const slices = splitCount(K, chooseSplits(M, g.F, K, chosen));
  const target = splitTarget(rec, dw, slices);
  gemm(rec, {
    tile: chosen,
    label: 'conv2dBackwardFilter',
    M,
    N: g.F,
    K,
    dims: convDims(g),
    bindings: `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;
${PIXEL}
${TAP}
${X_AT}`,
    rowA: `fn rowA(m: u32) -> vec4<i32> { return tap(m); }`,
    colA: `fn colA(k: u32) -> vec4<i32> { return pixel(k); }`,
    loadA: `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32 { return xAt(c, r); }`,
    loadB: `fn loadB(k: u32, n: u32) -> f32 { return dy[k * p.F + n]; }`,
    store: `fn store(m: u32, n: u32, v: f32, z: u32) { dw[(z * p.M + m) * p.F + n] = v; }`,
    buffers: [x, dy, target],
    splits: slices,
  });
  if (slices > 1) sumSplits(rec, target, dw, slices);
}

/** y = act(x w + bias) for x [B, In], w [In, Out]. */
export function dense(
  rec: Recorder,
  x: GpuTensor,
  w: GpuTensor,
  bias: GpuTensor,
  y: GpuTensor,
  relu: boolean,
  tile?: TileShape,
): void {
  const [In, Out] = w.shape as [number, number];
  gemm(rec, {
    tile,
    label: `dense${relu ? '+relu' : ''}`,
    M: x.size / In,
    N: Out,
    K: In,
    dims: {},
    bindings: `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;`,
    rowA: `fn rowA(m: u32) -> vec4<i32> { return vec4<i32>(i32(m * p.K), 0, 0, 0); }`,
    colA: `fn colA(k: u32) -> vec4<i32> { return vec4<i32>(i32(k), 0, 0, 0); }`,
    loadA: `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32 { return x[u32(r.x + c.x)]; }`,
    loadB: `fn loadB(k: u32, n: u32) -> f32 { return w[k * p.N + n]; }`,
    store: `fn store(m: u32, n: u32, v: f32, z: u32) { y[m * p.N + n] = ${relu ? 'max(v + bias[n], 0.0)' : 'v + bias[n]'}; }`,
    buffers: [x, w, bias, y],
  });
}

/** dx = dy w^T. */
export function denseBackwardData(
  rec: Recorder,
  dy: GpuTensor,
  w: GpuTensor,
  dx: GpuTensor,
  tile?: TileShape,
): void {
  const [In, Out] = w.shape as [number, number];
  gemm(rec, {
    tile,
    label: 'denseBackwardData',
    M: dy.size / Out,
    N: In,
    K: Out,
    dims: {},
    bindings: `@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;`,
    rowA: `fn rowA(m: u32) -> vec4<i32> { return vec4<i32>(i32(m * p.K), 0, 0, 0); }`,
    colA: `fn colA(k: u32) -> vec4<i32> { return vec4<i32>(i32(k), 0, 0, 0); }`,
    loadA: `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32 { return dy[u32(r.x + c.x)]; }`,
    loadB: `fn loadB(k: u32, n: u32) -> f32 { return w[n * p.K + k]; }`,
    store: `fn store(m: u32, n: u32, v: f32, z: u32) { dx[m * p.N + n] = v; }`,
    buffers: [dy, w, dx],
  });
}

/** dw = x^T dy; split-K over the batch when the weight matrix is small. */
export function denseBackwardFilter(
  rec: Recorder,
  x: GpuTensor,
  dy: GpuTensor,
  dw: GpuTensor,
  tile?: TileShape,
): void {
  const [In, Out] = dw.shape as [number, number];
  const B = x.size / In;
  const chosen = tile ?? tileFor(rec.engine, In, Out);
  const slices = splitCount(B, chooseSplits(In, Out, B, chosen));
  const target = splitTarget(rec, dw, slices);
  gemm(rec, {
    tile: chosen,
    label: 'denseBackwardFilter',
    M: In,
    N: Out,
    K: B,
    dims: {},
    bindings: `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;`,
    rowA: `fn rowA(m: u32) -> vec4<i32> { return vec4<i32>(i32(m), 0, 0, 0); }`,
    colA: `fn colA(k: u32) -> vec4<i32> { return vec4<i32>(i32(k * p.M), 0, 0, 0); }`,
    loadA: `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32 { return x[u32(r.x + c.x)]; }`,
    loadB: `fn loadB(k: u32, n: u32) -> f32 { return dy[k * p.N + n]; }`,
    store: `fn store(m: u32, n: u32, v: f32, z: u32) { dw[(z * p.M + m) * p.N + n] = v; }`,
    buffers: [x, dy, target],
    splits: slices,
  });
  if (slices > 1) sumSplits(rec, target, dw, slices);
}

/** out[c] = sum over rows r of dy[r, c]: the bias gradient (one workgroup per column). */
export function columnSum(rec: Recorder, dy: GpuTensor, out: GpuTensor): void {
  const fields = { rows: dy.size / out.size, cols: out.size };
  const code = `${uniformStruct(fields)}
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let c = wg.x;
  var s = 0.0;
  for (var r = lid.x; r < p.rows; r += 256u) { s += dy[r * p.cols + c]; }
  partial[lid.x] = s;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (lid.x < half) { partial[lid.x] += partial[lid.x + half]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { out[c] = partial[0]; }
}`;
  rec.launch('columnSum', code, packUniforms(fields), [dy, out], [out.size, 1, 1]);
}
