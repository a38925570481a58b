/**
 * DARTS (Liu, Simonyan & Yang, ICLR 2019; SPEC §5): a continuous relaxation of the cell, every
 * edge a softmax(alpha)-weighted sum of its ops, alpha and the shared weights trained by
 * alternating gradient steps. Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import '../../oneshot/events';
import { oneShotSpace } from '../../oneshot/spaces';
import { oneShotDefinition } from '../oneshot/definition';
import { DARTS_ALPHA_EVENT } from '../oneshot/events';
import { DARTS_PRESETS, type DartsConfig } from './config';
import { dartsMethod } from './method';
import { DARTS_OPTIONS } from './options';

export const darts = oneShotDefinition<DartsConfig>({
  id: 'darts',
  locales: { en, zh },
  section: { id: 'darts', options: DARTS_OPTIONS, presets: DARTS_PRESETS },
  events: [DARTS_ALPHA_EVENT],
  method: (config, section) => dartsMethod(section, oneShotSpace(config.space)),
  lessons: [
    {
      // One lesson per method on the same cell, data and seed (issue #18): DARTS first.
      id: 'darts',
      order: 60,
      patch: { fidelity: 'class', strategy: 'darts', space: 'nb201', seed: 7, dataset: 'mnist-14' },
    },
  ],
});
