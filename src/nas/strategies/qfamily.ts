/**
 * What the Q-learning strategies (MetaQNN, BlockQNN) share: a learner behind one small interface,
 * its adapter to `SearchStrategy`, and the run-log events only Q-learners write (Q-updates and
 * epsilon steps) with the checks that every logged Q-update follows the update rule of SPEC §2.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from '../config';
import { message, type Message } from '../message';
import type { QTable, QUpdateSink } from '../qlearning';
import type { ReplayDictionary } from '../replay';
import type { Rng } from '../rng';
import type {
  Candidate,
  EventCheck,
  EventRule,
  QLearningTraits,
  RewardTerms,
  SearchStrategy,
} from './contract';
import { close, outsideUnit, round } from './logNumbers';

/** A Q-learning strategy's own search: proposals, cached rewards, rewards and Q-updates. */
export interface QLearner {
  readonly qTable: QTable;
  readonly replayDictionary: ReplayDictionary;
  /** Proposals of one iteration, all at the same epsilon: 1 for MetaQNN, a batch for BlockQNN. */
  proposeIteration(rng: Rng, epsilon: number): Candidate[];
  /** The stored reward of an architecture already in the replay dictionary. */
  cachedReward(net: string): number | undefined;
  /** The reward of a trained architecture, with the terms it was computed from. */
  reward(candidate: Candidate, accuracy: number): { reward: number; terms: RewardTerms };
  /** Learns from one proposal's reward: its trajectory, then the replay samples. Returns the
   * replay-dictionary indices drawn; `sink` receives every Q change. */
  observe(candidate: Candidate, reward: number, replayRng: Rng, sink?: QUpdateSink): number[];
}

/** A Q-learner as the search run sees every strategy. */
export function qStrategy(learner: QLearner): SearchStrategy {
  return {
    qTable: learner.qTable,
    replayDictionary: learner.replayDictionary,
    proposeIteration: (rng, epsilon) => learner.proposeIteration(rng, epsilon),
    cachedReward: (net) => learner.cachedReward(net),
    reward: (candidate, accuracy) => learner.reward(candidate, accuracy),
    observe: (candidate, reward, rng, index) => [
      { type: 'replay', index, samples: learner.observe(candidate, reward, rng) },
    ],
    dispose: () => {},
  };
}

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const nonNegativeInt = { type: 'integer', minimum: 0 } as const;

/** The Q-learners' own events: what each result taught (format 2: the replay samples; format 1
 * logged every Q-value change), and each step of the epsilon schedule. */
export const Q_EVENTS: readonly EventRule[] = [
  {
    type: 'q-update',
    required: {
      state: str,
      action: str,
      nextState: str,
      reward: num,
      oldQ: num,
      maxNextQ: num,
      newQ: num,
      source: { enum: ['trajectory', 'replay'] },
    },
    elsewhere: (config) => message('runlog.noQTable', { strategy: config.strategy }),
  },
  {
    type: 'replay',
    required: { index: nonNegativeInt, samples: { type: 'array', items: nonNegativeInt } },
    elsewhere: (config) => message('runlog.noQTable', { strategy: config.strategy }),
  },
  {
    type: 'epsilon',
    required: { step: nonNegativeInt, epsilon: num, modelsAtEpsilon: nonNegativeInt },
    elsewhere: (config) => message('runlog.noSchedule', { strategy: config.strategy }),
  },
];

/**
 * The checks of one log's Q-updates and epsilon steps: each update follows
 * Q(s,u) <- (1 - alpha) Q(s,u) + alpha [r + gamma max_u' Q(s',u')] (Baker et al. 2017, §3) and
 * starts from what the previous update of its (state, action) left, or Q0; steps only advance.
 */
export function qEventCheck(traits: QLearningTraits, config: RunConfig, unbounded = false): EventCheck {
  const { alpha, gamma, initialQ } = traits.params(config);
  /** Q-values as the logged updates left them: `state\naction` -> Q. */
  const qValues = new Map<string, number>();
  let epsilonStep = -1;
  return (event): Message | undefined => {
    if (event.type === 'epsilon') {
      if (outsideUnit(event.epsilon))
        return message('runlog.outsideUnit', { field: 'epsilon', value: event.epsilon });
      if (event.step <= epsilonStep)
        return message('runlog.stepBack', { step: event.step, previous: epsilonStep });
      epsilonStep = event.step;
      return undefined;
    }
    if (event.type === 'replay') {
      // The dictionary holds proposals 0..index when proposal `index` draws from it.
      const beyond = event.samples.find((sample) => sample > event.index);
      return beyond === undefined
        ? undefined
        : message('runlog.replayBeyond', { sample: beyond, index: event.index });
    }
    if (event.type !== 'q-update') return undefined;
    if (!unbounded && outsideUnit(event.reward))
      return message('runlog.outsideUnit', { field: 'reward', value: event.reward });
    const expected = (1 - alpha) * event.oldQ + alpha * (event.reward + gamma * event.maxNextQ);
    if (Math.abs(event.newQ - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
      return message('runlog.qUpdate', {
        newQ: event.newQ,
        expected: round(expected),
        alpha,
        gamma,
        oldQ: event.oldQ,
        reward: event.reward,
        maxNextQ: event.maxNextQ,
      });
    const key = `${event.state}\n${event.action}`;
    const before = qValues.get(key);
    if (!close(event.oldQ, before ?? initialQ))
      return before === undefined
        ? message('runlog.oldQNotInitial', {
            oldQ: event.oldQ,
            state: event.state,
            action: event.action,
            initialQ,
          })
        : message('runlog.oldQNotChained', {
            oldQ: event.oldQ,
            state: event.state,
            action: event.action,
            before,
          });
    qValues.set(key, event.newQ);
    return undefined;
  };
}
