/**
 * A small WebGPU compute engine of our own: a device, a buffer arena, a pipeline cache keyed by
 * the WGSL text (template constants are baked into the text, so shader + constants is the key),
 * and a Recorder that turns a sequence of kernel launches into cached dispatches (pipeline, bind
 * group, workgroup counts) that can be encoded into one compute pass and one submit, again and
 * again. Tensors are NHWC float32 ranges of GPU buffers. No tfjs, no DOM: runs in a Web Worker
 * and in Node with the `webgpu` package (see nodeDevice.ts).
 */

/** A float32 tensor: `size` floats at float offset `offset` of `buffer`, shape NHWC or [rows, cols]. */
export interface GpuTensor {
  buffer: GPUBuffer;
  /** Offset in floats; multiples of 64 floats keep bind-group offsets 256-byte aligned. */
  offset: number;
  /** Length in floats. */
  size: number;
  shape: number[];
}

/** One recorded kernel launch, ready to be encoded into a compute pass. */
export interface Dispatch {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
}

const STORAGE = GPUBufferUsageFlags();

/** GPUBufferUsage values, read lazily (the global exists only once WebGPU is installed). */
function GPUBufferUsageFlags() {
  return {
    get storage(): number {
      return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    },
    get uniform(): number {
      return GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
    },
    get read(): number {
      return GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    },
  };
}

/**
 * Compute pipelines cached across architectures and runs, keyed by their WGSL text. A pipeline
 * is compiled when a kernel is first recorded (`get`, synchronous), or ahead of that (`prepare`,
 * through createComputePipelineAsync: off the queue's path, while another network trains).
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly preparing = new Map<string, Promise<void>>();
  /** Pipelines compiled when first recorded (a cache miss each). */
  compiled = 0;
  /** Milliseconds spent in those synchronous compilations (the hot path's share). */
  compileMs = 0;
  /** Pipelines compiled ahead by `prepare` and ready before they were recorded. */
  compiledAhead = 0;

  constructor(private readonly device: GPUDevice) {}

  get(label: string, code: string): GPUComputePipeline {
    let pipeline = this.pipelines.get(code);
    if (!pipeline) {
      const t0 = performance.now();
      const module = this.device.createShaderModule({ label, code });
      pipeline = this.device.createComputePipeline({
        label,
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
      });
      this.compileMs += performance.now() - t0;
      this.pipelines.set(code, pipeline);
      this.compiled++;
    }
    return pipeline;
  }

  /**
   * Compiles `code` in the background unless it is cached or on its way; resolves when it is
   * ready. A failure is left to `get`, which reports it where the kernel is recorded.
   */
  prepare(label: string, code: string): Promise<void> {
    if (this.pipelines.has(code)) return Promise.resolve();
    let ready = this.preparing.get(code);
    if (!ready) {
      const module = this.device.createShaderModule({ label, code });
      ready = this.device
        .createComputePipelineAsync({ label, layout: 'auto', compute: { module, entryPoint: 'main' } })
        .then(
          (pipeline) => {
            if (this.pipelines.has(code)) return; // recorded meanwhile, compiled on the spot
            this.pipelines.set(code, pipeline);
            this.compiledAhead++;
          },
          () => {},
        )
        .finally(() => this.preparing.delete(code));
      this.preparing.set(code, ready);
    }
    return ready;
  }

  /** Whether `code` is compiled (by `get` or a finished `prepare`). */
  has(code: string): boolean {
    return this.pipelines.has(code);
  }

  get size(): number {
    return this.pipelines.size;
  }
}

/** Rounds a float count up to a multiple of 64 floats (256 bytes, the storage offset alignment). */
export const align64 = (floats: number): number => Math.ceil(floats / 64) * 64;

/**
 * Owns the GPU buffers of one network or test: storage tensors, uniform blocks and read-back
 * buffers. Freed buffers of the same byte size are reused; `destroy` releases everything.
 */
export class BufferArena {
  private readonly owned: GPUBuffer[] = [];
  private readonly free = new Map<string, GPUBuffer[]>();

  constructor(private readonly device: GPUDevice) {}

  private buffer(bytes: number, usage: number): GPUBuffer {
    const key = `${usage}:${bytes}`;
    const reused = this.free.get(key)?.pop();
    if (reused) return reused;
    const buffer = this.device.createBuffer({ size: bytes, usage });
    this.owned.push(buffer);
    return buffer;
  }

  /** A zero-initialised tensor of `shape` in its own buffer. */
  tensor(shape: number[], data?: ArrayLike<number>): GpuTensor {
    const size = shape.reduce((a, b) => a * b, 1);
    const buffer = this.buffer(Math.max(16, align64(size) * 4), STORAGE.storage);
    if (data) {
      if (data.length !== size)
        throw new Error(`tensor data has ${data.length} values, shape ${shape} needs ${size}`);
      this.device.queue.writeBuffer(buffer, 0, Float32Array.from(data));
    } else {
      this.device.queue.writeBuffer(buffer, 0, new Float32Array(align64(size)));
    }
    return { buffer, offset: 0, size, shape };
  }

  /** A uniform block holding `words` (4-byte words, padded to 16 bytes). */
  uniform(words: ArrayBuffer): GPUBuffer {
    const bytes = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    const buffer = this.buffer(bytes, STORAGE.uniform);
    this.device.queue.writeBuffer(buffer, 0, words);
    return buffer;
  }

  /** A mappable buffer for read-back. */
  readback(bytes: number): GPUBuffer {
    return this.buffer(Math.max(16, Math.ceil(bytes / 16) * 16), STORAGE.read);
  }

  /** Returns a buffer to the pool for reuse by a later allocation of the same size. */
  release(buffer: GPUBuffer): void {
    const key = `${buffer.usage}:${buffer.size}`;
    const list = this.free.get(key) ?? [];
    list.push(buffer);
    this.free.set(key, list);
  }

  /** Bytes held by this arena. */
  get bytes(): number {
    return this.owned.reduce((s, b) => s + b.size, 0);
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
    this.free.clear();
  }
}

/** Packs uniform fields (u32 unless listed in `floats`) in order into 4-byte words. */
export function packUniforms(fields: Record<string, number>, floats: readonly string[] = []): ArrayBuffer {
  const names = Object.keys(fields);
  const words = new ArrayBuffer(Math.max(16, Math.ceil(names.length / 4) * 16));
  const u32 = new Uint32Array(words);
  const f32 = new Float32Array(words);
  names.forEach((name, i) => {
    const v = fields[name]!;
    if (floats.includes(name)) f32[i] = v;
    else {
      if (!Number.isInteger(v) || v < 0)
        throw new Error(`uniform ${name} must be a non-negative integer, got ${v}`);
      u32[i] = v;
    }
  });
  return words;
}

/** The WGSL struct declaration matching `packUniforms(fields, floats)`. */
export function uniformStruct(fields: Record<string, number>, floats: readonly string[] = []): string {
  const names = Object.keys(fields);
  const body = names.map((n) => `  ${n}: ${floats.includes(n) ? 'f32' : 'u32'},`).join('\n');
  return `struct P {\n${body}\n}\n@group(0) @binding(0) var<uniform> p: P;\n`;
}

/** Workgroup counts covering `threads` invocations of 256, folded into 2D past 65,535. */
export function grid(threads: number, perGroup = 256): [number, number, number] {
  const groups = Math.max(1, Math.ceil(threads / perGroup));
  if (groups <= 65535) return [groups, 1, 1];
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y, 1];
}

/** WGSL prelude of a 1D kernel over `p.n` elements laid out by `grid`. */
export const LINEAR_MAIN = `@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.y * nwg.x * 256u + gid.x;
  if (i >= p.n) { return; }
  body(i);
}
`;

/** The device, the pipeline cache shared by every network, and a recorder factory. */
export class GpuEngine {
  readonly pipelines: PipelineCache;

  constructor(
    readonly device: GPUDevice,
    /** Adapter description for reports. */
    readonly adapter: string,
  ) {
    this.pipelines = new PipelineCache(device);
  }

  /** Encodes `dispatches` into one compute pass, optionally followed by copies, and submits once. */
  submit(dispatches: readonly Dispatch[], after?: (encoder: GPUCommandEncoder) => void): void {
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (const d of dispatches) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
    }
    pass.end();
    after?.(encoder);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Reads a tensor back (waits for the queue). */
  async read(arena: BufferArena, t: GpuTensor): Promise<Float32Array> {
    const staging = arena.readback(t.size * 4);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(t.buffer, t.offset * 4, staging, 0, Math.ceil((t.size * 4) / 4) * 4);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(staging.getMappedRange(0, t.size * 4).slice(0));
    staging.unmap();
    arena.release(staging);
    return out;
  }
}

/** Records kernel launches of one plan (a forward pass, a training step) as reusable dispatches. */
export class Recorder {
  readonly dispatches: Dispatch[] = [];

  constructor(
    readonly engine: GpuEngine,
    readonly arena: BufferArena,
  ) {}

  /**
   * Records one launch: binding 0 is the uniform block (when `uniforms` is given), then the
   * tensors and raw buffers in order from binding 1.
   */
  launch(
    label: string,
    code: string,
    uniforms: ArrayBuffer | null,
    bindings: readonly (GpuTensor | GPUBuffer)[],
    workgroups: [number, number, number],
  ): void {
    const pipeline = this.engine.pipelines.get(label, code);
    const entries: GPUBindGroupEntry[] = [];
    if (uniforms) entries.push({ binding: 0, resource: { buffer: this.arena.uniform(uniforms) } });
    bindings.forEach((b, i) => {
      const resource: GPUBufferBinding =
        'shape' in b
          ? { buffer: b.buffer, offset: b.offset * 4, size: Math.max(4, b.size * 4) }
          : { buffer: b };
      entries.push({ binding: i + 1, resource });
    });
    const bindGroup = this.engine.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    this.dispatches.push({ label, pipeline, bindGroup, workgroups });
  }

  /** Submits every recorded dispatch in one command buffer. */
  run(): void {
    this.engine.submit(this.dispatches);
  }
}
