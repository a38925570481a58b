/**
 * MetaQNN's config section (Baker et al., ICLR 2017; SPEC §2): the `layers` space (which
 * evolution and random search sample too) and the Q-learning settings, with the paper's values
 * and the fidelity presets. Pure module: no DOM, React or tfjs.
 */
import type { EpsilonStep, FidelityId } from '../../config';

/** MetaQNN search space and Q-learning settings (SPEC §2). */
export interface MetaQnnConfig {
  /** Maximum number of layers before termination is forced. */
  layerLimit: number;
  /** Allowed conv filter counts (output channels). */
  convFilters: number[];
  /** Allowed conv receptive fields (odd, pixels). */
  convSizes: number[];
  /** Allowed pooling (size, stride) pairs. */
  poolOptions: [number, number][];
  /** Allowed fully connected widths (units). */
  fcWidths: number[];
  /** Maximum consecutive FC layers. */
  maxFc: number;
  /** Q-learning rate. */
  alpha: number;
  /** Discount factor. */
  gamma: number;
  /** Initial value of every Q(s, u). */
  initialQ: number;
  /** Replay-dictionary samples (with replacement) updated after each model. */
  replaySamples: number;
  epsilonSchedule: EpsilonStep[];
}

declare module '../../config' {
  interface StrategySections {
    metaqnn: MetaQnnConfig;
  }
}

/** MetaQNN's epsilon schedule, Baker et al. Table 2 (2,700 unique models). */
export const PAPER_EPSILON_SCHEDULE: readonly EpsilonStep[] = [
  { epsilon: 1.0, models: 1500 },
  { epsilon: 0.9, models: 100 },
  { epsilon: 0.8, models: 100 },
  { epsilon: 0.7, models: 100 },
  { epsilon: 0.6, models: 150 },
  { epsilon: 0.5, models: 150 },
  { epsilon: 0.4, models: 150 },
  { epsilon: 0.3, models: 150 },
  { epsilon: 0.2, models: 150 },
  { epsilon: 0.1, models: 150 },
];

/** The paper's schedule with every step scaled by `factor` (at least one model per step). */
export function scaleSchedule(schedule: readonly EpsilonStep[], factor: number): EpsilonStep[] {
  return schedule.map((s) => ({ epsilon: s.epsilon, models: Math.max(1, Math.round(s.models * factor)) }));
}

/**
 * MetaQNN's epsilon schedule (Baker et al. Table 2) scaled to exactly `budget` unique models:
 * each step keeps its share, rounded by largest remainder, at least 1 model per step while the
 * budget allows (small budgets keep the first steps).
 */
export function scheduleForBudget(budget: number): EpsilonStep[] {
  const total = PAPER_EPSILON_SCHEDULE.reduce((sum, s) => sum + s.models, 0);
  const raw = PAPER_EPSILON_SCHEDULE.map((s) => (s.models * budget) / total);
  const models = raw.map(Math.floor);
  let left = budget - models.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (const { i } of order) {
    if (left <= 0) break;
    models[i]!++;
    left--;
  }
  return PAPER_EPSILON_SCHEDULE.map((s, i) => ({ epsilon: s.epsilon, models: models[i]! })).filter(
    (s) => s.models > 0,
  );
}

const PAPER_METAQNN: MetaQnnConfig = {
  layerLimit: 12,
  convFilters: [64, 128, 256, 512],
  convSizes: [1, 3, 5],
  poolOptions: [
    [5, 3],
    [3, 2],
    [2, 2],
  ],
  fcWidths: [512, 256, 128],
  maxFc: 2,
  alpha: 0.01,
  gamma: 1,
  initialQ: 0.5,
  replaySamples: 100,
  epsilonSchedule: PAPER_EPSILON_SCHEDULE.map((s) => ({ ...s })),
};

/** The section at each fidelity (SPEC §7): `paper` is Table 1 and 2; `class` and `test` scale them. */
export const METAQNN_PRESETS: Readonly<Record<FidelityId, MetaQnnConfig>> = {
  paper: PAPER_METAQNN,
  class: {
    ...PAPER_METAQNN,
    layerLimit: 8,
    convFilters: [8, 16, 32],
    fcWidths: [64, 32],
    epsilonSchedule: scaleSchedule(PAPER_EPSILON_SCHEDULE, 0.02),
  },
  test: {
    ...PAPER_METAQNN,
    layerLimit: 3,
    convFilters: [4, 8],
    convSizes: [1, 3],
    poolOptions: [[2, 2]],
    fcWidths: [16],
    replaySamples: 20,
    epsilonSchedule: [
      { epsilon: 1, models: 3 },
      { epsilon: 0.5, models: 1 },
      { epsilon: 0.1, models: 1 },
    ],
  },
};
