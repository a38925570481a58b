/**
 * The Q-learning traits of a config's strategy, for the code that draws or checks a Q-learner
 * (the epsilon schedule, the update rule's numbers) without naming one.
 * Pure module: no DOM, React or tfjs.
 */
import type { QRule } from './qReplay';
import type { RunConfig } from './config';
import { ModelBudget, modelSchedule } from './strategies/budgets';
import type { QLearningTraits, ScheduleUnits } from './strategies/contract';
import { findStrategy } from './strategies';

export { DATASET_CLASSES } from './config';
export type { RewardTerms, ScheduleUnits } from './strategies/contract';
export type { QLearner } from './strategies/qfamily';

function qTraits(config: RunConfig): QLearningTraits | undefined {
  const definition = findStrategy(config.strategy);
  return definition?.family === 'sample' ? definition.qLearning : undefined;
}

/** Whether the config's strategy learns a Q-table under an epsilon schedule (MetaQNN, BlockQNN). */
export function isQConfig(config: RunConfig): boolean {
  return qTraits(config) !== undefined;
}

/**
 * What the UI draws as the run's schedule: the epsilon schedule of a Q-learner, else one step at
 * epsilon 1 as long as the budget of models (`models` of the strategy's section).
 */
export function drawnSchedule(config: RunConfig): ScheduleUnits {
  const traits = qTraits(config);
  if (traits) return traits.scheduleUnits(config);
  // A one-shot search trains one model: the cell it derives, trained alone.
  if (findStrategy(config.strategy)?.family === 'oneshot') return modelSchedule(1);
  const section = (config as unknown as Record<string, { models?: unknown }>)[config.strategy];
  if (typeof section?.models === 'number') return modelSchedule(section.models);
  // A budget of models the strategy derives from its settings (PNAS: every 1-block cell, then K a level).
  const definition = findStrategy(config.strategy);
  const budget = definition?.family === 'sample' ? definition.budget(config) : null;
  return modelSchedule(budget instanceof ModelBudget ? budget.models : 0);
}

/**
 * Alpha, gamma and Q0 of the config's strategy (for checking and explaining logged Q-updates);
 * zeros for a strategy without a Q-table, whose views have no Q-values to draw.
 */
export function qParams(config: RunConfig): QRule {
  return qTraits(config)?.params(config) ?? { alpha: 0, gamma: 0, initialQ: 0 };
}
