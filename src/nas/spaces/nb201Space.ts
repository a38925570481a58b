/**
 * The NAS-Bench-201 cell space as the generic machinery sees it (Dong & Yang 2020): its token
 * encoding; accuracies come from the benchmark's table (nothing built or trained), unless its
 * section says `evaluate: 'train'` (src/nas/spaces/nb201Section.ts).
 * Pure module: no DOM, React or tfjs.
 */
import type { SpaceDefinition } from '../strategies/registry';
import { nb201TokenSpace } from '../tokenSpaces';
import { legalActions, parseStateKey } from './nb201';
import { NB201_SECTION } from './nb201Section';

export const nb201Space: SpaceDefinition = {
  id: 'nb201',
  section: NB201_SECTION,
  tabular: true,
  tokenSpace: () => nb201TokenSpace(),
  // A state is the ops of the edges decided so far: its depth is how many.
  qStates(state) {
    const prefix = parseStateKey(state);
    return { depth: prefix.length, actions: [...legalActions(prefix)] };
  },
  description: {
    kind: 'Cell string (NAS-Bench-201)',
    details: () => ['Cell: |op~input| per edge, nodes separated by "+"'],
  },
};
