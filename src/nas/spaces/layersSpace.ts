/**
 * The \`layers\` space as the generic machinery sees it (Baker et al. 2017): MetaQNN's section
 * holds its settings; a net string parses back to its chain. Pure module: no DOM, React or tfjs.
 */
import { datasetChannels, datasetImageSize } from '../config';
import { qStatesOf } from './qStates';
import type { SpaceDefinition } from '../strategies/registry';
import { actionKey, describeArchitecture, legalActions, parseNetString, parseStateKey } from './layers';

export const layersSpace: SpaceDefinition = {
  id: 'layers',
  // Baker et al. 2017's chains: MetaQNN's section holds their settings (layer limit, filters, ...).
  describedBy: ['metaqnn'],
  parse: (net) => ({ space: 'layers', layers: parseNetString(net) }),
  qStates: qStatesOf(parseStateKey, legalActions, actionKey, (config) => config.metaqnn),
  description: {
    kind: 'Net string (MetaQNN layers)',
    details(net, config) {
      const size = datasetImageSize(config);
      const { layers } = describeArchitecture(parseNetString(net), [
        size,
        size,
        datasetChannels(config),
      ]);
      return [
        'Layers (output shape, parameters):',
        ...layers.map((l) => `  ${l.label.padEnd(12)} [${l.outputShape.join('×')}]  ${l.params}`),
      ];
    },
  },
};
