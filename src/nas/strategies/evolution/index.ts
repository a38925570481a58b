/**
 * Regularized (aging) evolution (Real et al., AAAI 2019; SPEC §6) on every space it can sample and
 * mutate. Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import type { RunConfig } from '../../config';
import './events';
import { messagesOf } from '../../message';
import { ModelBudget } from '../budgets';
import type { EventCheck, SampleStrategyDefinition, ViewFold } from '../contract';
import { NB201_LESSON_BASE, NB201_LESSON_BUDGET } from '../nb201Lessons';
import { EVOLUTION_PRESETS, type EvolutionSettings } from './config';
import { EVOLUTION_OPTIONS } from './options';
import { evolutionStrategy } from './strategy';
import { POPULATION_VIEW } from './view';

/** A message of this strategy's own strings (locales/en.json). */
const message = messagesOf(en.messages);

const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const member = {
  type: 'object',
  properties: { id: nonNegativeInt, arch: { type: 'string' }, reward: { type: 'number' } },
  required: ['id', 'arch', 'reward'],
  additionalProperties: false,
} as const;

/** Each population event adds the newest member of a trained proposal and removes the oldest one. */
function populationCheck(config: RunConfig): EventCheck {
  /** Ids of the living population members, oldest first. */
  const members: number[] = [];
  return (event, log) => {
    if (event.type !== 'population') return undefined;
    if (event.added.arch !== log.proposedArch[event.index] || !log.hasResult[event.index])
      return message('runlog.memberNotProposal', { index: event.index });
    if (event.size > config.evolution.populationSize)
      return message('runlog.populationTooLarge', {
        size: event.size,
        population: config.evolution.populationSize,
      });
    if (event.removed !== null) {
      if (members[0] !== event.removed.id)
        return members[0] === undefined
          ? message('runlog.removedFromEmpty', { id: event.removed.id })
          : message('runlog.removedNotOldest', { id: event.removed.id, oldest: members[0] });
      members.shift();
    }
    if (members.includes(event.added.id) || (members.length > 0 && event.added.id <= members.at(-1)!))
      return message('runlog.memberNotNewest', { id: event.added.id });
    members.push(event.added.id);
    if (event.size !== members.length)
      return message('runlog.populationSize', { size: event.size, living: members.length });
    return undefined;
  };
}

export const evolution: SampleStrategyDefinition<EvolutionSettings> = {
  id: 'evolution',
  family: 'sample',
  locales: { en, zh },
  view: POPULATION_VIEW as ViewFold,
  spaces: ['layers', 'nasrl', 'cell', 'nb201'],
  section: {
    id: 'evolution',
    options: EVOLUTION_OPTIONS,
    presets: EVOLUTION_PRESETS,
    problems(config, failed) {
      if (failed.has('evolution.populationSize') || failed.has('evolution.tournamentSize')) return [];
      const { populationSize, tournamentSize } = config.evolution;
      return tournamentSize > populationSize
        ? [
            {
              path: 'evolution.tournamentSize',
              problem: message('config.tournamentTooLarge', {
                population: populationSize,
                value: tournamentSize,
              }),
            },
          ]
        : [];
    },
  },
  budget: (config) => new ModelBudget(config.evolution.models),
  create: evolutionStrategy,
  events: [
    {
      type: 'population',
      required: {
        index: nonNegativeInt,
        added: member,
        removed: { oneOf: [member, { type: 'null' }] },
        size: nonNegativeInt,
      },
      elsewhere: () => message('runlog.populationElsewhere'),
    },
  ],
  eventCheck: populationCheck,
  budgetPatch: (models) => ({ evolution: { models } }),
  lessons: [
    {
      // Real et al. 2019: P = 100, S = 25 (S = P / 4) scaled to P = 20, S = 5, on NAS-Bench-201.
      id: 'evolution',
      order: 40,
      patch: {
        ...NB201_LESSON_BASE,
        strategy: 'evolution',
        evolution: { models: NB201_LESSON_BUDGET, populationSize: 20, tournamentSize: 5 },
      },
    },
  ],
};
