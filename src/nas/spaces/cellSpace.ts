/**
 * The NASNet cell space as the generic machinery sees it (Zoph et al. 2018): its own section, its
 * token encoding and mutations, its genotype strings. Pure module: no DOM, React or tfjs.
 */
import { datasetClasses } from '../config';
import type { SpaceDefinition } from '../strategies/registry';
import { cellTokenSpaceOf } from '../tokenSpaces';
import { cellString, parseCellPairString } from './cell';
import { CELL_SECTION } from './cellSection';

export const cellSpace: SpaceDefinition = {
  id: 'cell',
  section: CELL_SECTION,
  tokenSpace: cellTokenSpaceOf,
  parse(net, config) {
    const { stacks, cellsPerStack, baseFilters } = config.cell;
    return {
      space: 'cell',
      network: {
        cells: parseCellPairString(net),
        network: { stacks, cellsPerStack, baseFilters },
        classes: datasetClasses(config),
      },
    };
  },
  description: {
    kind: 'Cell genotype (NASNet cells)',
    details(net, config) {
      const pair = parseCellPairString(net);
      const { stacks, cellsPerStack, baseFilters } = config.cell;
      return [
        `Normal cell:    ${cellString(pair.normal)}`,
        `Reduction cell: ${cellString(pair.reduction)}`,
        'Each block: input1,input2:op1,op2:combine (inputs 0, 1 = the two previous cells)',
        `Network: ${stacks} stacks × ${cellsPerStack} normal cells from ${baseFilters} filters, a reduction cell between stacks`,
      ];
    },
  },
};
