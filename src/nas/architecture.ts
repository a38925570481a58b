/**
 * Architectures of the search spaces: the MetaQNN `layers` chain (SPEC §2) and the BlockQNN
 * network of stacked blocks (SPEC §3), tagged for the evaluator.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */
import type { NasRlLayer } from './reinforce';
import type { Block, BlockNetworkConfig } from './spaces/block';
import type { CellNetworkConfig, CellPair } from './spaces/cell';
import type { Nb201Cell } from './spaces/nb201';

/** One layer of a MetaQNN chain. Sizes in pixels, widths in channels/units. */
export type Layer =
  | { kind: 'conv'; filters: number; size: number; stride: 1 }
  | { kind: 'pool'; size: number; stride: number }
  | { kind: 'fc'; units: number }
  | { kind: 'gap' };

/** A chain of layers closed by a softmax over `classes` outputs. */
export interface LayersArchitecture {
  readonly layers: readonly Layer[];
  readonly classes: number;
}

/** A BlockQNN network (SPEC §3): `block` stacked per `network`, then GAP and a softmax. */
export interface BlockNetwork {
  readonly block: Block;
  readonly network: BlockNetworkConfig;
  readonly classes: number;
}

/** A NAS-RL network (SPEC §4): conv layers with concatenated skip inputs, then a softmax. */
export interface NasRlNetwork {
  readonly layers: readonly NasRlLayer[];
  readonly classes: number;
}

/** A NASNet network (SPEC §4): its normal and reduction cells stacked per `network`. */
export interface CellNetwork {
  readonly cells: CellPair;
  readonly network: CellNetworkConfig;
  readonly classes: number;
}

/** Any architecture the evaluator trains or looks up, tagged by its search space. */
export type Architecture =
  | { readonly space: 'layers'; readonly layers: LayersArchitecture }
  | { readonly space: 'block'; readonly network: BlockNetwork }
  | { readonly space: 'nasrl'; readonly network: NasRlNetwork }
  | { readonly space: 'cell'; readonly network: CellNetwork }
  | { readonly space: 'nb201'; readonly cell: Nb201Cell };
