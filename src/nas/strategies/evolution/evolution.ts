/**
 * Regularized (aging) evolution (Real et al., AAAI 2019; SPEC §6) over the MetaQNN `layers`
 * space, as an ask/tell strategy: the population starts as `populationSize` uniformly random
 * architectures; then each child is one mutation of the best of `tournamentSize` members drawn
 * with replacement, and each newcomer evicts the *oldest* member, not the worst.
 * Pure module: no DOM, React or tfjs.
 */
import type { LayersArchitecture } from '../../architecture';
import type { MetaQnnConfig } from '../metaqnn/config';
import type { Message } from '../../message';
import type { Rng } from '../../rng';
import { netString } from '../../spaces/layers';
import { mutateLayers, type LayersMutation } from '../../spaces/layersMutation';
import { RandomSearchStrategy } from '../random/random';

/** Population and tournament sizes of regularized evolution. */
export interface EvolutionConfig {
  /** Members kept alive (P); the oldest leaves when a newcomer would exceed it. */
  populationSize: number;
  /** Members drawn, with replacement, for each tournament (S). */
  tournamentSize: number;
}

/** Real et al. 2019's values (SPEC §6): P = 100, S = 25. */
export const PAPER_EVOLUTION: Readonly<EvolutionConfig> = { populationSize: 100, tournamentSize: 25 };

/** A living member of the population. */
export interface PopulationMember {
  /** Birth order among observed models, from 0: a smaller id is an older member. */
  readonly id: number;
  /** Canonical net string. */
  readonly net: string;
  readonly reward: number;
}

/** One draw of a tournament. */
export interface TournamentEntry {
  /** Index into the population ordered by age (0 = oldest) when the tournament was drawn. */
  readonly position: number;
  readonly id: number;
  readonly net: string;
  readonly reward: number;
}

/** A member of the initial population, drawn uniformly over the space. */
export interface RandomEvolutionCandidate<A = LayersArchitecture> {
  readonly origin: 'random';
  readonly arch: A;
  readonly net: string;
}

/** A child: one mutation of the best member of a tournament. */
export interface MutantEvolutionCandidate<A = LayersArchitecture, M = LayersMutation> {
  readonly origin: 'mutation';
  readonly arch: A;
  readonly net: string;
  /** Net string of the parent, the best of the tournament. */
  readonly parent: string;
  readonly parentId: number;
  /** Every draw of the tournament, in the order drawn (repeats possible). */
  readonly tournament: readonly TournamentEntry[];
  readonly mutation: M;
  /** The mutation in words, e.g. `changed layer 2 C(8,3,1) -> C(16,3,1)`. */
  readonly description: string;
  /** The same as a message (src/nas/message.ts), for the UI's language. */
  readonly descriptionMessage?: Message;
}

/** A proposal of regularized evolution. */
export type EvolutionCandidate<A = LayersArchitecture, M = LayersMutation> =
  RandomEvolutionCandidate<A> | MutantEvolutionCandidate<A, M>;

/** What evolution needs from a search space: uniform samples and one legal mutation. */
export interface EvolutionSpace<A, M> {
  /** An architecture drawn uniformly over the legal ones, with its canonical string. */
  random(rng: Rng): { arch: A; net: string };
  /** One mutation of `parent` into a different legal architecture, or null if none exists. */
  mutate(
    parent: A,
    rng: Rng,
  ): { arch: A; net: string; mutation: M; description: string; descriptionMessage?: Message } | null;
}

/** What one observation did to the population, as plain data for the run log. */
export interface PopulationChange {
  readonly added: PopulationMember;
  /** The oldest member, evicted; null while the population is still filling up. */
  readonly removed: PopulationMember | null;
  /** Population size after the change. */
  readonly size: number;
}

/** `tournamentSize` positions in 0..populationSize-1, drawn uniformly *with* replacement. */
export function sampleTournament(rng: Rng, populationSize: number, tournamentSize: number): number[] {
  return Array.from({ length: tournamentSize }, () => rng.int(populationSize));
}

function checkSize(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`Evolution ${name} must be a positive integer, got ${n}`);
}

/** Regularized evolution over any `EvolutionSpace`. */
export class RegularizedEvolution<A, M> {
  private readonly members: PopulationMember[] = [];
  /** Architectures of the living members, by id (the parent of a child is mutated from it). */
  private readonly archById = new Map<number, A>();
  private nextId = 0;

  constructor(
    private readonly space: EvolutionSpace<A, M>,
    readonly evolution: EvolutionConfig,
  ) {
    checkSize('populationSize', evolution.populationSize);
    checkSize('tournamentSize', evolution.tournamentSize);
  }

  /**
   * The next candidate: a uniformly random architecture while fewer than `populationSize`
   * models have been observed (proposals not yet observed do not count), else a child.
   */
  propose(rng: Rng): EvolutionCandidate<A, M> {
    if (this.members.length < this.evolution.populationSize) {
      return { origin: 'random', ...this.space.random(rng) };
    }
    const tournament = sampleTournament(rng, this.members.length, this.evolution.tournamentSize).map(
      (position): TournamentEntry => {
        const { id, net, reward } = this.members[position] as PopulationMember;
        return { position, id, net, reward };
      },
    );
    // The best of the sample; a tie goes to the entry drawn first.
    const best = tournament.reduce((a, b) => (b.reward > a.reward ? b : a));
    const child = this.space.mutate(this.archById.get(best.id) as A, rng);
    if (!child) throw new Error(`No legal mutation of ${best.net}`);
    return {
      origin: 'mutation',
      arch: child.arch,
      net: child.net,
      parent: best.net,
      parentId: best.id,
      tournament,
      mutation: child.mutation,
      description: child.description,
      ...(child.descriptionMessage !== undefined ? { descriptionMessage: child.descriptionMessage } : {}),
    };
  }

  /** Adds the evaluated candidate as the youngest member; evicts the oldest beyond `populationSize`. */
  observe(candidate: EvolutionCandidate<A, M>, reward: number): PopulationChange {
    if (!Number.isFinite(reward)) throw new Error(`Reward of ${candidate.net} must be finite, got ${reward}`);
    const added: PopulationMember = { id: this.nextId++, net: candidate.net, reward };
    this.members.push(added);
    this.archById.set(added.id, candidate.arch);
    const removed =
      this.members.length > this.evolution.populationSize ? (this.members.shift() ?? null) : null;
    if (removed) this.archById.delete(removed.id);
    return { added, removed, size: this.members.length };
  }

  /** The living members, oldest first. */
  population(): readonly PopulationMember[] {
    return [...this.members];
  }

  /** Models observed so far, evicted ones included. */
  observedCount(): number {
    return this.nextId;
  }
}

/** Regularized evolution over the MetaQNN `layers` space (mutations of src/nas/spaces/layersMutation.ts). */
export class RegularizedEvolutionStrategy extends RegularizedEvolution<LayersArchitecture, LayersMutation> {
  /** `imageSize`: side of the square input in pixels; `classes`: softmax outputs. */
  constructor(
    cfg: MetaQnnConfig,
    evolution: EvolutionConfig,
    readonly imageSize: number,
    readonly classes: number,
  ) {
    const random = new RandomSearchStrategy(cfg, imageSize, classes);
    super(
      {
        random: (rng) => random.propose(rng),
        mutate: (parent, rng) => {
          const child = mutateLayers(parent, cfg, imageSize, rng);
          return child && { ...child, net: netString(child.arch) };
        },
      },
      evolution,
    );
    if (random.spaceSize() < 2n) throw new Error('Evolution needs a space of at least 2 architectures');
  }
}
