/**
 * Builds a tfjs model of a BlockQNN network (SPEC §3): the block stacked `blocksPerStage` times
 * per stage, stages entered through a 2x2 stride-2 max pool (SAME) and doubling in width, then
 * global average pooling and a dense softmax. Inside a block: conv = ReLU-Conv-BN (SAME, stride
 * 1, no bias), pooling stride 1 SAME, identity, add (the narrower operand projected by a 1x1
 * conv), concat; the outputs no layer reads are concatenated and closed by a ReLU-Conv-BN 1x1 to
 * the stage width. The MACs of this model are what `networkFlops` counts.
 */
import * as tf from '@tensorflow/tfjs';
import type { BlockNetwork } from '../nas/architecture';
import { Rng } from '../nas/rng';
import { NSC_TYPE, blockLayers, networkStages, unconsumedOutputs, type Block } from '../nas/spaces/block';

type Symbolic = tf.SymbolicTensor;

const channelsOf = (x: Symbolic): number => x.shape[x.shape.length - 1] as number;

/** The (uncompiled) model of `net` for images of `inputShape`; weights seeded from `seed`. */
export function buildBlockModel(
  net: BlockNetwork,
  inputShape: [number, number, number],
  seed: number,
): tf.LayersModel {
  const seeds = new Rng(seed).fork('weights');
  const init = () => tf.initializers.glorotUniform({ seed: seeds.nextUint32() >>> 1 });
  const conv = (x: Symbolic, filters: number, kernel: number): Symbolic =>
    tf.layers
      .conv2d({ filters, kernelSize: kernel, padding: 'same', useBias: false, kernelInitializer: init() })
      .apply(x) as Symbolic;
  const reluConvBn = (x: Symbolic, filters: number, kernel: number): Symbolic => {
    const relu = tf.layers.reLU().apply(x) as Symbolic;
    // Momentum 0.9 (PyTorch's 0.1): a search trains each block for few steps, and tfjs's 0.99
    // would leave the moving statistics that validation uses near their initial values.
    return tf.layers.batchNormalization({ momentum: 0.9 }).apply(conv(relu, filters, kernel)) as Symbolic;
  };

  const applyBlock = (input: Symbolic, block: Block, width: number): Symbolic => {
    const out = new Map<number, Symbolic>([[0, input]]);
    const read = (i: number): Symbolic => out.get(i) as Symbolic;
    for (const n of blockLayers(block)) {
      const a = read(n.pred1);
      let y: Symbolic;
      switch (n.type) {
        case NSC_TYPE.conv:
          y = reluConvBn(a, width, n.kernel);
          break;
        case NSC_TYPE.maxPool:
          y = tf.layers
            .maxPooling2d({ poolSize: n.kernel, strides: 1, padding: 'same' })
            .apply(a) as Symbolic;
          break;
        case NSC_TYPE.avgPool:
          y = tf.layers
            .averagePooling2d({ poolSize: n.kernel, strides: 1, padding: 'same' })
            .apply(a) as Symbolic;
          break;
        case NSC_TYPE.identity:
          y = a;
          break;
        case NSC_TYPE.add: {
          let [p, q] = [a, read(n.pred2)];
          // A ResNet projection shortcut: the narrower operand is brought to the wider count.
          if (channelsOf(p) < channelsOf(q)) p = conv(p, channelsOf(q), 1);
          else if (channelsOf(q) < channelsOf(p)) q = conv(q, channelsOf(p), 1);
          y = tf.layers.add().apply([p, q]) as Symbolic;
          break;
        }
        case NSC_TYPE.concat:
          y = tf.layers.concatenate().apply([a, read(n.pred2)]) as Symbolic;
          break;
        default:
          throw new Error(`NSC type ${n.type} is not a layer`);
      }
      out.set(n.index, y);
    }
    const outputs = unconsumedOutputs(block).map(read);
    const joined = outputs.length === 1 ? outputs[0]! : (tf.layers.concatenate().apply(outputs) as Symbolic);
    return reluConvBn(joined, width, 1);
  };

  const input = tf.input({ shape: inputShape });
  let x: Symbolic = input;
  networkStages(net.network, inputShape).forEach((stage, s) => {
    if (s > 0) x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }).apply(x) as Symbolic;
    for (let b = 0; b < stage.blocks; b++) x = applyBlock(x, net.block, stage.outChannels);
  });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as Symbolic;
  const output = tf.layers
    .dense({ units: net.classes, activation: 'softmax', kernelInitializer: init(), biasInitializer: 'zeros' })
    .apply(pooled) as Symbolic;
  return tf.model({ inputs: input, outputs: output });
}
