/**
 * Rows of the options table: The NAS-RL layers space (Zoph & Le 2017; SPEC §4).
 * Its config type, its defaults per fidelity and its option rows.
 * Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../config';
import type { ConfigSection } from '../strategies/contract';
import { type OptionRule } from '../optionRule';

/** The `nasrl` section's rows, in form order. */
export const NASRL_OPTIONS: readonly OptionRule[] = [
  {
    path: 'nasrl.layers',
    label: 'Layers',
    kind: 'int',
    group: 'nasrl',
    min: 1,
    max: 20,
    help: 'Conv layers per network, fixed here (Zoph & Le 2017 grow it during the search; 15 is the size of their best CIFAR-10 network).',
  },
  {
    path: 'nasrl.filterSizes',
    label: 'Filter sizes',
    kind: 'int-list',
    group: 'nasrl',
    min: 1,
    max: 7,
    maxItems: 6,
    help: 'Filter heights and widths the controller picks from, pixels; height and width are separate decisions ({1, 3, 5, 7}, SPEC §4).',
  },
  {
    path: 'nasrl.filterCounts',
    label: 'Filter counts',
    kind: 'int-list',
    group: 'nasrl',
    min: 1,
    max: 512,
    maxItems: 8,
    help: 'Output channels each layer picks from ({24, 36, 48, 64}, SPEC §4).',
  },
  {
    path: 'nasrl.strides',
    label: 'Strides',
    kind: 'int-list',
    group: 'nasrl',
    min: 1,
    max: 3,
    maxItems: 3,
    help: 'Stride heights and widths to choose from ({1, 2, 3} in the paper’s stride experiment); a single 1 fixes the stride and drops the decision.',
  },
  {
    path: 'nasrl.skips',
    label: 'Skip connections',
    kind: 'boolean',
    group: 'nasrl',
    help: 'Anchor points: each layer decides which earlier layers feed it, P(j → i) = sigmoid(vᵀ tanh(W_prev h_j + W_curr h_i)); inputs are concatenated (SPEC §4).',
  },
];

/** The NAS-RL layers space (Zoph & Le 2017; SPEC §4), for the REINFORCE controller and its rivals. */
export interface NasRlConfig {
  /** Conv layers per network (fixed here; the paper grows it during the search). */
  layers: number;
  /** Filter heights and widths to choose from, pixels. */
  filterSizes: number[];
  /** Filter counts to choose from. */
  filterCounts: number[];
  /** Stride heights and widths to choose from; `[1]` fixes the stride to 1 (not decided). */
  strides: number[];
  /** Anchor-point skip connections (several inputs concatenated). */
  skips: boolean;
}

declare module '../config' {
  interface SpaceSections {
    nasrl: NasRlConfig;
  }
}

/** The NAS-RL space of SPEC §4: sizes {1,3,5,7}, filters {24,36,48,64}, stride 1, skips. */
const PAPER_NASRL: NasRlConfig = {
  layers: 15,
  filterSizes: [1, 3, 5, 7],
  filterCounts: [24, 36, 48, 64],
  strides: [1],
  skips: true,
};

/** The `nasrl` section: its rows and its values at each fidelity (SPEC §7). */
export const NASRL_SECTION: ConfigSection<NasRlConfig> = {
  id: 'nasrl',
  options: NASRL_OPTIONS,
  presets: {
    paper: PAPER_NASRL,
    class: { ...PAPER_NASRL, layers: 4, filterCounts: [8, 12, 16, 24] },
    test: { layers: 2, filterSizes: [1, 3], filterCounts: [4, 8], strides: [1], skips: true },
  } satisfies Record<FidelityId, NasRlConfig>,
};
