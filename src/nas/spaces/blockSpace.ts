/**
 * The \`block\` space as the generic machinery sees it (Zhong et al. 2018): BlockQNN's section
 * holds its settings and the network the blocks are stacked into. Pure module: no DOM, React or tfjs.
 */
import { datasetClasses } from '../config';
import { qStatesOf } from './qStates';
import type { SpaceDefinition } from '../strategies/registry';
import { actionKey, legalActions, parseBlockString, parseStateKey } from './block';

export const blockSpace: SpaceDefinition = {
  id: 'block',
  // Zhong et al. 2018's NSC blocks: BlockQNN's section holds their settings.
  describedBy: ['blockqnn'],
  parse(net, config) {
    const { stages, blocksPerStage, baseWidth } = config.blockqnn;
    return {
      space: 'block',
      network: {
        block: parseBlockString(net),
        network: { stages, blocksPerStage, baseWidth },
        classes: datasetClasses(config),
      },
    };
  },
  qStates: qStatesOf(parseStateKey, legalActions, actionKey, (config) => config.blockqnn),
  description: {
    kind: 'Block as NSCs (BlockQNN: index, type, kernel, pred1, pred2)',
    details(_net, config) {
      const { stages, blocksPerStage, baseWidth } = config.blockqnn;
      return [
        `Network: ${stages} stages × ${blocksPerStage} blocks from ${baseWidth} channels (doubling per stage), then GAP and softmax`,
      ];
    },
  },
};
