/**
 * Lesson presets: each paper's setting in miniature, as a config patch with its seed. Every
 * patch names its fidelity, strategy, space and seed, so applying it gives the same config
 * whatever was set before. The scalings keep the paper's rules and ratios (SPEC.md); what a
 * lesson shows is explained in the `lessons` i18n namespace. Pure module: no DOM, React or tfjs.
 */
import { scheduleForBudget } from './compare';
import { BLOCKQNN_EPSILON_SCHEDULE, scaleBlockSchedule, type ConfigPatch, type RunConfig } from './config';
import { applyConfigPatch } from './options';
import { encodeConfig } from './shareLink';

export type LessonId =
  'metaqnn' | 'blockqnn' | 'nasrl' | 'nasnet' | 'evolution' | 'random' | 'nb201-qlearning';

export interface Lesson {
  id: LessonId;
  /** The settings: fidelity, strategy, space and seed always, then what differs from the preset. */
  patch: ConfigPatch & Required<Pick<ConfigPatch, 'fidelity' | 'strategy' | 'space' | 'seed'>>;
}

/**
 * One budget for the three NAS-Bench-201 lessons, so that Q-learning, evolution and random
 * search can be compared on the same table, budget and seed (lookups: seconds, not hours).
 */
const NB201_BUDGET = 300;
const NB201_SEED = 7;

export const LESSONS: readonly Lesson[] = [
  {
    // Baker et al. 2017: the class preset already is Table 1's rules with Table 2's schedule
    // scaled x0.02 (54 models); alpha 0.01, gamma 1, Q0 0.5 and 100 replay samples as the paper.
    id: 'metaqnn',
    patch: { fidelity: 'class', strategy: 'metaqnn', space: 'layers', seed: 7 },
  },
  {
    // Zhong et al. 2018: NSC blocks, reward shaping on, the schedule 95, 7, ... 12 scaled x0.06
    // (15 iterations of 4 blocks), 2 stages of 1 block from 8 channels.
    id: 'blockqnn',
    patch: {
      fidelity: 'class',
      strategy: 'blockqnn',
      space: 'block',
      seed: 7,
      blockqnn: { epsilonSchedule: scaleBlockSchedule(BLOCKQNN_EPSILON_SCHEDULE, 0.06) },
    },
  },
  {
    // Zoph & Le 2017: 2 x 35 LSTM, U(-0.08, 0.08), EMA baseline 0.95, cubed reward, stride 1,
    // anchor-point skips; 4 layers of {8, 12, 16, 24} filters instead of 15 of {24 ... 64}.
    // Adam 0.02 instead of 0.0006, so that 40 models (not 12,800) visibly move the controller.
    id: 'nasrl',
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
    patch: {
      fidelity: 'class',
      strategy: 'reinforce',
      space: 'cell',
      seed: 7,
      cell: { blocks: 5, stacks: 2, cellsPerStack: 1, baseFilters: 8 },
      reinforce: { models: 40, batchSize: 4 },
    },
  },
  {
    // Real et al. 2019: P = 100, S = 25 (S = P / 4) scaled to P = 20, S = 5, on NAS-Bench-201.
    id: 'evolution',
    patch: {
      fidelity: 'class',
      strategy: 'evolution',
      space: 'nb201',
      dataset: 'nb201-cifar10',
      seed: NB201_SEED,
      evolution: { models: NB201_BUDGET, populationSize: 20, tournamentSize: 5 },
    },
  },
  {
    // SPEC §6: uniform legal cells from the same space and budget, the baseline.
    id: 'random',
    patch: {
      fidelity: 'class',
      strategy: 'random',
      space: 'nb201',
      dataset: 'nb201-cifar10',
      seed: NB201_SEED,
      random: { models: NB201_BUDGET },
    },
  },
  {
    // MetaQNN's Q-learning (alpha 0.01, gamma 1, Q0 0.5, 100 replays) over the 6 edges of a
    // NAS-Bench-201 cell, with Table 2's schedule scaled to the budget (1/9 of 2,700).
    id: 'nb201-qlearning',
    patch: {
      fidelity: 'class',
      strategy: 'metaqnn',
      space: 'nb201',
      dataset: 'nb201-cifar10',
      seed: NB201_SEED,
      metaqnn: { epsilonSchedule: scheduleForBudget(NB201_BUDGET) },
    },
  },
];

/** The lesson with this id, or undefined. */
export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** A lesson's full config (the patch on the defaults); throws if the lesson breaks a rule. */
export function lessonConfig(lesson: Lesson, base: RunConfig): RunConfig {
  const result = applyConfigPatch(base, lesson.patch);
  if (!result.ok) throw new Error(`Lesson ${lesson.id}: ${result.errors.map((e) => e.message).join(' ')}`);
  return result.config;
}

/**
 * The lesson whose settings `config` holds, whatever its seed (trying another seed stays in
 * the lesson), or undefined once any other setting was changed.
 */
export function matchingLesson(config: RunConfig): Lesson | undefined {
  return LESSONS.find((lesson) => {
    const result = applyConfigPatch(config, { ...lesson.patch, seed: config.seed });
    // The link text is a canonical form of a config (key order aside).
    return result.ok && encodeConfig(result.config) === encodeConfig(config);
  });
}
