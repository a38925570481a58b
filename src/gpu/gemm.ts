/**
 * Tiled GEMM in WGSL, C[M,N] = A[M,K] * B[K,N], with the operand loads and the store given as
 * WGSL functions: that makes every convolution an implicit GEMM (the im2col matrix is never
 * materialised; `loadA` gathers the patch element) and lets bias + ReLU be fused into the store.
 * The output tile is a template parameter (`TileShape`, TM x TN, see `TILES`): up to 16 x 16
 * threads, each computing (TM / 16) x (TN / 16) outputs, K in slices of 16 staged in workgroup
 * memory. `chooseTile` picks the tile from the GEMM's M and N (the small channel counts of these
 * nets leave most of a 64x64 tile empty). Split-K (`splits` > 1) for the filter gradient, whose M
 * and N are small and K is batch x pixels: each split writes a partial tile and `sumSplits` adds
 * them. Every tile shape is a different WGSL text, hence its own cached pipeline.
 */
import {
  grid,
  LINEAR_MAIN,
  packUniforms,
  uniformStruct,
  type GpuEngine,
  type GpuTensor,
  type Recorder,
} from './engine';

const TK = 16;

/** An output tile of TM rows (M) by TN columns (N) per workgroup. */
export type TileShape = '64x64' | '64x32' | '32x32' | '64x16' | '16x64' | '64x8' | '32x8' | '16x16';

/** Every tile shape the template is instantiated with (each is checked in kernels.test.ts). */
export const TILES: readonly TileShape[] = [
  '64x64',
  '64x32',
  '32x32',
  '64x16',
  '16x64',
  '64x8',
  '32x8',
  '16x16',
];

/** Per-thread output blocks (rows x columns), most multiply-adds per workgroup-memory read first. */
const BLOCKS: readonly (readonly [number, number])[] = [
  [4, 4],
  [2, 4],
  [4, 2],
  [2, 2],
  [1, 4],
  [4, 1],
  [2, 1],
  [1, 2],
];

/**
 * Tile rows and columns, the thread grid (tx along N, ty along M) and outputs per thread (rm x
 * rn). Each thread's block of outputs is as large as possible (up to 4 x 4) while the workgroup
 * keeps at least 64 threads: per step of the inner loop a thread reads rm + rn values from
 * workgroup memory for rm * rn multiply-adds (on SwiftShader the inner loop was most of a
 * convolution's time with the former 4 x 1 blocks; 4 x 4 blocks cut that convolution 3.5x).
 */
export function tileDims(tile: TileShape): {
  tm: number;
  tn: number;
  tx: number;
  ty: number;
  rm: number;
  rn: number;
} {
  const [tm, tn] = tile.split('x').map(Number) as [number, number];
  const fits = ([rm, rn]: readonly [number, number]) => {
    const threads = (tm / rm) * (tn / rn);
    return tm % rm === 0 && tn % rn === 0 && threads >= 64 && threads <= 256;
  };
  const [rm, rn] = BLOCKS.find(fits) ?? [1, 1];
  return { tm, tn, tx: tn / rn, ty: tm / rm, rm, rn };
}

/**
 * The tile for a GEMM of M x N outputs. Columns: the narrowest of 8, 16, 32, 64 that holds N
 * (N is the channel count: 4-32 in these nets, so a 64-wide tile computes mostly zeros). Rows:
 * 64 (4 outputs per thread, the best ratio of arithmetic to workgroup-memory reads) unless M is
 * small, then 32 or 16 so that few rows are wasted. 64-wide tiles take 16 rows when M <= 16
 * (the dense layers' data gradient at batch 1).
 */
export function chooseTile(M: number, N: number): TileShape {
  if (N <= 8) return M <= 32 ? '32x8' : '64x8';
  if (N <= 16) return M <= 16 ? '16x16' : '64x16';
  if (N <= 32) return M <= 32 ? '32x32' : '64x32';
  return M <= 16 ? '16x64' : '64x64';
}

/** How the engine's GEMMs pick their tile: `tuned` (`chooseTile`) or `fixed` (always 64x64, as before tuning). */
export type TilePolicy = 'tuned' | 'fixed';
const policies = new WeakMap<GpuEngine, TilePolicy>();

/** Sets the tile policy of one engine (the benchmark compares both in one run); default `tuned`. */
export function setTilePolicy(engine: GpuEngine, policy: TilePolicy): void {
  policies.set(engine, policy);
}

/** The tile a GEMM of M x N outputs gets on this engine. */
export function tileFor(engine: GpuEngine, M: number, N: number): TileShape {
  return policies.get(engine) === 'fixed' ? '64x64' : chooseTile(M, N);
}

export interface GemmSpec {
  label: string;
  M: number;
  N: number;
  K: number;
  /** Extra u32 uniforms used by the load/store functions (e.g. image sizes). */
  dims: Record<string, number>;
  /**
   * WGSL: the A operand in three parts, so that its index arithmetic leaves the K loop:
   * `fn rowA(m: u32) -> vec4<i32>` (what row m contributes; each thread computes it once per row
   * it loads, before the loop), `fn colA(k: u32) -> vec4<i32>` (what column k contributes; once
   * per K step) and `fn loadA(r: vec4<i32>, c: vec4<i32>) -> f32` (only called with m < M, k < K).
   */
  rowA: string;
  colA: string;
  loadA: string;
  /** WGSL: `fn loadB(k: u32, n: u32) -> f32` (only called with k < K, n < N). */
  loadB: string;
  /** WGSL: `fn store(m: u32, n: u32, v: f32, z: u32)`; with splits > 1, z is the K slice and the store writes a raw partial. */
  store: string;
  /** Storage declarations from binding 1 on, used by the three functions. */
  bindings: string;
  buffers: readonly (GpuTensor | GPUBuffer)[];
  /** Split K into this many slices (the store writes partials to `part`, see `gemmSplitK`). */
  splits?: number;
  /** The output tile (default: `tileFor` the engine and M x N). */
  tile?: TileShape;
}

/** `count` lines of WGSL from `line(i)`, joined (the template unrolls its fixed-size loops). */
const unroll = (count: number, line: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => line(i)).join('\n');

function gemmSource(spec: GemmSpec, tile: TileShape, fields: Record<string, number>): string {
  const { tm, tn, tx, ty, rm, rn } = tileDims(tile);
  const threads = tx * ty;
  if (threads % TK !== 0) throw new Error(`a ${tile} tile needs a multiple of ${TK} threads`);
  const loadsA = (tm * TK) / threads;
  const cells: [number, number][] = [];
  for (let i = 0; i < rm; i++) for (let j = 0; j < rn; j++) cells.push([i, j]);
  // Every fixed-size loop is unrolled here and the accumulators are scalars: no private array
  // indexed at run time (which some compilers keep in memory rather than registers).
  return `${uniformStruct(fields)}
${spec.bindings}
${spec.rowA}
${spec.colA}
${spec.loadA}
${spec.loadB}
${spec.store}
const TM = ${tm}u;
const TN = ${tn}u;
const TK = ${TK}u;
var<workgroup> As: array<f32, ${tm * TK}>;
var<workgroup> Bs: array<f32, ${tn * TK}>;
@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let tid = lid.y * ${tx}u + lid.x;
  let m0 = wg.y * TM;
  let n0 = wg.x * TN;
  let kBegin = wg.z * p.kChunk;
  let kEnd = min(p.K, kBegin + p.kChunk);
${unroll(cells.length, (c) => `  var acc${c} = 0.0;`)}
  // The A rows this thread loads (tid / TK + r * ${threads / TK}) and its A column (tid % TK) never change.
  let ak = tid % TK;
  let am = tid / TK;
${unroll(
  loadsA,
  (r) => `  let rowOk${r} = m0 + am + ${r * (threads / TK)}u < p.M;
  let row${r} = rowA(min(m0 + am + ${r * (threads / TK)}u, p.M - 1u));`,
)}
  for (var k0 = kBegin; k0 < kEnd; k0 += TK) {
    let colOk = k0 + ak < kEnd;
    let col = colA(min(k0 + ak, p.K - 1u));
${unroll(
  loadsA,
  (r) => `    {
      var av = 0.0;
      if (rowOk${r} && colOk) { av = loadA(row${r}, col); }
      As[ak * TM + am + ${r * (threads / TK)}u] = av;
    }`,
)}
${unroll(
  (tn * TK) / threads,
  (r) => `    {
      let e = tid + ${r * threads}u;
      let bk = e / TN;
      let bn = e % TN;
      var bv = 0.0;
      if (k0 + bk < kEnd && n0 + bn < p.N) { bv = loadB(k0 + bk, n0 + bn); }
      Bs[bk * TN + bn] = bv;
    }`,
)}
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
${unroll(rm, (i) => `      let a${i} = As[kk * TM + lid.y + ${i * ty}u];`)}
${unroll(rn, (j) => `      let b${j} = Bs[kk * TN + lid.x + ${j * tx}u];`)}
${cells.map(([i, j], c) => `      acc${c} = fma(a${i}, b${j}, acc${c});`).join('\n')}
    }
    workgroupBarrier();
  }
${cells
  .map(
    ([i, j], c) => `  {
    let m = m0 + lid.y + ${i * ty}u;
    let n = n0 + lid.x + ${j * tx}u;
    if (m < p.M && n < p.N) { store(m, n, acc${c}, wg.z); }
  }`,
  )
  .join('\n')}
}
`;
}

/** Records one GEMM launch; returns the number of K slices (1 unless split). */
export function gemm(rec: Recorder, spec: GemmSpec): number {
  const tile = spec.tile ?? tileFor(rec.engine, spec.M, spec.N);
  const { tm, tn } = tileDims(tile);
  const splits = Math.max(1, Math.min(spec.splits ?? 1, Math.ceil(spec.K / TK)));
  const kChunk = Math.ceil(spec.K / splits / TK) * TK;
  const fields = { M: spec.M, N: spec.N, K: spec.K, kChunk, ...spec.dims };
  rec.launch(spec.label, gemmSource(spec, tile, fields), packUniforms(fields), spec.buffers, [
    Math.ceil(spec.N / tn),
    Math.ceil(spec.M / tm),
    Math.ceil(spec.K / kChunk),
  ]);
  return Math.ceil(spec.K / kChunk);
}

/** The slice count `gemm` will use for `splits` requested slices of K. */
export function splitCount(K: number, splits: number): number {
  const s = Math.max(1, Math.min(splits, Math.ceil(K / TK)));
  return Math.ceil(K / (Math.ceil(K / s / TK) * TK));
}

/**
 * How many K slices a GEMM of this shape and tile should use so that the GPU has enough
 * workgroups: about 128 workgroups in all, each slice at least 256 deep, none below K = 1024.
 */
export function chooseSplits(M: number, N: number, K: number, tile: TileShape = '64x64'): number {
  const { tm, tn } = tileDims(tile);
  const tiles = Math.ceil(M / tm) * Math.ceil(N / tn);
  if (tiles >= 64 || K < 1024) return 1;
  return Math.min(Math.ceil(128 / tiles), Math.ceil(K / 256));
}

/** out[i] = sum over s of part[s * n + i]: the reduction after a split-K GEMM. */
export function sumSplits(rec: Recorder, part: GpuTensor, out: GpuTensor, splits: number): void {
  const fields = { n: out.size, splits };
  const code = `${uniformStruct(fields)}
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
fn body(i: u32) {
  var s = 0.0;
  for (var k = 0u; k < p.splits; k++) { s += part[k * p.n + i]; }
  out[i] = s;
}
${LINEAR_MAIN}`;
  rec.launch('sumSplits', code, packUniforms(fields), [part, out], grid(out.size));
}
