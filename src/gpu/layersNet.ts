/**
 * A MetaQNN `layers` chain (conv SAME + ReLU, max pool VALID, FC + ReLU, GAP, optional dropout
 * after every 2 layers, dense softmax; the same network as src/train/model.ts builds in tfjs)
 * trained entirely on the
 * engine's kernels, built from the architecture itself (its own Glorot initialisation, or tfjs's
 * weights through setWeights). The step, the read-back ring and evaluation are TrainableNet's.
 */
import type { LayersArchitecture } from '../nas/architecture';
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
import type { GpuEngine, GpuTensor, Recorder } from './engine';
import * as ops from './ops';
import { TrainableNet, type PassIo, type TrainableNetOptions } from './trainableNet';

export type { Optimizer, StepStats } from './trainableNet';

export interface LayersNetOptions extends TrainableNetOptions {
  /** Seed of the Glorot-uniform initialisation (replace with setWeights to start from tfjs's). */
  seed: number;
  /**
   * Dropout after every 2 layers at src/train/model.ts's rates (SPEC §2), in training steps
   * only; its masks are drawn on the GPU from `dropoutSeed` and the step number.
   */
  dropout?: boolean;
}

/** One trainable layer of the chain: its kernel and bias as views of the flat parameter buffer. */
interface ParamLayer {
  kernel: GpuTensor;
  bias: GpuTensor;
  kernelGrad: GpuTensor;
  biasGrad: GpuTensor;
}

type Step =
  | { kind: 'conv'; g: ConvGeometry }
  | { kind: 'pool'; g: ops.PoolGeometry }
  | { kind: 'dense'; inputs: number; units: number; relu: boolean }
  | { kind: 'gap' }
  | { kind: 'dropout'; rate: number; salt: number };

type Op =
  Exclude<Step, { kind: 'conv' | 'dense' }> | (Extract<Step, { kind: 'conv' | 'dense' }> & { p: ParamLayer });

export class LayersNet extends TrainableNet {
  private readonly ops: Op[] = [];
  private readonly layers: ParamLayer[] = [];

  constructor(
    engine: GpuEngine,
    arch: LayersArchitecture,
    override readonly options: LayersNetOptions,
  ) {
    super(engine, options, arch.classes);
    const [h, w, c] = options.inputShape;
    // Shapes and parameter offsets first: one flat buffer, each tensor 256-byte aligned.
    const shapes: number[][] = [];
    let shape = [options.batch, h, w, c];
    const addParams = (kernelShape: number[], units: number) => {
      shapes.push(kernelShape, [units]);
    };
    const plan: Step[] = [];
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

    const { values, grads } = this.allocateParameters(shapes);
    let paramIndex = 0;
    for (const step of plan) {
      if (step.kind === 'conv' || step.kind === 'dense') {
        const p: ParamLayer = {
          kernel: values[paramIndex]!,
          bias: values[paramIndex + 1]!,
          kernelGrad: grads[paramIndex]!,
          biasGrad: grads[paramIndex + 1]!,
        };
        paramIndex += 2;
        this.layers.push(p);
        this.ops.push({ ...step, p });
      } else this.ops.push(step);
    }
    this.initGlorot(options.seed);
    this.finishSetup();
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
      this.writeTensor(kernel, weights[2 * i]!);
      this.writeTensor(bias, weights[2 * i + 1]!);
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

  /** Records the chain's forward pass, the loss and (when `backward`) the gradients. */
  protected recordPass(rec: Recorder, { x, labels, stats }: PassIo, batch: number, backward: boolean): void {
    const t = (shape: number[]) => this.arena.tensor(shape);
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
            out = t(input.shape);
            ops.dropout(rec, input, out, op.rate, op.salt, this.dropoutSeed());
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
            if (dx) ops.dropout(rec, dy, dx, op.rate, op.salt, this.dropoutSeed());
            break;
        }
        if (dx) dy = dx;
      }
    }
  }
}
