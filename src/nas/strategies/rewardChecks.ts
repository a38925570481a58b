/**
 * How a logged result's reward follows from its accuracy, for the strategies whose reward is the
 * accuracy itself or a transform of it (BlockQNN has its own rule). Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from '../config';
import { message, type Message } from '../message';
import { transformReward, type RewardTransform } from '../reinforce';
import type { ResultEvent } from '../runlog';
import { close, round } from './logNumbers';

/** Whether a result carries BlockQNN's FLOPs and density terms (all of them, or some). */
export function rewardTermsOf(event: ResultEvent): (number | undefined)[] {
  return [event.flops, event.density, event.flopsPenalty, event.densityPenalty];
}

/**
 * Why a result's reward is not `transform(accuracy)`, or undefined; penalty terms are refused.
 * A cached result reuses the first reward of its architecture, which was checked when it was logged.
 */
export function transformedRewardProblem(
  event: ResultEvent,
  config: RunConfig,
  transform: RewardTransform = 'plain',
): Message | undefined {
  if (rewardTermsOf(event).some((t) => t !== undefined))
    return message('runlog.blockTermsElsewhere', { strategy: config.strategy });
  if (event.cached) return undefined;
  const expected = transformReward(event.accuracy, transform);
  return close(event.reward, expected)
    ? undefined
    : message(transform === 'cubed' ? 'runlog.rewardNotCubed' : 'runlog.rewardNotPlain', {
        reward: event.reward,
        expected: round(expected),
      });
}
