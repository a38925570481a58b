/**
 * Rows of the options table: The NASNet cell space (Zoph et al. 2018; SPEC §4).
 * Its config type, its defaults per fidelity and its option rows.
 * Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../config';
import type { ConfigSection } from '../strategies/contract';
import { type OptionRule } from '../optionRule';

/** The `cell` section's rows, in form order. */
export const CELL_OPTIONS: readonly OptionRule[] = [
  {
    path: 'cell.blocks',
    label: 'Blocks per cell',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 5,
    help: 'B: blocks of two inputs, two ops and a combine op in each cell (5, Zoph et al. 2018).',
  },
  {
    path: 'cell.stacks',
    label: 'Stacks',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 3,
    help: 'Stacks of normal cells, with a reduction cell (stride 2) between two stacks (NASNet uses 3).',
  },
  {
    path: 'cell.cellsPerStack',
    label: 'Cells per stack',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 6,
    help: 'N: normal cells in each stack (NASNet’s search networks are small; ours default to 2).',
  },
  {
    path: 'cell.baseFilters',
    label: 'Base filters',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 256,
    help: 'Filters of the first stack, doubled at every reduction cell.',
  },
];

/** The NASNet cell space (Zoph et al. 2018; SPEC §4) and the network its cells are stacked into. */
export interface CellConfig {
  /** Blocks per cell (B; paper 5). */
  blocks: number;
  /** Stacks of normal cells, with a reduction cell between two stacks. */
  stacks: number;
  /** Normal cells per stack (N). */
  cellsPerStack: number;
  /** Filters of the first stack; doubled at every reduction. */
  baseFilters: number;
}

declare module '../config' {
  interface SpaceSections {
    cell: CellConfig;
  }
}

/** The `cell` section: NASNet's B = 5 blocks; the stacking (3 stacks of N = 2 from 32 filters) is ours. */
export const CELL_SECTION: ConfigSection<CellConfig> = {
  id: 'cell',
  options: CELL_OPTIONS,
  presets: {
    paper: { blocks: 5, stacks: 3, cellsPerStack: 2, baseFilters: 32 },
    class: { blocks: 3, stacks: 2, cellsPerStack: 1, baseFilters: 8 },
    test: { blocks: 2, stacks: 2, cellsPerStack: 1, baseFilters: 4 },
  } satisfies Record<FidelityId, CellConfig>,
};
