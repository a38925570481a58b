/**
 * The NAS-RL layers space as the generic machinery sees it (Zoph & Le 2017): its own section, its
 * token encoding for the controller and the rivals, its layer strings. Pure module: no DOM, React or tfjs.
 */
import { datasetClasses } from '../config';
import type { SpaceDefinition } from '../strategies/registry';
import { nasrlTokenSpace } from '../tokenSpaces';
import { NASRL_SECTION } from './nasrlSection';
import { parseNasrlString } from './nasrlGraph';

export const nasrlSpace: SpaceDefinition = {
  id: 'nasrl',
  section: NASRL_SECTION,
  tokenSpace: nasrlTokenSpace,
  parse: (net, config) => ({
    space: 'nasrl',
    network: { layers: parseNasrlString(net), classes: datasetClasses(config) },
  }),
  description: {
    kind: 'Layer string (NAS-RL)',
    details: () => ['Layers: filter height×width / stride, filters, inputs (img = the image)'],
  },
};
