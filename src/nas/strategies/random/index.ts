/**
 * Random search (SPEC §6): every architecture drawn uniformly from the legal ones of the space,
 * the baseline every strategy should beat. Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import { datasetClasses } from '../../config';
import { uniformTokens } from '../../tokenSpace';
import { ModelBudget } from '../budgets';
import { layersImage, plainReward, requireTokenSpace, tokenCandidate, WITHOUT_Q_TABLE } from '../common';
import type { SampleStrategyDefinition, SearchStrategy } from '../contract';
import { NB201_LESSON_BASE, NB201_LESSON_BUDGET } from '../nb201Lessons';
import { RANDOM_PRESETS, type RandomConfig } from './config';
import { RANDOM_OPTIONS } from './options';
import { RandomSearchStrategy } from './random';

const nothingLearned = {
  ...WITHOUT_Q_TABLE,
  reward: plainReward,
  observe: () => [],
  dispose: () => {},
} as const;

export const random: SampleStrategyDefinition<RandomConfig> = {
  id: 'random',
  family: 'sample',
  locales: { en, zh },
  spaces: ['layers', 'nasrl', 'cell', 'nb201'],
  section: { id: 'random', options: RANDOM_OPTIONS, presets: RANDOM_PRESETS },
  budget: (config) => new ModelBudget(config.random.models),
  create(config): SearchStrategy {
    if (config.space === 'layers') {
      const sampler = new RandomSearchStrategy(config.metaqnn, layersImage(config), datasetClasses(config));
      return {
        ...nothingLearned,
        proposeIteration(rng) {
          const { arch, net } = sampler.propose(rng);
          return [{ arch: { space: 'layers', layers: arch }, net, trajectory: [] }];
        },
      };
    }
    const space = requireTokenSpace(config);
    return {
      ...nothingLearned,
      proposeIteration: (rng) => [tokenCandidate(space, uniformTokens(space.spec, rng))],
    };
  },
  budgetPatch: (models) => ({ random: { models } }),
  lessons: [
    {
      // SPEC §6: uniform legal cells from the same space and budget, the baseline.
      id: 'random',
      order: 50,
      patch: { ...NB201_LESSON_BASE, strategy: 'random', random: { models: NB201_LESSON_BUDGET } },
    },
  ],
};
