/**
 * The facts about a run log's events that a schema cannot express, in one pass: indices in order,
 * results matching their proposals, rewards following from accuracies, epsilon-greedy choices
 * explaining trajectories, counts adding up; each strategy's own events are checked by the rule
 * its definition gives. Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';
import { message, type Message, type MessageCode, type MessageParam } from './message';
import type { ProposeEvent, RunEvent } from './runlog';
import { strategyEventRules } from './runlogSchemaShape';
import { transformedRewardProblem } from './strategies/rewardChecks';
import { strategyDefinition } from './strategies';
import { outsideUnit } from './strategies/logNumbers';

/**
 * Why a proposal's logged choices do not explain its trajectory, or undefined: one per step, the
 * step's action among the legal ones with one Q each, explore exactly when the draw u < epsilon,
 * and an exploiting step's action of maximal Q (format 1, which logged the Q-values; format 2's
 * follow from its replay events).
 */
function choicesProblem(event: ProposeEvent): Message | undefined {
  const { choices, trajectory, epsilon } = event;
  if (choices === undefined) return undefined;
  if (epsilon === undefined) return message('runlog.choicesWithoutEpsilon');
  if (choices.length !== trajectory.length)
    return message('runlog.choicesCount', { choices: choices.length, steps: trajectory.length });
  for (let k = 0; k < choices.length; k++) {
    const { u, explore, actions, q } = choices[k]!;
    const step = trajectory[k]!;
    if (q !== undefined && q.length !== actions.length)
      return message('runlog.choiceQCount', { k, actions: actions.length, q: q.length });
    const chosen = actions.indexOf(step.action);
    if (chosen < 0) return message('runlog.choiceIllegal', { k, action: step.action });
    if (u === null) {
      if (actions.length !== 1 || explore) return message('runlog.choiceWithoutDraw', { k });
      continue;
    }
    if (explore !== u < epsilon)
      return message(u < epsilon ? 'runlog.choiceMeansExplore' : 'runlog.choiceMeansExploit', {
        k,
        u,
        epsilon,
      });
    if (!explore && q !== undefined && q[chosen]! < Math.max(...q))
      return message('runlog.choiceNotMaximal', {
        k,
        action: step.action,
        q: q[chosen]!,
        max: Math.max(...q),
      });
  }
  return undefined;
}

/** The facts about events that the schema cannot express, in one pass. */
export function checkEvents(events: readonly RunEvent[], config: RunConfig): Message | undefined {
  const definition = strategyDefinition(config.strategy);
  const own = new Set((definition.events ?? []).map((rule) => rule.type));
  const ownCheck = definition.eventCheck?.(config);
  const unbounded = definition.unboundedReward?.(config) ?? false;
  const rewardProblem = definition.rewardProblem ?? transformedRewardProblem;
  // Proposals of a strategy with an epsilon schedule log the epsilon they were drawn at.
  const scheduled = definition.family === 'sample' && definition.qLearning !== undefined;
  const proposedArch: string[] = [];
  const hasResult: boolean[] = [];
  const log = { proposedArch, hasResult };
  let trained = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const where = `events[${i}] (${event.type})`;
    const at = (code: MessageCode, params?: Record<string, MessageParam>): Message =>
      message('runlog.at', { where, problem: message(code, params) });
    const within = (problem: Message | undefined): Message | undefined =>
      problem === undefined ? undefined : message('runlog.at', { where, problem });
    if (i > 0 && events[i - 1]!.type === 'done') return at('runlog.afterDone', { done: i - 1 });
    switch (event.type) {
      case 'propose': {
        if (event.index !== proposedArch.length)
          return at('runlog.indexOutOfOrder', { index: event.index, expected: proposedArch.length });
        if (scheduled && event.epsilon === undefined) return at('runlog.proposalNeedsEpsilon');
        if (!scheduled && event.epsilon !== undefined)
          return at('runlog.proposalHasEpsilon', { strategy: config.strategy });
        if (event.epsilon !== undefined && outsideUnit(event.epsilon))
          return at('runlog.outsideUnit', { field: 'epsilon', value: event.epsilon });
        const problem = within(choicesProblem(event));
        if (problem !== undefined) return problem;
        proposedArch.push(event.arch);
        hasResult.push(false);
        break;
      }
      case 'result': {
        const arch = proposedArch[event.index];
        if (arch === undefined) return at('runlog.resultWithoutProposal', { index: event.index });
        if (arch !== event.arch)
          return at('runlog.archDiffers', { arch: event.arch, index: event.index, proposed: arch });
        if (hasResult[event.index]) return at('runlog.secondResult', { index: event.index });
        hasResult[event.index] = true;
        if (!event.cached) trained++;
        if (outsideUnit(event.accuracy))
          return at('runlog.outsideUnit', { field: 'accuracy', value: event.accuracy });
        if (!unbounded && outsideUnit(event.reward))
          return at('runlog.outsideUnit', { field: 'reward', value: event.reward });
        const problem = within(rewardProblem(event, config));
        if (problem !== undefined) return problem;
        if (event.testAccuracy !== undefined && outsideUnit(event.testAccuracy))
          return at('runlog.outsideUnit', { field: 'testAccuracy', value: event.testAccuracy });
        if (event.fromResultCache && event.cached) return at('runlog.cachedTwice');
        if (event.fromResultCache && event.trainMs !== 0)
          return at('runlog.cacheTrainTime', { trainMs: event.trainMs });
        const badEpoch = event.curve.findIndex(outsideUnit);
        if (badEpoch >= 0)
          return at('runlog.curveOutsideUnit', { epoch: badEpoch, value: event.curve[badEpoch]! });
        break;
      }
      case 'done':
        if (event.trained !== trained)
          return at('runlog.trainedCount', { trained: event.trained, results: trained });
        break;
      default: {
        if (!own.has(event.type)) {
          const rule = strategyEventRules().get(event.type);
          return within(rule?.elsewhere(config) ?? message('runlog.unknownEventType', { type: event.type }));
        }
        const problem = within(ownCheck?.(event, log));
        if (problem !== undefined) return problem;
      }
    }
  }
  return undefined;
}
