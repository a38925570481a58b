/**
 * One budget and seed for the three NAS-Bench-201 lessons (Q-learning, evolution, random search),
 * so that they compare on the same table, budget and seed (lookups: seconds, not hours).
 * Pure module: no DOM, React or tfjs.
 */

/** Unique cells each NAS-Bench-201 lesson looks up. */
export const NB201_LESSON_BUDGET = 300;

/** The seed of the NAS-Bench-201 lessons. */
export const NB201_LESSON_SEED = 7;

/** The settings the three NAS-Bench-201 lessons share. */
export const NB201_LESSON_BASE = {
  fidelity: 'class',
  space: 'nb201',
  dataset: 'nb201-cifar10',
  seed: NB201_LESSON_SEED,
} as const;
