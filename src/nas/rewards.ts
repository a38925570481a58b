/**
 * Rewards of the search strategies beyond plain accuracy (SPEC §1 "Reward", §3 BlockQNN):
 * the early-stop reward with FLOPs and density penalties, and reward shaping of the
 * intermediate transitions of a trajectory.
 * Pure module: no DOM, React or tfjs.
 */

/** Weights of BlockQNN's early-stop reward (SPEC §3; defaults unconfirmed). */
export interface EarlyStopParams {
  /** Weight of the log-FLOPs penalty. */
  mu: number;
  /** Weight of the log-density penalty. */
  rho: number;
  /** FLOPs (MACs) that cost nothing: the penalty is mu * ln(flops / flopsBaseline). */
  flopsBaseline: number;
}

/**
 * BlockQNN's early-stop reward (Zhong et al. 2018; SPEC §3):
 * accuracy - mu * ln(flops / flopsBaseline) - rho * ln(density), natural logarithms.
 * `flops` in the same unit as the baseline (MACs here); `density` = edges / nodes of the block.
 * Can be negative or above 1: the penalties are not bounded.
 */
export function earlyStopReward(
  accuracy: number,
  flops: number,
  density: number,
  { mu, rho, flopsBaseline }: EarlyStopParams,
): number {
  if (!(flops > 0)) throw new Error(`Early-stop reward needs positive FLOPs, got ${flops}`);
  if (!(flopsBaseline > 0))
    throw new Error(`Early-stop reward needs a positive FLOPs baseline, got ${flopsBaseline}`);
  if (!(density > 0)) throw new Error(`Early-stop reward needs a positive density, got ${density}`);
  return accuracy - mu * Math.log(flops / flopsBaseline) - rho * Math.log(density);
}

/**
 * Per-transition rewards of a trajectory of `steps` transitions (the final one included) that
 * earned `finalReward`. With shaping (BlockQNN, SPEC §3: unconfirmed form) every intermediate
 * transition gets r_t = r_T / T, T = `steps`, and the final one r_T; without it (MetaQNN) the
 * intermediate ones get 0. E.g. finalReward 0.8, 4 steps, shaping: [0.2, 0.2, 0.2, 0.8].
 */
export function shapedRewards(finalReward: number, steps: number, shaping = true): number[] {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`A trajectory has at least 1 step, got ${steps}`);
  const intermediate = shaping ? finalReward / steps : 0;
  return Array.from({ length: steps }, (_, t) => (t === steps - 1 ? finalReward : intermediate));
}
