/**
 * The graph of a NAS-RL architecture (Zoph & Le, ICLR 2017; SPEC §4), the `NasRlLayer[]` that
 * `decodeTokens` gives: its canonical string, the outputs that feed nothing (concatenated before
 * the classifier), and per-layer shapes, MACs and parameters for an input image.
 * Shape rule (the paper's): a layer's inputs of different spatial sizes are zero-padded at the
 * bottom and right to the largest height and width, then concatenated along channels; a layer
 * with no input reads the image. Each layer is conv (SAME, no bias) + batch norm + ReLU, so its
 * output is ceil(H / strideHeight) x ceil(W / strideWidth) x filters.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */
import type { NasRlLayer } from '../reinforce';

/** Throws unless every size, stride and filter count is a positive integer and every layer reads earlier layers in ascending order. */
export function checkNasRlLayers(layers: readonly NasRlLayer[]): void {
  if (layers.length === 0) throw new Error('A NAS-RL architecture has at least 1 layer');
  layers.forEach((layer, i) => {
    const fields = ['filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'filters'] as const;
    for (const field of fields) {
      const v = layer[field];
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`Layer ${i}: ${field} must be a positive integer, got ${v}`);
    }
    layer.inputs.forEach((from, k) => {
      if (!Number.isInteger(from) || from < 0 || from >= i)
        throw new Error(`Layer ${i}: input ${from} is not an earlier layer (0..${i - 1})`);
      if (k > 0 && from <= layer.inputs[k - 1]!)
        throw new Error(`Layer ${i}: inputs ${layer.inputs.join(',')} must be distinct and ascending`);
    });
  });
}

/** `L<i> <fh>x<fw>/<sh>x<sw> <filters> <- <img | j,k,...>`, e.g. `L1 3x5/1x1 36 <- 0`. */
function layerString(layer: NasRlLayer, i: number): string {
  const source = layer.inputs.length === 0 ? 'img' : layer.inputs.join(',');
  return (
    `L${i} ${layer.filterHeight}x${layer.filterWidth}/${layer.strideHeight}x${layer.strideWidth} ` +
    `${layer.filters} <- ${source}`
  );
}

/**
 * The canonical string of an architecture: one `L<i> <fh>x<fw>/<sh>x<sw> <filters> <- <inputs>`
 * per layer, joined by ` | `, inputs `img` (the image) or ascending earlier layer indices, e.g.
 * `L0 3x5/1x1 36 <- img | L1 1x1/1x1 24 <- 0 | L2 7x7/1x1 48 <- 0,1`.
 */
export function nasrlString(layers: readonly NasRlLayer[]): string {
  checkNasRlLayers(layers);
  return layers.map(layerString).join(' | ');
}

const NASRL_EXAMPLE = 'L0 3x5/1x1 36 <- img | L1 1x1/1x1 24 <- 0';

/** Inverse of `nasrlString` (extra spaces allowed); throws an Error saying what is wrong. */
export function parseNasrlString(s: string): NasRlLayer[] {
  const text = s.trim();
  if (text === '') throw new Error(`Empty NAS-RL string: expected e.g. "${NASRL_EXAMPLE}"`);
  const layers = text.split('|').map((part, i): NasRlLayer => {
    const m = /^L(\d+)\s+(\d+)x(\d+)\/(\d+)x(\d+)\s+(\d+)\s*<-\s*(img|\d+(?:\s*,\s*\d+)*)$/.exec(part.trim());
    if (!m) {
      throw new Error(
        `Bad NAS-RL string "${s}": layer ${i} "${part.trim()}" is not ` +
          `L${i} <fh>x<fw>/<sh>x<sw> <filters> <- <img | j,k>, e.g. "L${i} 3x3/1x1 36 <- img"`,
      );
    }
    const [, index, fh, fw, sh, sw, filters, source = ''] = m;
    if (Number(index) !== i) throw new Error(`Bad NAS-RL string "${s}": layer ${i} is numbered L${index}`);
    return {
      filterHeight: Number(fh),
      filterWidth: Number(fw),
      strideHeight: Number(sh),
      strideWidth: Number(sw),
      filters: Number(filters),
      inputs: source === 'img' ? [] : source.split(',').map((x) => Number(x.trim())),
    };
  });
  try {
    checkNasRlLayers(layers);
  } catch (err) {
    throw new Error(`Bad NAS-RL string "${s}": ${(err as Error).message}`, { cause: err });
  }
  return layers;
}

/** Layers whose output no later layer reads, ascending (always includes the last layer). */
export function nasrlUnusedOutputs(layers: readonly NasRlLayer[]): number[] {
  const read = new Set(layers.flatMap((layer) => layer.inputs));
  return layers.flatMap((_, i) => (read.has(i) ? [] : [i]));
}

/** Shape and cost of one layer for a given input image. */
export interface NasRlLayerCost {
  /** Height and width of the concatenated (zero-padded) input, pixels. */
  inHeight: number;
  inWidth: number;
  /** Channels of the concatenated input. */
  inChannels: number;
  /** Output height and width, ceil(in / stride), pixels. */
  height: number;
  width: number;
  /** Output channels (the layer's filters). */
  channels: number;
  /** Multiply-accumulates of the conv: height * width * fh * fw * inChannels * filters. */
  macs: number;
  /** Conv weights fh * fw * inChannels * filters plus batch norm's 4 per filter. */
  params: number;
}

/** Shapes, MACs and parameters of a whole NAS-RL network. */
export interface NasRlCost {
  layers: NasRlLayerCost[];
  /** `nasrlUnusedOutputs`: the layers concatenated before the classifier. */
  outputs: number[];
  /** Spatial size of the padded output concat, and its channels (the dense layer's input). */
  outputHeight: number;
  outputWidth: number;
  outputChannels: number;
  /** Every conv's MACs plus the dense layer's (outputChannels * classes); BN, padding, pooling 0. */
  macs: number;
  /**
   * All weights as tfjs `countParams` counts them: convs, batch norm gamma, beta, moving mean and
   * variance, dense kernel and bias.
   */
  params: number;
  /** `params` less the batch norms' moving mean and variance (2 per filter). */
  trainableParams: number;
}

/** Size, channels of the zero-padded concat of `sources`: max height, max width, sum of channels. */
function padConcat(sources: readonly { height: number; width: number; channels: number }[]) {
  return {
    height: Math.max(...sources.map((x) => x.height)),
    width: Math.max(...sources.map((x) => x.width)),
    channels: sources.reduce((sum, x) => sum + x.channels, 0),
  };
}

/** Per-layer shapes and costs and the totals for an `input` image [h, w, c] and `classes`. */
export function nasrlCost(
  layers: readonly NasRlLayer[],
  input: readonly [number, number, number],
  classes: number,
): NasRlCost {
  checkNasRlLayers(layers);
  const image = { height: input[0], width: input[1], channels: input[2] };
  const costs: NasRlLayerCost[] = [];
  for (const layer of layers) {
    const x = padConcat(layer.inputs.length === 0 ? [image] : layer.inputs.map((j) => costs[j]!));
    const height = Math.ceil(x.height / layer.strideHeight);
    const width = Math.ceil(x.width / layer.strideWidth);
    const kernel = layer.filterHeight * layer.filterWidth * x.channels * layer.filters;
    costs.push({
      inHeight: x.height,
      inWidth: x.width,
      inChannels: x.channels,
      height,
      width,
      channels: layer.filters,
      macs: height * width * kernel,
      params: kernel + 4 * layer.filters,
    });
  }
  const outputs = nasrlUnusedOutputs(layers);
  const out = padConcat(outputs.map((i) => costs[i]!));
  const dense = out.channels * classes;
  const params = costs.reduce((sum, c) => sum + c.params, dense + classes);
  return {
    layers: costs,
    outputs,
    outputHeight: out.height,
    outputWidth: out.width,
    outputChannels: out.channels,
    macs: costs.reduce((sum, c) => sum + c.macs, dense),
    params,
    trainableParams: params - layers.reduce((sum, layer) => sum + 2 * layer.filters, 0),
  };
}
