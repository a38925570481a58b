/** The reward chart's points and what it derives from them: epsilon groups with their mean and the best. */

/** One proposal's outcome. */
export interface RewardPoint {
  /** Proposal index (0-based, cached proposals included), drawn on the x axis. */
  index: number;
  /** Reward (MetaQNN: best validation accuracy, in [0, 1]; BlockQNN's early-stop reward may leave it). */
  reward: number;
  /** Validation accuracy when the reward is something else (BlockQNN's early-stop reward). */
  accuracy?: number;
  /** Epsilon in force when the architecture was sampled. */
  epsilon: number;
  /** True when the reward was reused from the replay dictionary instead of training. */
  cached: boolean;
  /** Canonical net string, shown in the tooltip. */
  arch: string;
}

/** Consecutive proposals sampled at one epsilon. */
export interface EpsilonGroup {
  key: number;
  epsilon: number;
  first: number;
  last: number;
  /** Mean reward of the group's trained (non-cached) models; all of them if every one was cached. */
  mean: number;
}

/** Consecutive runs of points sharing one epsilon, with their mean reward. */
export function epsilonGroups(points: readonly RewardPoint[]): EpsilonGroup[] {
  const sorted = [...points].sort((a, b) => a.index - b.index);
  const groups: EpsilonGroup[] = [];
  let members: RewardPoint[] = [];
  const flush = () => {
    const first = members[0];
    const last = members[members.length - 1];
    if (!first || !last) return;
    const trained = members.filter((m) => !m.cached);
    const pool = trained.length > 0 ? trained : members;
    groups.push({
      key: first.index,
      epsilon: first.epsilon,
      first: first.index,
      last: last.index,
      mean: pool.reduce((s, m) => s + m.reward, 0) / pool.length,
    });
    members = [];
  };
  for (const p of sorted) {
    if (members.length > 0 && members[0]!.epsilon !== p.epsilon) flush();
    members.push(p);
  }
  flush();
  return groups;
}

/** Running best as step points [index, best], extended half a proposal past the last one. */
export function runningBest(points: readonly RewardPoint[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a.index - b.index);
  const out: [number, number][] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.reward > best) {
      best = p.reward;
      out.push([p.index, best]);
    }
  }
  const last = sorted[sorted.length - 1];
  if (last && out.length > 0) out.push([last.index + 0.5, best]);
  return out;
}
