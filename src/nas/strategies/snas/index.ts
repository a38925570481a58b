/**
 * SNAS (Xie, Zheng, Liu & Lin, ICLR 2019; SPEC §5): stochastic NAS, a Gumbel-softmax sample of the
 * cell per minibatch, its temperature annealed, weights and alpha trained on the same batch, an
 * optional resource penalty. Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import '../../oneshot/events';
import { datasetImageSize } from '../../config';
import { oneShotSpace } from '../../oneshot/spaces';
import { oneShotDefinition } from '../oneshot/definition';
import { SNAS_GUMBEL_EVENT } from '../oneshot/events';
import { SNAS_PRESETS, type SnasConfig } from './config';
import { snasMethod } from './method';
import { SNAS_OPTIONS } from './options';

export const snas = oneShotDefinition<SnasConfig>({
  id: 'snas',
  locales: { en, zh },
  section: { id: 'snas', options: SNAS_OPTIONS, presets: SNAS_PRESETS },
  events: [SNAS_GUMBEL_EVENT],
  method: (config, section) => snasMethod(section, datasetImageSize(config), oneShotSpace(config.space)),
  lessons: [
    {
      id: 'snas',
      order: 61,
      patch: { fidelity: 'class', strategy: 'snas', space: 'nb201', seed: 7, dataset: 'mnist-14' },
    },
  ],
});
