/**
 * Depthwise convolution (depth multiplier 1: channel c of the output reads channel c of the input
 * through its own KH x KW filter, [KH, KW, C, 1] as in tfjs), forward and both gradients; with a
 * 1x1 conv2d after it, it is tfjs's SeparableConv2D (NASNet's sep_conv). Geometry (strides,
 * SAME/VALID padding) is a ConvGeometry whose F is C.
 */
import { convDims, type ConvGeometry } from './conv';
import { grid, packUniforms, uniformStruct, type GpuTensor, type Recorder } from './engine';
import { linear, storage } from './ops';

/** y[n, oy, ox, c] = sum over taps of x[n, oy SH + ky - padT, ox SW + kx - padL, c] w[ky, kx, c]. */
export function depthwiseConv2d(
  rec: Recorder,
  x: GpuTensor,
  w: GpuTensor,
  y: GpuTensor,
  g: ConvGeometry,
): void {
  linear(
    rec,
    'depthwiseConv2d',
    y.size,
    convDims(g),
    [],
    storage([
      ['x', 'r'],
      ['w', 'r'],
      ['y', 'rw'],
    ]),
    `  let c = i % p.C; let t = i / p.C; let ox = t % p.OW; let t2 = t / p.OW; let oy = t2 % p.OH; let nb = t2 / p.OH;
  var s = 0.0;
  for (var ky = 0u; ky < p.KH; ky++) {
    let iy = i32(oy * p.SH + ky) - i32(p.padT);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    for (var kx = 0u; kx < p.KW; kx++) {
      let ix = i32(ox * p.SW + kx) - i32(p.padL);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      s += x[((nb * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c] * w[(ky * p.KW + kx) * p.C + c];
    }
  }
  y[i] = s;`,
    [x, w, y],
  );
}

/** dx of depthwiseConv2d: every output pixel whose window holds the input pixel, through its tap. */
export function depthwiseConv2dBackwardData(
  rec: Recorder,
  dy: GpuTensor,
  w: GpuTensor,
  dx: GpuTensor,
  g: ConvGeometry,
): void {
  linear(
    rec,
    'depthwiseBackwardData',
    dx.size,
    convDims(g),
    [],
    storage([
      ['dy', 'r'],
      ['w', 'r'],
      ['dx', 'rw'],
    ]),
    `  let c = i % p.C; let t = i / p.C; let ix = t % p.W; let t2 = t / p.W; let iy = t2 % p.H; let nb = t2 / p.H;
  var s = 0.0;
  for (var ky = 0u; ky < p.KH; ky++) {
    let ty = i32(iy + p.padT) - i32(ky);
    if (ty < 0 || u32(ty) % p.SH != 0u) { continue; }
    let oy = u32(ty) / p.SH;
    if (oy >= p.OH) { continue; }
    for (var kx = 0u; kx < p.KW; kx++) {
      let tx = i32(ix + p.padL) - i32(kx);
      if (tx < 0 || u32(tx) % p.SW != 0u) { continue; }
      let ox = u32(tx) / p.SW;
      if (ox >= p.OW) { continue; }
      s += dy[((nb * p.OH + oy) * p.OW + ox) * p.C + c] * w[(ky * p.KW + kx) * p.C + c];
    }
  }
  dx[i] = s;`,
    [dy, w, dx],
  );
}

/** dw[ky, kx, c] = sum over images and output pixels of x under tap (ky, kx) times dy; a workgroup per weight. */
export function depthwiseConv2dBackwardFilter(
  rec: Recorder,
  x: GpuTensor,
  dy: GpuTensor,
  dw: GpuTensor,
  g: ConvGeometry,
): void {
  const fields = { ...convDims(g), rows: g.N * g.OH * g.OW, weights: dw.size };
  const code = `${uniformStruct(fields)}
${storage([
  ['x', 'r'],
  ['dy', 'r'],
  ['dw', 'rw'],
])}
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let k = wg.y * nwg.x + wg.x;
  if (k >= p.weights) { return; }
  let c = k % p.C; let tap = k / p.C; let kx = tap % p.KW; let ky = tap / p.KW;
  var s = 0.0;
  for (var r = lid.x; r < p.rows; r += 256u) {
    let ox = r % p.OW; let t = r / p.OW; let oy = t % p.OH; let nb = t / p.OH;
    let iy = i32(oy * p.SH + ky) - i32(p.padT);
    let ix = i32(ox * p.SW + kx) - i32(p.padL);
    if (iy >= 0 && ix >= 0 && iy < i32(p.H) && ix < i32(p.W)) {
      s += x[((nb * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c] * dy[r * p.C + c];
    }
  }
  partial[lid.x] = s;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (lid.x < half) { partial[lid.x] += partial[lid.x + half]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { dw[k] = partial[0]; }
}`;
  rec.launch('depthwiseBackwardFilter', code, packUniforms(fields), [x, dy, dw], grid(dw.size, 1));
}
