/**
 * What every network trained on the engine shares (layersNet.ts for MetaQNN chains, graphNet.ts
 * for converted tfjs graphs): one flat parameter buffer and its gradients, the recorded training
 * step (forward, softmax cross-entropy, backward, one fused optimizer update) submitted as one
 * command buffer per step, a ring on the GPU that keeps each step's loss and correct count until
 * they are read back (every k steps), and evaluation in chunks. A subclass records its forward
 * and backward passes (`recordPass`); the optimizer and the bookkeeping are here.
 */
import { align64, BufferArena, Recorder, type Dispatch, type GpuEngine, type GpuTensor } from './engine';
import * as ops from './ops';

export type Optimizer =
  { kind: 'adam'; learningRate: number } | { kind: 'sgd'; learningRate: number; momentum: number };

export interface TrainableNetOptions {
  /** Input image shape [height, width, channels]. */
  inputShape: [number, number, number];
  /** Images per training step. */
  batch: number;
  optimizer: Optimizer;
  /** Training steps whose loss the GPU keeps until `readStats` (the read-back interval k). */
  statsRing?: number;
  /** Seed of the dropout masks, when the network has dropout (default 0). */
  dropoutSeed?: number;
}

/** Statistics of the steps since the last read-back. */
export interface StepStats {
  /** Mean cross-entropy of each step's batch. */
  losses: number[];
  /** Correctly classified images of each step's batch. */
  correct: number[];
}

/** The tensors a recorded pass reads and writes: the batch in, the loss and correct count out. */
export interface PassIo {
  x: GpuTensor;
  labels: GpuTensor;
  stats: GpuTensor;
}

interface Plan extends PassIo {
  rec: Recorder;
}

const ADAM_EPSILON = 1e-7; // tfjs's float32 backend epsilon, Adam's default

export abstract class TrainableNet {
  protected readonly arena: BufferArena;
  /** Trainable parameters, flat; `allocateParameters` lays them out. */
  protected params!: GpuTensor;
  protected grads!: GpuTensor;
  /** Forward-only plans by batch size (evaluation). */
  private readonly plans = new Map<number, Plan>();
  /** Training plans by batch size: the configured batch, and an epoch's shorter last batch. */
  private readonly trainPlans = new Map<number, Plan>();
  private train!: Plan;
  /** Optimizer state shared by every training plan (Adam moments or SGD velocity). */
  private optimizerState: { m: GpuTensor; v: GpuTensor } | { velocity: GpuTensor } | null = null;
  private ring!: GpuTensor;
  private ringSize = 16;
  private adamHyper: GPUBuffer | null = null;
  /** Dropout's per-step seed uniform, once a pass asks for it. */
  private dropoutSeedBuffer: GPUBuffer | null = null;
  private steps = 0;
  private pending = 0;
  private learningRate: number;
  /** Input floats per image. */
  readonly imageSize: number;

  constructor(
    readonly engine: GpuEngine,
    readonly options: TrainableNetOptions,
    readonly classes: number,
  ) {
    this.arena = new BufferArena(engine.device);
    this.learningRate = options.optimizer.learningRate;
    const [h, w, c] = options.inputShape;
    this.imageSize = h * w * c;
  }

  /**
   * One flat buffer for `shapes` (each tensor 256-byte aligned), returned as views; with
   * `trainable` (the default) it becomes the optimizer's parameters and gets a gradient buffer.
   */
  protected allocateParameters(
    shapes: readonly number[][],
    trainable = true,
  ): { base: GpuTensor; values: GpuTensor[]; grads: GpuTensor[] } {
    const offsets: number[] = [];
    let total = 0;
    for (const s of shapes) {
      offsets.push(total);
      total += align64(s.reduce((a, b) => a * b, 1));
    }
    const base = this.arena.tensor([Math.max(total, 1)]);
    const grads = trainable ? this.arena.tensor([Math.max(total, 1)]) : null;
    if (trainable) {
      this.params = base;
      this.grads = grads!;
    }
    const view = (buffer: GpuTensor, i: number): GpuTensor => ({
      buffer: buffer.buffer,
      offset: offsets[i]!,
      size: shapes[i]!.reduce((a, b) => a * b, 1),
      shape: [...shapes[i]!],
    });
    return {
      base,
      values: shapes.map((_, i) => view(base, i)),
      grads: grads ? shapes.map((_, i) => view(grads, i)) : [],
    };
  }

  /** Records the training step; a subclass calls it last in its constructor. */
  protected finishSetup(): void {
    this.ringSize = this.options.statsRing ?? 16;
    this.ring = this.arena.tensor([this.ringSize, 2]);
    this.train = this.record(this.options.batch, true);
    this.trainPlans.set(this.options.batch, this.train);
  }

  /**
   * Records the plans of these batch sizes now rather than on first use: training steps of
   * `train` images and evaluation chunks of `evaluate` images (sizes already recorded are kept).
   */
  recordPlans(train: readonly number[], evaluate: readonly number[]): void {
    for (const size of train)
      if (!this.trainPlans.has(size)) this.trainPlans.set(size, this.record(size, true));
    for (const size of evaluate) if (!this.plans.has(size)) this.plans.set(size, this.record(size, false));
  }

  /** Writes `data` into tensor `t` (a view of a parameter buffer), checking its length. */
  protected writeTensor(t: GpuTensor, data: ArrayLike<number>): void {
    if (data.length !== t.size)
      throw new Error(`weight ${t.shape} needs ${t.size} values, got ${data.length}`);
    this.engine.device.queue.writeBuffer(t.buffer, t.offset * 4, Float32Array.from(data));
  }

  /** The 16-byte uniform of dropout's (seed, step), rewritten before each step. */
  protected dropoutSeed(): GPUBuffer {
    this.dropoutSeedBuffer ??= this.arena.uniform(new ArrayBuffer(16));
    return this.dropoutSeedBuffer;
  }

  /**
   * Records the forward pass of `io.x` (`batch` images), softmax cross-entropy against
   * `io.labels` into `io.stats`, and, when `backward`, every parameter gradient into `grads`.
   */
  protected abstract recordPass(rec: Recorder, io: PassIo, batch: number, backward: boolean): void;

  /** Every weight, in the order of the tfjs model's getWeights(). */
  abstract getWeights(): Promise<Float32Array[]>;

  /** Weights of the network as tfjs's countParams counts them. */
  abstract get parameterCount(): number;

  /** Records the passes and (when `backward`) the optimizer update. */
  private record(batch: number, backward: boolean): Plan {
    const rec = new Recorder(this.engine, this.arena);
    const t = (shape: number[]) => this.arena.tensor(shape);
    const [h, w, c] = this.options.inputShape;
    const io = { x: t([batch, h, w, c]), labels: t([batch]), stats: t([2]) };
    this.recordPass(rec, io, batch, backward);
    if (backward) {
      const opt = this.options.optimizer;
      if (opt.kind === 'adam') {
        this.adamHyper ??= this.arena.uniform(new ArrayBuffer(32));
        this.optimizerState ??= { m: t([this.params.size]), v: t([this.params.size]) };
        const state = this.optimizerState as { m: GpuTensor; v: GpuTensor };
        ops.adam(rec, this.params, this.grads, { m: state.m, v: state.v, hyper: this.adamHyper });
      } else {
        this.optimizerState ??= { velocity: t([this.params.size]) };
        const state = this.optimizerState as { velocity: GpuTensor };
        ops.sgd(rec, this.params, this.grads, state.velocity, opt.learningRate, opt.momentum);
      }
    }
    return { rec, ...io };
  }

  private upload(plan: PassIo, images: Float32Array, labels: Int32Array, batch: number): void {
    if (images.length !== batch * this.imageSize || labels.length !== batch)
      throw new Error(`a batch of ${batch} needs ${batch * this.imageSize} pixels and ${batch} labels`);
    const queue = this.engine.device.queue;
    queue.writeBuffer(plan.x.buffer, 0, images.buffer, images.byteOffset, images.byteLength);
    queue.writeBuffer(plan.labels.buffer, 0, labels.buffer, labels.byteOffset, labels.byteLength);
  }

  /**
   * One training step on a batch (NHWC pixels, integer labels): one submit, no read-back. The
   * batch is `options.batch` images, or fewer (an epoch's last batch: recorded once on first use).
   */
  step(images: Float32Array, labels: Int32Array): void {
    if (this.pending === this.ringSize)
      throw new Error(`read the stats every ${this.ringSize} steps (readStats)`);
    const batch = labels.length;
    if (batch < 1 || batch > this.options.batch)
      throw new Error(`a training batch holds 1 to ${this.options.batch} images, got ${batch}`);
    let plan = this.trainPlans.get(batch);
    if (!plan) {
      plan = this.record(batch, true);
      this.trainPlans.set(batch, plan);
    }
    this.upload(plan, images, labels, batch);
    this.steps++;
    const queue = this.engine.device.queue;
    if (this.options.optimizer.kind === 'adam' && this.adamHyper)
      queue.writeBuffer(
        this.adamHyper,
        0,
        ops.adamHyper(this.learningRate, 0.9, 0.999, ADAM_EPSILON, this.steps),
      );
    if (this.dropoutSeedBuffer)
      queue.writeBuffer(
        this.dropoutSeedBuffer,
        0,
        ops.dropoutSeed(this.options.dropoutSeed ?? 0, this.steps),
      );
    const slot = this.pending++;
    const stats = plan.stats;
    this.engine.submit(plan.rec.dispatches, (encoder) =>
      encoder.copyBufferToBuffer(stats.buffer, 0, this.ring.buffer, slot * 8, 8),
    );
  }

  /** Steps taken and not yet read back by `readStats`. */
  get pendingSteps(): number {
    return this.pending;
  }

  /** Steps `readStats` can hold: read back at least this often. */
  get statsCapacity(): number {
    return this.ringSize;
  }

  /** Adam's learning rate from the next step on (its moments are kept, as tfjs's Adam keeps them). */
  setLearningRate(learningRate: number): void {
    if (this.options.optimizer.kind !== 'adam')
      throw new Error('only Adam reads its learning rate per step; SGD records it in the step');
    this.learningRate = learningRate;
  }

  /** Loss and correct count of every step since the last call (waits for the GPU). */
  async readStats(): Promise<StepStats> {
    const n = this.pending;
    const ring = await this.engine.read(this.arena, this.ring);
    this.pending = 0;
    const losses: number[] = [];
    const correct: number[] = [];
    for (let i = 0; i < n; i++) {
      losses.push(ring[2 * i]!);
      correct.push(ring[2 * i + 1]!);
    }
    return { losses, correct };
  }

  /**
   * Accuracy (arg-max equals the label) and mean loss per image over all images, in chunks of
   * `batch` and one shorter last chunk (its plan recorded once on first use).
   */
  async evaluate(
    images: Float32Array,
    labels: Int32Array,
    batch = this.options.batch,
  ): Promise<{ accuracy: number; loss: number; images: number }> {
    let correct = 0;
    let loss = 0;
    for (let start = 0; start < labels.length; start += batch) {
      const size = Math.min(batch, labels.length - start);
      let plan = this.plans.get(size);
      if (!plan) {
        plan = this.record(size, false);
        this.plans.set(size, plan);
      }
      this.upload(
        plan,
        images.subarray(start * this.imageSize, (start + size) * this.imageSize),
        labels.subarray(start, start + size),
        size,
      );
      plan.rec.run();
      const [l, c] = await this.engine.read(this.arena, plan.stats);
      loss += l! * size; // the kernel writes the chunk's mean loss
      correct += c!;
    }
    const n = labels.length;
    return { accuracy: n > 0 ? correct / n : 0, loss: n > 0 ? loss / n : 0, images: n };
  }

  /** Dispatches per training step (one command buffer). */
  get dispatchesPerStep(): number {
    return this.train.rec.dispatches.length;
  }

  /**
   * The recorded training step of the configured batch, in submission order (for profiling:
   * bench/engine-profile.ts submits them one by one). Running them changes the parameters.
   */
  get stepDispatches(): readonly Dispatch[] {
    return this.train.rec.dispatches;
  }

  dispose(): void {
    this.arena.destroy();
  }
}
