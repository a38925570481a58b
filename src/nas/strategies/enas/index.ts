/**
 * ENAS (Pham, Guan, Zoph, Le & Dean, ICML 2018; SPEC §5): every child a subgraph of one supernet
 * whose weights they share; an LSTM controller samples them and learns by REINFORCE from their
 * validation accuracy. Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import '../../oneshot/events';
import { oneShotSpace } from '../../oneshot/spaces';
import { oneShotDefinition } from '../oneshot/definition';
import { ENAS_UPDATE_EVENT } from '../oneshot/events';
import { ENAS_PRESETS, type EnasConfig } from './config';
import { enasMethod } from './method';
import { ENAS_OPTIONS } from './options';

export const enas = oneShotDefinition<EnasConfig>({
  id: 'enas',
  locales: { en, zh },
  section: { id: 'enas', options: ENAS_OPTIONS, presets: ENAS_PRESETS },
  method: (config, section) => enasMethod(section, config.seed, oneShotSpace(config.space)),
  events: [ENAS_UPDATE_EVENT],
  lessons: [
    {
      id: 'enas',
      order: 62,
      patch: { fidelity: 'class', strategy: 'enas', space: 'nb201', seed: 7, dataset: 'mnist-14' },
    },
  ],
});
