/**
 * The one list of search spaces: each space's definition is a module beside its code, registered
 * here in the order of the \`space\` option's choices. The model builder that trains a space is
 * src/train's \`buildModel\`, keyed by the architecture's \`space\`.
 * Pure module: no DOM, React or tfjs.
 */
import { registerSpace, type SpaceDefinition } from '../strategies/registry';
import { blockSpace } from './blockSpace';
import { cellSpace } from './cellSpace';
import { dartsSpace } from './dartsSpace';
import { layersSpace } from './layersSpace';
import { nasrlSpace } from './nasrlSpace';
import { nb201Space } from './nb201Space';

/** The built-in spaces, in the order of the \`space\` option's choices. */
export const BUILTIN_SPACES: readonly SpaceDefinition[] = [
  layersSpace,
  blockSpace,
  nasrlSpace,
  cellSpace,
  nb201Space,
  dartsSpace,
];

for (const space of BUILTIN_SPACES) registerSpace(space);
