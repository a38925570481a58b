/**
 * From one step of regularized evolution (Real et al., AAAI 2019) to what `PopulationView`
 * shows: each living member's role in the step (parent, tournament draw, bystander) and how
 * often the tournament drew it, the colour of a reward, and the strip's layout for P up to 100.
 * Pure: no DOM (d3's colour interpolator is plain math).
 */
import { interpolateViridis } from 'd3';

/** A living member as the view gets it. */
export interface PopulationMemberView {
  /** Birth order: a smaller id is an older member. */
  id: number;
  /** Canonical net string. */
  net: string;
  reward: number;
}

/** What a member did in the latest step: the parent also counts as a tournament draw. */
export type MemberRole = 'parent' | 'tournament' | 'member';

/** A member with its role and its draws in the tournament. */
export interface PopulationCell extends PopulationMemberView {
  role: MemberRole;
  /** Times the tournament drew it (with replacement, so possibly more than once); 0 if never. */
  draws: number;
}

/** Draws per member id of a tournament sampled with replacement. */
export function tournamentCounts(tournament: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of tournament) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** The role of member `id`: the parent, another tournament draw, or neither. */
export function memberRole(
  id: number,
  parentId: number | null,
  counts: ReadonlyMap<number, number>,
): MemberRole {
  if (id === parentId) return 'parent';
  return counts.has(id) ? 'tournament' : 'member';
}

/** The members in the order given (oldest first), each with its role and draws. */
export function populationCells(
  members: readonly PopulationMemberView[],
  tournament: readonly number[],
  parentId: number | null,
): PopulationCell[] {
  const counts = tournamentCounts(tournament);
  return members.map((m) => ({
    ...m,
    role: memberRole(m.id, parentId, counts),
    draws: counts.get(m.id) ?? 0,
  }));
}

/**
 * Reward range of the colour scale: `fixed` if given, else min..max of the finite rewards given
 * (the living members, and the removed member and child so that they share the scale). A single
 * value is widened by 0.01 each way; no finite reward gives [0, 1].
 */
export function rewardDomain(
  rewards: readonly (number | null | undefined)[],
  fixed?: [number, number],
): [number, number] {
  if (fixed && fixed[1] > fixed[0]) return fixed;
  const finite = rewards.filter((r): r is number => typeof r === 'number' && Number.isFinite(r));
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return hi > lo ? [lo, hi] : [lo - 0.01, hi + 0.01];
}

/** Viridis colour of `reward` within `domain` (dark purple = low, yellow = high), clamped. */
export function rewardColor(reward: number, domain: readonly [number, number]): string {
  const [lo, hi] = domain;
  const t = hi > lo ? (reward - lo) / (hi - lo) : 0.5;
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** Strips wider than this many cells wrap into two rows. */
export const ONE_ROW_LIMIT = 50;

/** Columns of the strip for a population of `capacity` slots: one row up to 50, else two. */
export function stripColumns(capacity: number): number {
  const slots = Math.max(1, Math.floor(capacity));
  return slots > ONE_ROW_LIMIT ? Math.ceil(slots / 2) : slots;
}

/** Whether the population is still being seeded with random members (fewer than P alive). */
export function isFilling(size: number, capacity: number): boolean {
  return size < capacity;
}

/** A CSS linear gradient, left to right, of the viridis scale in `stops` steps (legend bar). */
export function viridisGradient(stops = 10): string {
  const colors = Array.from({ length: stops + 1 }, (_, i) => interpolateViridis(i / stops));
  return `linear-gradient(to right, ${colors.join(', ')})`;
}
