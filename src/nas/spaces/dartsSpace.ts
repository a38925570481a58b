/**
 * The DARTS cell space as the generic machinery sees it (Liu et al., ICLR 2019; src/nas/spaces/
 * darts.ts): searched only by the one-shot strategies (DARTS, SNAS, ENAS), whose supernet trains
 * for real on images; no token encoding, so the sample-based strategies refuse it (each lists
 * the spaces it searches). Pure module: no DOM, React or tfjs.
 */
import type { SpaceDefinition } from '../strategies/registry';
import { parseDartsArchString } from './darts';

export const dartsSpace: SpaceDefinition = {
  id: 'darts',
  description: {
    kind: 'Cell pair (DARTS: normal and reduction cell)',
    details(net) {
      parseDartsArchString(net);
      return [
        'Each cell: |op~input| per kept edge, its 4 intermediate nodes separated by "+"',
        'Inputs 0 and 1 are the two previous cells, 2 + j intermediate node j; the output concatenates the 4 nodes',
      ];
    },
  },
};
