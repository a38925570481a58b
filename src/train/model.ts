/**
 * Builds a tfjs LayersModel from a MetaQNN chain (SPEC §2): conv SAME + ReLU, max pool VALID
 * (R' = ceil((R - f + 1) / s)), flatten before the first dense layer, dense + ReLU for FC,
 * global average pooling for GAP, dense softmax over `classes` last. Glorot-uniform (Xavier)
 * weights, each layer seeded from the training seed. tfjs lives here and in src/worker only.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture, LayersArchitecture } from '../nas/architecture';
import { Rng } from '../nas/rng';
import { pooledSize } from '../nas/spaces/layers';
import { buildBlockModel } from './blockModel';
import { buildCellModel } from './cellModel';
import { buildNasRlModel } from './nasrlModel';

export interface BuildOptions {
  /** Input image shape [height, width, channels]. */
  inputShape: [number, number, number];
  /** Seed of the weight initialisation (and dropout masks); one child seed per layer. */
  seed: number;
  /** Dropout after every 2 layers, p_i = i / 2n for the i-th of n (SPEC §2). */
  dropout: boolean;
}

/** Dropout rates by position: after layer 2i (1-based) comes rate i / 2n, n = floor(L / 2). */
export function dropoutRates(layerCount: number): Map<number, number> {
  const n = Math.floor(layerCount / 2);
  const rates = new Map<number, number>();
  for (let i = 1; i <= n; i++) rates.set(2 * i, i / (2 * n));
  return rates;
}

/** An unsigned 31-bit seed for tfjs initialisers (they take a plain number). */
function seedFrom(rng: Rng): number {
  return rng.nextUint32() >>> 1;
}

/** The (uncompiled) model of any trainable architecture (chain, block network, NAS-RL layers, NASNet cells). */
export function buildModel(arch: Architecture, options: BuildOptions): tf.LayersModel {
  switch (arch.space) {
    case 'layers':
      return buildLayersModel(arch.layers, options);
    case 'block':
      return buildBlockModel(arch.network, options.inputShape, options.seed);
    case 'nasrl':
      return buildNasRlModel(arch.network.layers, options.inputShape, arch.network.classes, options.seed);
    case 'cell':
      return buildCellModel(
        arch.network.cells,
        arch.network.network,
        options.inputShape,
        arch.network.classes,
        options.seed,
      );
    case 'nb201':
      throw new Error('NAS-Bench-201 cells are looked up in the benchmark table, not trained here');
  }
}

/** The (uncompiled) model of a chain. Throws a clear Error when a layer does not fit its input. */
export function buildLayersModel(arch: LayersArchitecture, options: BuildOptions): tf.LayersModel {
  const seeds = new Rng(options.seed).fork('weights');
  const rates = options.dropout ? dropoutRates(arch.layers.length) : new Map<number, number>();
  const init = () => tf.initializers.glorotUniform({ seed: seedFrom(seeds) });
  const model = tf.sequential();
  let side = options.inputShape[0];
  let spatial = true;
  let first = true;
  const inputShape = (): { inputShape?: [number, number, number] } => {
    if (!first) return {};
    first = false;
    return { inputShape: options.inputShape };
  };
  const flattenIfSpatial = () => {
    if (!spatial) return;
    model.add(tf.layers.flatten(inputShape()));
    spatial = false;
  };

  try {
    addLayers();
  } catch (err) {
    model.dispose(); // frees the weights of the layers already built
    throw err;
  }
  return model;

  function addLayers(): void {
    arch.layers.forEach((layer, i) => {
      switch (layer.kind) {
        case 'conv':
          if (!spatial)
            throw new Error(`layer ${i + 1} C(${layer.filters},${layer.size},1) needs a feature map`);
          model.add(
            tf.layers.conv2d({
              ...inputShape(),
              filters: layer.filters,
              kernelSize: layer.size,
              strides: 1,
              padding: 'same',
              activation: 'relu',
              kernelInitializer: init(),
              biasInitializer: 'zeros',
            }),
          );
          break;
        case 'pool': {
          if (!spatial)
            throw new Error(`layer ${i + 1} P(${layer.size},${layer.stride}) needs a feature map`);
          const next = pooledSize(side, layer.size, layer.stride);
          if (side < layer.size || next < 1) {
            throw new Error(
              `layer ${i + 1} P(${layer.size},${layer.stride}) does not fit a ${side}x${side} feature map`,
            );
          }
          model.add(
            tf.layers.maxPooling2d({
              ...inputShape(),
              poolSize: layer.size,
              strides: layer.stride,
              padding: 'valid',
            }),
          );
          side = next;
          break;
        }
        case 'fc':
          flattenIfSpatial();
          model.add(
            tf.layers.dense({
              units: layer.units,
              activation: 'relu',
              kernelInitializer: init(),
              biasInitializer: 'zeros',
            }),
          );
          break;
        case 'gap':
          if (!spatial) throw new Error(`layer ${i + 1} GAP needs a feature map`);
          model.add(tf.layers.globalAveragePooling2d({ ...inputShape() }));
          spatial = false;
          break;
      }
      const rate = rates.get(i + 1);
      if (rate !== undefined) model.add(tf.layers.dropout({ rate, seed: seedFrom(seeds) }));
    });
    flattenIfSpatial();
    model.add(
      tf.layers.dense({
        units: arch.classes,
        activation: 'softmax',
        kernelInitializer: init(),
        biasInitializer: 'zeros',
      }),
    );
  }
}
