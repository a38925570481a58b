/**
 * A MetaQNN `layers` chain (conv SAME + ReLU, max pool VALID, FC + ReLU, GAP, optional dropout
 * after every 2 layers, dense softmax; the same network as src/train/model.ts builds in tfjs)
 * trained entirely on the
 * engine's kernels. The whole training step (forward, softmax cross-entropy, backward, one fused
 * optimizer update over one flat parameter buffer) is recorded once and submitted as one command
 * buffer per step; the loss and correct count are copied into a ring on the GPU and read back
 * only when asked (every k steps), so the CPU never waits on the GPU inside the loop.
 */
import type { Architecture, LayersArchitecture } from '../nas/architecture';
import { Rng } from '../nas/rng';
import { dropoutRates } from '../train/model';
import {
  columnSum,
  conv2d,
  conv2dBackwardData,
  conv2dBackwardFilter,
  convGeometry,
  dense,
  denseBackwardData,
  denseBackwardFilter,
  type ConvGeometry,
} from './conv';
import { align64, BufferArena, Recorder, type GpuEngine, type GpuTensor } from './engine';
import * as ops from './ops';

export type Optimizer =
  { kind: 'adam'; learningRate: number } | { kind: 'sgd'; learningRate: number; momentum: number };

export interface LayersNetOptions {
  /** Input image shape [height, width, channels]. */
  inputShape: [number, number, number];
  /** Images per training step. */
  batch: number;
  optimizer: Optimizer;
  /** Seed of the Glorot-uniform initialisation (replace with setWeights to start from tfjs's). */
  seed: number;
  /** Training steps whose loss the GPU keeps until `readStats` (the read-back interval k). */
  statsRing?: number;
  /**
   * Dropout after every 2 layers at src/train/model.ts's rates (SPEC §2), in training steps
   * only; its masks are drawn on the GPU from `dropoutSeed` and the step number.
   */
  dropout?: boolean;
  /** Seed of the dropout masks (default 0). */
  dropoutSeed?: number;
}

/** One trainable layer of the chain: its kernel and bias as views of the flat parameter buffer. */
interface ParamLayer {
  kernel: GpuTensor;
  bias: GpuTensor;
  kernelGrad: GpuTensor;
  biasGrad: GpuTensor;
}

type Op =
  | { kind: 'conv'; g: ConvGeometry; p: ParamLayer }
  | { kind: 'pool'; g: ops.PoolGeometry }
  | { kind: 'dense'; inputs: number; units: number; relu: boolean; p: ParamLayer }
  | { kind: 'gap' }
  | { kind: 'dropout'; rate: number; salt: number };

/** Statistics of the steps since the last read-back. */
export interface StepStats {
  /** Mean cross-entropy of each step's batch. */
  losses: number[];
  /** Correctly classified images of each step's batch. */
  correct: number[];
}

const ADAM_EPSILON = 1e-7; // tfjs's float32 backend epsilon, Adam's default

/** Why the engine cannot train a network the way the tfjs path does (then tfjs trains it). */
export type Unsupported = { code: 'space'; message: string };

/**
 * Whether `LayersNet` trains `arch` as src/train/model.ts builds it: `layers` chains only, with
 * or without dropout (its masks are the engine's own draws, not tfjs's). Never approximated.
 */
export function layersNetSupport(
  arch: Architecture,
): { ok: true; arch: LayersArchitecture } | { ok: false; unsupported: Unsupported } {
  if (arch.space !== 'layers')
    return {
      ok: false,
      unsupported: {
        code: 'space',
        message: `the engine trains MetaQNN chains only, not the '${arch.space}' space`,
      },
    };
  return { ok: true, arch: arch.layers };
}

interface Plan {
  rec: Recorder;
  x: GpuTensor;
  labels: GpuTensor;
  stats: GpuTensor;
}

export class LayersNet {
  private readonly arena: BufferArena;
  private readonly ops: Op[] = [];
  private readonly params: GpuTensor;
  private readonly grads: GpuTensor;
  private readonly layers: ParamLayer[] = [];
  /** Forward-only plans by batch size (evaluation). */
  private readonly plans = new Map<number, Plan>();
  /** Training plans by batch size: the configured batch, and an epoch's shorter last batch. */
  private readonly trainPlans = new Map<number, Plan>();
  private readonly train: Plan;
  /** Optimizer state shared by every training plan (Adam moments or SGD velocity). */
  private optimizerState: { m: GpuTensor; v: GpuTensor } | { velocity: GpuTensor } | null = null;
  private readonly ring: GpuTensor;
  private readonly ringSize: number;
  private adamHyper: GPUBuffer | null = null;
  /** Dropout's per-step seed uniform, when the chain has dropout. */
  private dropoutSeed: GPUBuffer | null = null;
  private steps = 0;
  private pending = 0;
  private learningRate: number;
  /** Input floats per image. */
  readonly imageSize: number;
  readonly classes: number;

  constructor(
    readonly engine: GpuEngine,
    arch: LayersArchitecture,
    readonly options: LayersNetOptions,
  ) {
    this.arena = new BufferArena(engine.device);
    this.learningRate = options.optimizer.learningRate;
    this.classes = arch.classes;
    const [h, w, c] = options.inputShape;
    this.imageSize = h * w * c;
    // Shapes and parameter offsets first: one flat buffer, each tensor 256-byte aligned.
    const shapes: number[][] = [];
    let shape = [options.batch, h, w, c];
    const addParams = (kernelShape: number[], units: number) => {
      shapes.push(kernelShape, [units]);
    };
    const plan: (
      | { kind: 'conv'; g: ConvGeometry }
      | { kind: 'pool'; g: ops.PoolGeometry }
      | { kind: 'dense'; inputs: number; units: number; relu: boolean }
      | { kind: 'gap' }
      | { kind: 'dropout'; rate: number; salt: number }
    )[] = [];
    const rates = options.dropout ? dropoutRates(arch.layers.length) : new Map<number, number>();
    const flatten = () => {
      if (shape.length === 4) shape = [shape[0]!, shape[1]! * shape[2]! * shape[3]!];
    };
    arch.layers.forEach((layer, i) => {
      switch (layer.kind) {
        case 'conv': {
          if (shape.length !== 4)
            throw new Error(`layer ${i + 1} C(${layer.filters},${layer.size},1) needs a feature map`);
          const kernel = [layer.size, layer.size, shape[3]!, layer.filters];
          const g = convGeometry(shape, kernel, layer.stride, 'same');
          plan.push({ kind: 'conv', g });
          addParams(kernel, layer.filters);
          shape = [g.N, g.OH, g.OW, g.F];
          break;
        }
        case 'pool': {
          if (shape.length !== 4)
            throw new Error(`layer ${i + 1} P(${layer.size},${layer.stride}) needs a feature map`);
          if (shape[1]! < layer.size || shape[2]! < layer.size)
            throw new Error(
              `layer ${i + 1} P(${layer.size},${layer.stride}) does not fit a ${shape[1]}x${shape[2]} feature map`,
            );
          const g = ops.poolGeometry(shape, layer.size, layer.stride, 'valid');
          plan.push({ kind: 'pool', g });
          shape = [g.N, g.OH, g.OW, g.C];
          break;
        }
        case 'fc':
          flatten();
          plan.push({ kind: 'dense', inputs: shape[1]!, units: layer.units, relu: true });
          addParams([shape[1]!, layer.units], layer.units);
          shape = [shape[0]!, layer.units];
          break;
        case 'gap':
          if (shape.length !== 4) throw new Error(`layer ${i + 1} GAP needs a feature map`);
          plan.push({ kind: 'gap' });
          shape = [shape[0]!, shape[3]!];
          break;
      }
      const rate = rates.get(i + 1);
      if (rate !== undefined) plan.push({ kind: 'dropout', rate, salt: i + 1 });
    });
    flatten();
    plan.push({ kind: 'dense', inputs: shape[1]!, units: arch.classes, relu: false });
    addParams([shape[1]!, arch.classes], arch.classes);

    const offsets: number[] = [];
    let total = 0;
    for (const s of shapes) {
      offsets.push(total);
      total += align64(s.reduce((a, b) => a * b, 1));
    }
    this.params = this.arena.tensor([total]);
    this.grads = this.arena.tensor([total]);
    const view = (base: GpuTensor, i: number): GpuTensor => ({
      buffer: base.buffer,
      offset: offsets[i]!,
      size: shapes[i]!.reduce((a, b) => a * b, 1),
      shape: shapes[i]!,
    });
    let paramIndex = 0;
    for (const step of plan) {
      if (step.kind === 'conv' || step.kind === 'dense') {
        const p: ParamLayer = {
          kernel: view(this.params, paramIndex),
          bias: view(this.params, paramIndex + 1),
          kernelGrad: view(this.grads, paramIndex),
          biasGrad: view(this.grads, paramIndex + 1),
        };
        paramIndex += 2;
        this.layers.push(p);
        this.ops.push({ ...step, p });
      } else this.ops.push(step);
    }
    this.initGlorot(options.seed);
    this.ringSize = options.statsRing ?? 16;
    this.ring = this.arena.tensor([this.ringSize, 2]);
    this.train = this.record(options.batch, true);
    this.trainPlans.set(options.batch, this.train);
  }

  /** Glorot-uniform kernels (limit sqrt(6 / (fanIn + fanOut))), zero biases. */
  private initGlorot(seed: number): void {
    const rng = new Rng(seed);
    this.setWeights(
      this.layers.flatMap(({ kernel, bias }) => {
        const s = kernel.shape;
        const receptive = s.length === 4 ? s[0]! * s[1]! : 1;
        const fanIn = receptive * s[s.length - 2]!;
        const fanOut = receptive * s[s.length - 1]!;
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        return [
          Float32Array.from({ length: kernel.size }, () => (2 * rng.next() - 1) * limit),
          new Float32Array(bias.size),
        ];
      }),
    );
  }

  /** Kernel and bias of every conv/dense layer in order, as tfjs's model.getWeights() lists them. */
  setWeights(weights: readonly Float32Array[]): void {
    if (weights.length !== this.layers.length * 2)
      throw new Error(`expected ${this.layers.length * 2} weight tensors, got ${weights.length}`);
    this.layers.forEach(({ kernel, bias }, i) => {
      for (const [t, data] of [
        [kernel, weights[2 * i]!],
        [bias, weights[2 * i + 1]!],
      ] as const) {
        if (data.length !== t.size)
          throw new Error(`weight ${t.shape} needs ${t.size} values, got ${data.length}`);
        this.engine.device.queue.writeBuffer(t.buffer, t.offset * 4, Float32Array.from(data));
      }
    });
  }

  /** Kernel and bias of every layer, read back. */
  async getWeights(): Promise<Float32Array[]> {
    const flat = await this.engine.read(this.arena, this.params);
    return this.layers.flatMap(({ kernel, bias }) => [
      flat.slice(kernel.offset, kernel.offset + kernel.size),
      flat.slice(bias.offset, bias.offset + bias.size),
    ]);
  }

  /** Trainable parameter count. */
  get parameterCount(): number {
    return this.layers.reduce((s, l) => s + l.kernel.size + l.bias.size, 0);
  }

  /** Records the forward pass, the loss and (when `backward`) the gradients and the update. */
  private record(batch: number, backward: boolean): Plan {
    const rec = new Recorder(this.engine, this.arena);
    const t = (shape: number[]) => this.arena.tensor(shape);
    const [h, w, c] = this.options.inputShape;
    const x = t([batch, h, w, c]);
    const labels = t([batch]);
    const stats = t([2]);
    const withBatch = <G extends { N: number }>(g: G): G => ({ ...g, N: batch });
    // Forward: activations[i] is the output of op i; argmax kept for max pools.
    const activations: GpuTensor[] = [];
    const argmaxes: (GpuTensor | null)[] = [];
    let input = x;
    for (const op of this.ops) {
      let out: GpuTensor;
      let argmax: GpuTensor | null = null;
      switch (op.kind) {
        case 'conv': {
          const g = withBatch(op.g);
          out = t([batch, g.OH, g.OW, g.F]);
          conv2d(rec, input, op.p.kernel, op.p.bias, out, g, true);
          break;
        }
        case 'pool': {
          const g = withBatch(op.g);
          out = t([batch, g.OH, g.OW, g.C]);
          argmax = t([out.size]);
          ops.maxPool(rec, input, out, argmax, g);
          break;
        }
        case 'dense':
          out = t([batch, op.units]);
          dense(rec, { ...input, shape: [batch, op.inputs] }, op.p.kernel, op.p.bias, out, op.relu);
          break;
        case 'gap':
          out = t([batch, input.shape[3]!]);
          ops.globalAvgPool(rec, input, out);
          break;
        case 'dropout':
          // Evaluation keeps every unit (inverted dropout scales in training only).
          if (!backward) out = input;
          else {
            this.dropoutSeed ??= this.arena.uniform(new ArrayBuffer(16));
            out = t(input.shape);
            ops.dropout(rec, input, out, op.rate, op.salt, this.dropoutSeed);
          }
          break;
      }
      activations.push(out);
      argmaxes.push(argmax);
      input = out;
    }
    const logits = input;
    const dlogits = t(logits.shape);
    ops.softmaxCrossEntropy(rec, logits, labels, dlogits, stats);
    if (backward) {
      let dy = dlogits;
      for (let i = this.ops.length - 1; i >= 0; i--) {
        const op = this.ops[i]!;
        const opInput = i === 0 ? x : activations[i - 1]!;
        const needDx = i > 0;
        const dx = needDx ? t(opInput.shape) : null;
        switch (op.kind) {
          case 'conv': {
            const g = withBatch(op.g);
            ops.reluBackward(rec, activations[i]!, dy);
            conv2dBackwardFilter(rec, opInput, dy, op.p.kernelGrad, g);
            columnSum(rec, dy, op.p.biasGrad);
            if (dx) conv2dBackwardData(rec, dy, op.p.kernel, dx, g);
            break;
          }
          case 'pool':
            if (dx) ops.maxPoolBackward(rec, dy, argmaxes[i]!, dx, withBatch(op.g));
            break;
          case 'dense': {
            if (op.relu) ops.reluBackward(rec, activations[i]!, dy);
            const flatInput = { ...opInput, shape: [batch, op.inputs] };
            denseBackwardFilter(rec, flatInput, dy, op.p.kernelGrad);
            columnSum(rec, dy, op.p.biasGrad);
            if (dx) denseBackwardData(rec, dy, op.p.kernel, { ...dx, shape: [batch, op.inputs] });
            break;
          }
          case 'gap':
            if (dx) ops.globalAvgPoolBackward(rec, dy, dx);
            break;
          case 'dropout':
            // The same mask (same salt, seed and step) on the gradient: dx = keep ? dy / (1 - p) : 0.
            if (dx) ops.dropout(rec, dy, dx, op.rate, op.salt, this.dropoutSeed!);
            break;
        }
        if (dx) dy = dx;
      }
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
    return { rec, x, labels, stats };
  }

  private upload(
    plan: { x: GpuTensor; labels: GpuTensor },
    images: Float32Array,
    labels: Int32Array,
    batch: number,
  ): void {
    if (images.length !== batch * this.imageSize || labels.length !== batch)
      throw new Error(`a batch of ${batch} needs ${batch * this.imageSize} pixels and ${batch} labels`);
    this.engine.device.queue.writeBuffer(
      plan.x.buffer,
      0,
      images.buffer,
      images.byteOffset,
      images.byteLength,
    );
    this.engine.device.queue.writeBuffer(
      plan.labels.buffer,
      0,
      labels.buffer,
      labels.byteOffset,
      labels.byteLength,
    );
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
    const opt = this.options.optimizer;
    if (opt.kind === 'adam' && this.adamHyper)
      this.engine.device.queue.writeBuffer(
        this.adamHyper,
        0,
        ops.adamHyper(this.learningRate, 0.9, 0.999, ADAM_EPSILON, this.steps),
      );
    if (this.dropoutSeed)
      this.engine.device.queue.writeBuffer(
        this.dropoutSeed,
        0,
        ops.dropoutSeed(this.options.dropoutSeed ?? 0, this.steps),
      );
    const slot = this.pending++;
    this.engine.submit(plan.rec.dispatches, (encoder) =>
      encoder.copyBufferToBuffer(plan.stats.buffer, 0, this.ring.buffer, slot * 8, 8),
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

  dispose(): void {
    this.arena.destroy();
  }
}
