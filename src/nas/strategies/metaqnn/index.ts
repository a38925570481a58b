/**
 * MetaQNN (Baker et al., ICLR 2017; SPEC §2): Q-learning over layer chains, or over the edges of a
 * NAS-Bench-201 cell. Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import type { RunConfig } from '../../config';
import { scheduleBudget } from '../budgets';
import type { QLearningTraits, SampleStrategyDefinition } from '../contract';
import { NB201_LESSON_BASE, NB201_LESSON_BUDGET } from '../nb201Lessons';
import { Q_EVENTS, qEventCheck, qStrategy } from '../qfamily';
import { METAQNN_PRESETS, scheduleForBudget, type MetaQnnConfig } from './config';
import { metaQnnLearner, nb201Learner } from './learners';
import { METAQNN_OPTIONS } from './options';

const traits: QLearningTraits = {
  // MetaQNN counts unique models trained (Baker et al. 2017), one per iteration.
  scheduleUnits: (config: RunConfig) => ({
    steps: config.metaqnn.epsilonSchedule.map((s) => ({ ...s })),
    countsCached: false,
    batchSize: 1,
  }),
  params: ({ metaqnn: { alpha, gamma, initialQ } }: RunConfig) => ({ alpha, gamma, initialQ }),
};

export const metaqnn: SampleStrategyDefinition<MetaQnnConfig> = {
  id: 'metaqnn',
  family: 'sample',
  locales: { en, zh },
  spaces: ['layers', 'nb201'],
  section: { id: 'metaqnn', options: METAQNN_OPTIONS, presets: METAQNN_PRESETS },
  qLearning: traits,
  budget: (config) => scheduleBudget(traits.scheduleUnits(config)),
  create: (config) => qStrategy(config.space === 'nb201' ? nb201Learner(config) : metaQnnLearner(config)),
  events: Q_EVENTS,
  eventCheck: (config) => qEventCheck(traits, config),
  budgetPatch: (models) => ({ metaqnn: { epsilonSchedule: scheduleForBudget(models) } }),
  lessons: [
    {
      // Baker et al. 2017: the class preset already is Table 1's rules with Table 2's schedule
      // scaled x0.02 (54 models); alpha 0.01, gamma 1, Q0 0.5 and 100 replay samples as the paper.
      id: 'metaqnn',
      order: 0,
      patch: { fidelity: 'class', strategy: 'metaqnn', space: 'layers', seed: 7 },
    },
    {
      // The same lesson for a machine without a GPU (issue #22): the same rules, schedule and seed;
      // each network trains 1 epoch on 1,000 images (250 validation) instead of 2 on 2,000 (500),
      // a quarter of the training, so that its 54 models fit a class period on a software adapter
      // (measured: npm run bench:lesson -- --lesson metaqnn-nogpu, docs/benchmarks.md).
      id: 'metaqnn-nogpu',
      order: 1,
      patch: {
        fidelity: 'class',
        strategy: 'metaqnn',
        space: 'layers',
        seed: 7,
        data: { trainImages: 1000, valImages: 250 },
        training: { epochs: 1 },
      },
    },
    {
      // MetaQNN's Q-learning (alpha 0.01, gamma 1, Q0 0.5, 100 replays) over the 6 edges of a
      // NAS-Bench-201 cell, with Table 2's schedule scaled to the budget (1/9 of 2,700).
      id: 'nb201-qlearning',
      order: 60,
      patch: {
        ...NB201_LESSON_BASE,
        strategy: 'metaqnn',
        metaqnn: { epsilonSchedule: scheduleForBudget(NB201_LESSON_BUDGET) },
      },
    },
  ],
};
