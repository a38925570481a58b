/**
 * Regularized evolution's part of the run view: the living population, the latest tournament and
 * child, and the member it evicted, folded from the log. Pure module: no DOM, React or tfjs.
 */
import { message, type Message } from '../../message';
import type { RunEvent } from '../../runlog';
import type { ViewFold } from '../contract';
import type { PopulationMemberLog } from './events';

/** Regularized evolution as the population view draws it. */
export interface PopulationView {
  /** Living members, oldest first. */
  readonly members: readonly PopulationMemberLog[];
  /** The latest proposal's tournament (member ids, with repeats), empty for a random member. */
  readonly tournament: readonly number[];
  readonly parentId: number | null;
  /** The latest proposal: its arch, mutation (a message, or the English words of an older log)
   * and reward once evaluated. */
  readonly child: { arch: string; description: Message | string; reward: number | null } | null;
  /** The member the latest change evicted. */
  readonly removed: PopulationMemberLog | null;
}

export const EMPTY_POPULATION: PopulationView = {
  members: [],
  tournament: [],
  parentId: null,
  child: null,
  removed: null,
};

/** The population view after one more event. */
function applyPopulation(population: PopulationView, event: RunEvent): PopulationView {
  switch (event.type) {
    case 'propose':
      if (event.origin === undefined) return population;
      return {
        ...population,
        tournament: event.tournament ?? [],
        parentId: event.parentId ?? null,
        child: {
          arch: event.arch,
          description: event.mutationMessage ?? event.mutation ?? message('mutation.randomMember'),
          reward: null,
        },
      };
    case 'result':
      return population.child && population.child.arch === event.arch && population.child.reward === null
        ? { ...population, child: { ...population.child, reward: event.reward } }
        : population;
    case 'population': {
      const members = population.members.filter((m) => m.id !== event.removed?.id);
      return { ...population, members: [...members, event.added], removed: event.removed };
    }
    default:
      return population;
  }
}

export const POPULATION_VIEW: ViewFold<PopulationView> = {
  initial: EMPTY_POPULATION,
  apply: applyPopulation,
};

/** The population part of a run view of an evolution run (`RunView.strategyView`). */
export const populationOf = (strategyView: unknown): PopulationView =>
  (strategyView as PopulationView | null) ?? EMPTY_POPULATION;
