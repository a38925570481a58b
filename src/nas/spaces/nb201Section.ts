/**
 * Rows of the options table: the NAS-Bench-201 cell space (Dong & Yang 2020). Its one option says
 * how a sample-based strategy learns a cell's accuracy: looked up in the shipped benchmark table
 * (CIFAR-10/100, ImageNet16-120, at once), or trained here on the run's images with the standalone
 * training a one-shot strategy gives its derived cell (src/nas/nb201Training.ts), so that the two
 * families can be compared on the same footing (issue #18, item 3). One-shot strategies always
 * train; the option does not concern them.
 * Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../config';
import type { OptionRule } from '../optionRule';
import type { ConfigSection } from '../strategies/contract';

/** How the accuracy of an `nb201` cell is obtained by a sample-based strategy. */
export type Nb201Evaluate = 'table' | 'train';

export const NB201_EVALUATE: readonly Nb201Evaluate[] = ['table', 'train'];

/** The `nb201` section's rows. */
export const NB201_OPTIONS: readonly OptionRule[] = [
  {
    path: 'nb201.evaluate',
    label: 'Cell accuracy',
    kind: 'enum',
    group: 'nb201',
    choices: NB201_EVALUATE,
    help: 'How a sample-based strategy learns a cell’s accuracy: table looks it up in NAS-Bench-201 (a table dataset); train trains it on the images (an image dataset) as a one-shot strategy trains its derived cell, so the compare view can set both against seconds.',
  },
];

export interface Nb201Config {
  /** Looked up in the benchmark table, or trained on the run's images. */
  evaluate: Nb201Evaluate;
}

declare module '../config' {
  interface SpaceSections {
    nb201: Nb201Config;
  }
}

/** The `nb201` section: the table by default at every fidelity (the space's original meaning). */
export const NB201_SECTION: ConfigSection<Nb201Config> = {
  id: 'nb201',
  options: NB201_OPTIONS,
  presets: {
    paper: { evaluate: 'table' },
    class: { evaluate: 'table' },
    test: { evaluate: 'table' },
  } satisfies Record<FidelityId, Nb201Config>,
};

/** Whether a sample-based run of `config` looks its `nb201` cells up in the table (older configs: yes). */
export function nb201LooksUp(config: { nb201?: Partial<Nb201Config> }): boolean {
  return (config.nb201?.evaluate ?? 'table') === 'table';
}
