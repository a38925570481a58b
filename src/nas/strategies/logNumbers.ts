/**
 * How the run-log checks compare logged numbers: equal up to float noise, rounded for messages,
 * inside [0, 1]. One place for the generic checks and every strategy's own.
 * Pure module: no DOM, React or tfjs.
 */

/** Equal within a relative 1e-9 (absolute near 0): what a recomputed update must match. */
export const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** A number as a refusal quotes it: 12 significant digits. */
export const round = (x: number): number => Number(x.toPrecision(12));

/** Outside [0, 1] (NaN too): not an accuracy, reward or epsilon. */
export const outsideUnit = (x: number): boolean => !(x >= 0 && x <= 1);
