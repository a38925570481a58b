/**
 * REINFORCE (Zoph & Le, ICLR 2017; Zoph et al. 2018; SPEC §4): an LSTM controller samples NAS-RL
 * layers or NASNet cells and learns from their rewards by policy gradient.
 * Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import './events';
import { messagesOf } from '../../message';
import { ModelBudget } from '../budgets';
import type { EventCheck, SampleStrategyDefinition, ViewFold } from '../contract';
import { transformedRewardProblem } from '../rewardChecks';
import { REINFORCE_PRESETS, type ReinforceConfig } from './config';
import { REINFORCE_OPTIONS } from './options';
import { reinforceStrategy } from './strategy';
import { POLICY_VIEW } from './view';
import { close } from '../logNumbers';

/** A message of this strategy's own strings (locales/en.json). */
const message = messagesOf(en.messages);

const num = { type: 'number' } as const;
const nonNegativeInt = { type: 'integer', minimum: 0 } as const;

/** A policy update's advantages are its rewards minus the baseline, over proposals already trained. */
const policyCheck: EventCheck = (event, log) => {
  if (event.type !== 'policy-update') return undefined;
  const { batch, rewards, advantages, baseline } = event;
  if (rewards.length !== batch.length || advantages.length !== batch.length)
    return message('runlog.batchLengths');
  const k = advantages.findIndex((a, j) => !close(a, rewards[j]! - baseline));
  if (k >= 0) return message('runlog.advantage', { k });
  if (batch.some((i) => !log.hasResult[i])) return message('runlog.batchWithoutResult');
  return undefined;
};

export const reinforce: SampleStrategyDefinition<ReinforceConfig> = {
  id: 'reinforce',
  family: 'sample',
  locales: { en, zh },
  view: POLICY_VIEW as ViewFold,
  spaces: ['nasrl', 'cell', 'nb201'],
  needs: ['policy'],
  section: { id: 'reinforce', options: REINFORCE_OPTIONS, presets: REINFORCE_PRESETS },
  budget: (config) => new ModelBudget(config.reinforce.models),
  create: reinforceStrategy,
  events: [
    {
      type: 'policy-update',
      required: {
        index: nonNegativeInt,
        batch: { type: 'array', items: nonNegativeInt, minItems: 1 },
        rewards: { type: 'array', items: num },
        baseline: num,
        advantages: { type: 'array', items: num },
        loss: num,
      },
      elsewhere: () => message('runlog.policyElsewhere'),
    },
  ],
  eventCheck: () => policyCheck,
  // REINFORCE learns from the transformed accuracy (cubed in the paper).
  rewardProblem: (event, config) => transformedRewardProblem(event, config, config.reinforce.rewardTransform),
  budgetPatch: (models) => ({ reinforce: { models } }),
  lessons: [
    {
      // Zoph & Le 2017: 2 x 35 LSTM, U(-0.08, 0.08), EMA baseline 0.95, cubed reward, stride 1,
      // anchor-point skips; 4 layers of {8, 12, 16, 24} filters instead of 15 of {24 ... 64}.
      // Adam 0.02 instead of 0.0006, so that 40 models (not 12,800) visibly move the controller.
      id: 'nasrl',
      order: 20,
      patch: {
        fidelity: 'class',
        strategy: 'reinforce',
        space: 'nasrl',
        seed: 7,
        reinforce: { models: 40, batchSize: 4, rewardTransform: 'cubed' },
      },
    },
    {
      // Zoph et al. 2018: the same controller samples normal and reduction cells of B = 5 blocks
      // (the paper's B), stacked into a tiny network: 2 stacks of 1 cell from 8 filters.
      id: 'nasnet',
      order: 30,
      patch: {
        fidelity: 'class',
        strategy: 'reinforce',
        space: 'cell',
        seed: 7,
        cell: { blocks: 5, stacks: 2, cellsPerStack: 1, baseFilters: 8 },
        reinforce: { models: 40, batchSize: 4 },
      },
    },
  ],
};
