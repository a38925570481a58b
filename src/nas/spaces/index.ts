/**
 * The one list of search spaces: each registers itself here, in form order. A space's own code
 * (legal actions, canonical strings, mutations) lives in its module; the model builder that trains
 * it is src/train's `buildModel`, keyed by the architecture's `space`.
 * Pure module: no DOM, React or tfjs.
 */
import { registerSpace, type SpaceDefinition } from '../strategies/registry';
import { cellTokenSpaceOf, nasrlTokenSpace, nb201TokenSpace } from '../tokenSpaces';
import { CELL_SECTION } from './cellSection';
import { NASRL_SECTION } from './nasrlSection';

/** The built-in spaces, in the order of the `space` option's choices. */
export const BUILTIN_SPACES: readonly SpaceDefinition[] = [
  // Baker et al. 2017's chains: MetaQNN's section holds their settings (layer limit, filters, ...).
  { id: 'layers', describedBy: ['metaqnn'] },
  // Zhong et al. 2018's NSC blocks: BlockQNN's section holds their settings.
  { id: 'block', describedBy: ['blockqnn'] },
  { id: 'nasrl', section: NASRL_SECTION, tokenSpace: nasrlTokenSpace },
  { id: 'cell', section: CELL_SECTION, tokenSpace: cellTokenSpaceOf },
  { id: 'nb201', tabular: true, tokenSpace: () => nb201TokenSpace() },
];

for (const space of BUILTIN_SPACES) registerSpace(space);
