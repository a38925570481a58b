/**
 * A network converted from a tfjs LayersModel (graph.ts) trained on the engine's kernels: BlockQNN
 * blocks (ReLU-Conv-BN, pooling, add, concat), NAS-RL layers (zero-padded concat, conv-BN-ReLU),
 * NASNet cells (separable convs, dilation taps by cropping, factorized reduce) and MetaQNN chains. Forward in the model's layer order; backward in reverse, summing the
 * gradients of a tensor read by several layers. Batch norm trains on the batch's statistics and
 * updates its moving statistics inside the step, as tfjs does; evaluation uses the moving ones.
 * Weights come from, and go back to, the tfjs model (`model.getWeights()` order).
 */
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
import { depthwiseConv2d, depthwiseConv2dBackwardData, depthwiseConv2dBackwardFilter } from './depthwise';
import type { GpuEngine, GpuTensor, Recorder } from './engine';
import type { Graph, GraphNode } from './graph';
import * as graphOps from './graphOps';
import * as ops from './ops';
import { TrainableNet, type PassIo, type TrainableNetOptions } from './trainableNet';

/** What a node's forward pass leaves for its backward pass. */
interface Saved {
  g?: ConvGeometry;
  pool?: ops.PoolGeometry;
  argmax?: GpuTensor;
  mean?: GpuTensor;
  invStd?: GpuTensor;
  /** Partial results of a concat of more than two tensors. */
  partials?: GpuTensor[];
}

export class GraphNet extends TrainableNet {
  /** Each weight of the model (getWeights order) as a view of the parameter or statistics buffer. */
  private readonly values: GpuTensor[] = [];
  private readonly gradients: (GpuTensor | null)[] = [];
  private readonly statsBase: GpuTensor | null = null;

  constructor(
    engine: GpuEngine,
    readonly graph: Graph,
    options: TrainableNetOptions,
    /** The tfjs model's weights to start from (`model.getWeights()`). */
    weights: readonly Float32Array[],
  ) {
    super(engine, options, graph.classes);
    if (options.inputShape.join() !== graph.inputShape.join())
      throw new Error(`the graph takes [${graph.inputShape}] images, not [${options.inputShape}]`);
    const trainable = graph.weights.filter((w) => w.trainable);
    const fixed = graph.weights.filter((w) => !w.trainable);
    const params = this.allocateParameters(trainable.map((w) => w.shape));
    const stats =
      fixed.length > 0
        ? this.allocateParameters(
            fixed.map((w) => w.shape),
            false,
          )
        : null;
    this.statsBase = stats?.base ?? null;
    let [i, j] = [0, 0];
    for (const w of graph.weights) {
      if (w.trainable) {
        this.values.push(params.values[i]!);
        this.gradients.push(params.grads[i++]!);
      } else {
        this.values.push(stats!.values[j++]!);
        this.gradients.push(null);
      }
    }
    this.setWeights(weights);
    this.finishSetup();
  }

  /** Every weight, in `model.getWeights()` order (trainable ones, then batch norm's statistics). */
  setWeights(weights: readonly Float32Array[]): void {
    if (weights.length !== this.values.length)
      throw new Error(`expected ${this.values.length} weight tensors, got ${weights.length}`);
    this.values.forEach((t, i) => this.writeTensor(t, weights[i]!));
  }

  async getWeights(): Promise<Float32Array[]> {
    const params = await this.engine.read(this.arena, this.params);
    const stats = this.statsBase ? await this.engine.read(this.arena, this.statsBase) : null;
    return this.values.map((t, i) => {
      const from = this.gradients[i] ? params : stats!;
      return from.slice(t.offset, t.offset + t.size);
    });
  }

  /** Weights of the model, as tfjs's countParams counts them (batch norm's statistics included). */
  get parameterCount(): number {
    return this.values.reduce((s, t) => s + t.size, 0);
  }

  protected recordPass(rec: Recorder, io: PassIo, batch: number, backward: boolean): void {
    const t = (shape: number[]) => this.arena.tensor(shape);
    const full = (node: GraphNode) => [batch, ...node.shape];
    const nodes = this.graph.nodes;
    const out: GpuTensor[] = [];
    const saved: Saved[] = [];
    const w = (i: number) => this.values[i]!;
    nodes.forEach((node, i) => {
      const s: Saved = {};
      saved.push(s);
      if (node.kind === 'input') {
        out.push(io.x);
        return;
      }
      if (node.kind === 'add' || node.kind === 'concat') {
        let acc = out[node.inputs[0]!]!;
        s.partials = [acc];
        for (const k of node.inputs.slice(1)) {
          const b = out[k]!;
          const shape = [...acc.shape];
          if (node.kind === 'concat') shape[shape.length - 1]! += b.shape[b.shape.length - 1]!;
          const y = t(shape);
          if (node.kind === 'add') ops.add(rec, acc, b, y);
          else ops.concatChannels(rec, acc, b, y);
          s.partials.push(y);
          acc = y;
        }
        out.push(acc);
        return;
      }
      const a = out[node.input]!;
      let y: GpuTensor;
      switch (node.kind) {
        case 'conv': {
          const kernel = w(node.kernel);
          s.g = convGeometry(a.shape, kernel.shape, node.stride, node.padding);
          y = t(full(node));
          conv2d(rec, a, kernel, node.bias === null ? null : w(node.bias), y, s.g, node.relu);
          break;
        }
        case 'relu':
          y = t(a.shape);
          graphOps.relu(rec, a, y);
          break;
        case 'batchNorm':
          y = t(a.shape);
          if (backward) {
            const C = a.shape[a.shape.length - 1]!;
            s.mean = t([C]);
            s.invStd = t([C]);
            ops.batchNorm(rec, a, w(node.gamma), w(node.beta), y, s.mean, s.invStd, node.epsilon);
            graphOps.batchNormMovingUpdate(
              rec,
              s.mean,
              s.invStd,
              w(node.movingMean),
              w(node.movingVariance),
              node.momentum,
              node.epsilon,
            );
          } else
            graphOps.batchNormInference(
              rec,
              a,
              w(node.gamma),
              w(node.beta),
              w(node.movingMean),
              w(node.movingVariance),
              y,
              node.epsilon,
            );
          break;
        case 'maxPool':
        case 'avgPool':
          s.pool = ops.poolGeometry(a.shape, node.size, node.stride, node.padding);
          y = t(full(node));
          if (node.kind === 'avgPool') ops.avgPool(rec, a, y, s.pool);
          else {
            s.argmax = t([y.size]);
            ops.maxPool(rec, a, y, s.argmax, s.pool);
          }
          break;
        case 'shift':
          y = t(full(node));
          graphOps.shift2d(rec, a, y, node.top, node.left);
          break;
        case 'depthwise': {
          const C = a.shape[3]!;
          s.g = convGeometry(a.shape, [node.kh, node.kw, C, C], node.stride, node.padding);
          y = t(full(node));
          depthwiseConv2d(rec, a, w(node.kernel), y, s.g);
          break;
        }
        case 'gap':
          y = t(full(node));
          ops.globalAvgPool(rec, a, y);
          break;
        case 'flatten':
          y = { ...a, shape: full(node) };
          break;
        case 'dense': {
          const flat = { ...a, shape: [batch, a.size / batch] };
          y = t(full(node));
          // A softmax output stays logits: softmaxCrossEntropy applies it with the loss.
          dense(rec, flat, w(node.kernel), w(node.bias), y, node.activation === 'relu');
          break;
        }
        case 'dropout':
          if (!backward)
            y = a; // evaluation keeps every unit (inverted dropout)
          else {
            y = t(a.shape);
            ops.dropout(rec, a, y, node.rate, i, this.dropoutSeed());
          }
          break;
      }
      out.push(y);
    });
    const logits = out[out.length - 1]!;
    const dlogits = t(logits.shape);
    ops.softmaxCrossEntropy(rec, logits, io.labels, dlogits, io.stats);
    if (backward) this.recordBackward(rec, out, saved, dlogits, batch);
  }

  /** The gradients of every weight, from dlogits back to the first layer. */
  private recordBackward(
    rec: Recorder,
    out: GpuTensor[],
    saved: Saved[],
    dlogits: GpuTensor,
    batch: number,
  ): void {
    const t = (shape: number[]) => this.arena.tensor(shape);
    const nodes = this.graph.nodes;
    const grad: (GpuTensor | null)[] = nodes.map(() => null);
    grad[nodes.length - 1] = dlogits;
    // Gradients are never changed in place: one may feed two branches (an add's operands).
    const accumulate = (id: number, g: GpuTensor) => {
      if (id === 0) return; // no gradient for the images
      const shaped = { ...g, shape: out[id]!.shape };
      const prev = grad[id];
      if (!prev) grad[id] = shaped;
      else {
        const sum = t(shaped.shape);
        ops.add(rec, prev, shaped, sum);
        grad[id] = sum;
      }
    };
    const dw = (i: number) => this.gradients[i]!;
    for (let i = nodes.length - 1; i > 0; i--) {
      const node = nodes[i]!;
      const dy = grad[i];
      const s = saved[i]!;
      if (!dy) continue;
      if (node.kind === 'add') {
        for (const k of node.inputs) accumulate(k, dy);
        continue;
      }
      if (node.kind === 'concat') {
        let cur = dy;
        for (let k = node.inputs.length - 1; k >= 1; k--) {
          const da = t(s.partials![k - 1]!.shape);
          const db = t(out[node.inputs[k]!]!.shape);
          ops.concatChannelsBackward(rec, cur, da, db);
          accumulate(node.inputs[k]!, db);
          cur = da;
        }
        accumulate(node.inputs[0]!, cur);
        continue;
      }
      if (node.kind === 'input') continue;
      const a = out[node.input]!;
      const wantsDx = node.input !== 0;
      const preActivation = (relu: boolean) => {
        if (!relu) return dy;
        const d = t(dy.shape);
        graphOps.reluGradient(rec, out[i]!, dy, d);
        return d;
      };
      switch (node.kind) {
        case 'conv': {
          const d = preActivation(node.relu);
          conv2dBackwardFilter(rec, a, d, dw(node.kernel), s.g!);
          if (node.bias !== null) columnSum(rec, d, dw(node.bias));
          if (wantsDx) {
            const dx = t(a.shape);
            conv2dBackwardData(rec, d, this.values[node.kernel]!, dx, s.g!);
            accumulate(node.input, dx);
          }
          break;
        }
        case 'relu':
          accumulate(node.input, preActivation(true));
          break;
        case 'batchNorm': {
          const dx = t(a.shape);
          ops.batchNormBackward(
            rec,
            a,
            dy,
            this.values[node.gamma]!,
            s.mean!,
            s.invStd!,
            dx,
            dw(node.gamma),
            dw(node.beta),
          );
          accumulate(node.input, dx);
          break;
        }
        case 'maxPool':
        case 'avgPool': {
          if (!wantsDx) break;
          const dx = t(a.shape);
          if (node.kind === 'maxPool') ops.maxPoolBackward(rec, dy, s.argmax!, dx, s.pool!);
          else ops.avgPoolBackward(rec, dy, dx, s.pool!);
          accumulate(node.input, dx);
          break;
        }
        case 'gap': {
          if (!wantsDx) break;
          const dx = t(a.shape);
          ops.globalAvgPoolBackward(rec, dy, dx);
          accumulate(node.input, dx);
          break;
        }
        case 'shift': {
          if (!wantsDx) break;
          const dx = t(a.shape);
          graphOps.shift2d(rec, dy, dx, -node.top, -node.left); // y = x shifted: dx = dy shifted back
          accumulate(node.input, dx);
          break;
        }
        case 'depthwise': {
          depthwiseConv2dBackwardFilter(rec, a, dy, dw(node.kernel), s.g!);
          if (!wantsDx) break;
          const dx = t(a.shape);
          depthwiseConv2dBackwardData(rec, dy, this.values[node.kernel]!, dx, s.g!);
          accumulate(node.input, dx);
          break;
        }
        case 'flatten':
          accumulate(node.input, dy);
          break;
        case 'dense': {
          const d = preActivation(node.activation === 'relu');
          const inputs = a.size / batch;
          denseBackwardFilter(rec, { ...a, shape: [batch, inputs] }, d, dw(node.kernel));
          columnSum(rec, d, dw(node.bias));
          if (wantsDx) {
            const dx = t([batch, inputs]);
            denseBackwardData(rec, d, this.values[node.kernel]!, dx);
            accumulate(node.input, dx);
          }
          break;
        }
        case 'dropout': {
          if (!wantsDx) break;
          // The same mask (same salt, seed and step) on the gradient.
          const dx = t(a.shape);
          ops.dropout(rec, dy, dx, node.rate, i, this.dropoutSeed());
          accumulate(node.input, dx);
          break;
        }
      }
    }
  }
}
