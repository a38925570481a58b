/**
 * BlockQNN (Zhong et al., CVPR 2018; SPEC §3): Q-learning over NSC blocks, sampled in batches,
 * with reward shaping and the optional early-stop reward. Pure module: no DOM, React or tfjs.
 */
import { shapedRewards } from '../../rewards';
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import type { RunConfig } from '../../config';
import { messagesOf } from '../../message';
import type { ResultEvent } from '../../runlog';
import { scheduleBudget } from '../budgets';
import type { QLearningTraits, SampleStrategyDefinition } from '../contract';
import { Q_EVENTS, qEventCheck, qStrategy } from '../qfamily';
import { rewardTermsOf } from '../rewardChecks';
import {
  BLOCKQNN_EPSILON_SCHEDULE,
  BLOCKQNN_PRESETS,
  scaleBlockSchedule,
  type BlockQnnConfig,
} from './config';
import { blockQnnLearner } from './learner';
import { BLOCKQNN_OPTIONS } from './options';
import { close, round } from '../logNumbers';

/** A message of this strategy's own strings (locales/en.json). */
const message = messagesOf(en.messages);

const traits: QLearningTraits = {
  // BlockQNN counts iterations of a batch, whatever the batch holds (cached blocks too).
  scheduleUnits: ({ blockqnn: { batchSize, epsilonSchedule } }: RunConfig) => ({
    steps: epsilonSchedule.map((s) => ({ epsilon: s.epsilon, models: s.iterations * batchSize })),
    countsCached: true,
    batchSize,
  }),
  params: ({ blockqnn: { alpha, gamma, initialQ, rewardShaping } }: RunConfig) => ({
    alpha,
    gamma,
    initialQ,
    rewardsFor: (reward: number, steps: number) => shapedRewards(reward, steps, rewardShaping),
  }),
};

/** A BlockQNN result logs its FLOPs and density terms; its reward is the accuracy or the early-stop reward. */
function blockRewardProblem(event: ResultEvent, config: RunConfig) {
  if (rewardTermsOf(event).some((t) => t === undefined)) return message('runlog.blockTermsMissing');
  if (event.cached) return undefined;
  const earlyStop = config.blockqnn.earlyStop;
  const expected = earlyStop ? event.accuracy - event.flopsPenalty! - event.densityPenalty! : event.accuracy;
  if (close(event.reward, expected)) return undefined;
  return earlyStop
    ? message('runlog.rewardNotEarlyStop', { reward: event.reward, expected: round(expected) })
    : message('runlog.rewardNotAccuracy', { reward: event.reward, accuracy: event.accuracy });
}

export const blockqnn: SampleStrategyDefinition<BlockQnnConfig> = {
  id: 'blockqnn',
  family: 'sample',
  locales: { en, zh },
  spaces: ['block'],
  section: { id: 'blockqnn', options: BLOCKQNN_OPTIONS, presets: BLOCKQNN_PRESETS },
  qLearning: traits,
  budget: (config) => scheduleBudget(traits.scheduleUnits(config)),
  create: (config) => qStrategy(blockQnnLearner(config)),
  events: Q_EVENTS,
  // The early-stop reward subtracts unbounded log penalties: it may leave [0, 1].
  unboundedReward: (config) => config.blockqnn.earlyStop,
  eventCheck: (config) => qEventCheck(traits, config, config.blockqnn.earlyStop),
  rewardProblem: blockRewardProblem,
  // A comparison keeps BlockQNN's own schedule: it counts iterations of a batch, not models.
  budgetPatch: () => ({}),
  lessons: [
    {
      // Zhong et al. 2018: NSC blocks, reward shaping on, the schedule 95, 7, ... 12 scaled x0.06
      // (15 iterations of 4 blocks), 2 stages of 1 block from 8 channels.
      id: 'blockqnn',
      order: 10,
      patch: {
        fidelity: 'class',
        strategy: 'blockqnn',
        space: 'block',
        seed: 7,
        blockqnn: { epsilonSchedule: scaleBlockSchedule(BLOCKQNN_EPSILON_SCHEDULE, 0.06) },
      },
    },
  ],
};
