/**
 * The run-log event regularized evolution adds: the population after each model.
 * Pure module: no DOM, React or tfjs.
 */

/** A member of the evolving population. */
export interface PopulationMemberLog {
  /** Member id: the order in which members were added, from 0. */
  readonly id: number;
  readonly arch: string;
  readonly reward: number;
}

/** Evolution: the evaluated proposal joined the population; the oldest left when it was full. */
export interface PopulationEvent {
  readonly type: 'population';
  /** Proposal index of the new member. */
  readonly index: number;
  readonly added: PopulationMemberLog;
  /** The oldest member, evicted (aging), or null while the population fills. */
  readonly removed: PopulationMemberLog | null;
  /** Population size after the change. */
  readonly size: number;
}

declare module '../../runlog' {
  interface StrategyEvents {
    population: PopulationEvent;
  }
}
