/**
 * Regularized evolution as the run sees every strategy: over the `layers` chains with their own
 * mutations, or over any token space (its own mutation where it has one, else one token step).
 * Pure module: no DOM, React or tfjs.
 */
import { datasetClasses, type RunConfig } from '../../config';
import { mutateTokens, uniformTokens } from '../../tokenSpace';
import { layersImage, plainReward, requireTokenSpace, tokenCandidate, WITHOUT_Q_TABLE } from '../common';
import type { Candidate, ProposeInfo, SearchStrategy } from '../contract';
import { RegularizedEvolution, RegularizedEvolutionStrategy, type EvolutionCandidate } from './evolution';

function evolutionInfo(c: EvolutionCandidate<unknown, unknown>): ProposeInfo {
  return c.origin === 'random'
    ? { origin: 'random' }
    : {
        origin: 'mutation',
        tournament: c.tournament.map((t) => t.id),
        parentId: c.parentId,
        mutation: c.description,
        ...(c.descriptionMessage !== undefined ? { mutationMessage: c.descriptionMessage } : {}),
      };
}

export function evolutionStrategy(config: RunConfig): SearchStrategy {
  const settings = {
    populationSize: config.evolution.populationSize,
    tournamentSize: config.evolution.tournamentSize,
  };
  // One population of either kind; candidates remember the evolution candidate they came from.
  const origin = new WeakMap<Candidate, EvolutionCandidate<unknown, unknown>>();
  let evolution: RegularizedEvolution<unknown, unknown>;
  let toCandidate: (c: EvolutionCandidate<unknown, unknown>) => Candidate;
  if (config.space === 'layers') {
    evolution = new RegularizedEvolutionStrategy(
      config.metaqnn,
      settings,
      layersImage(config),
      datasetClasses(config),
    ) as unknown as RegularizedEvolution<unknown, unknown>;
    toCandidate = (c) => ({
      arch: { space: 'layers', layers: c.arch as never },
      net: c.net,
      trajectory: [],
      info: evolutionInfo(c),
    });
  } else {
    const space = requireTokenSpace(config);
    const tokens = new RegularizedEvolution<readonly number[], string>(
      {
        random: (rng) => {
          const t = uniformTokens(space.spec, rng);
          return { arch: t, net: space.decode(t).net };
        },
        mutate: (parent, rng) => {
          if (space.mutate) {
            const own = space.mutate(parent, rng);
            return {
              arch: own.tokens,
              net: space.decode(own.tokens).net,
              mutation: own.description,
              description: own.description,
              descriptionMessage: own.descriptionMessage,
            };
          }
          const m = mutateTokens(space.spec, parent, rng);
          return {
            arch: m.tokens,
            net: space.decode(m.tokens).net,
            mutation: `step ${m.step}`,
            description: space.describe(m.step, m.from, m.to),
            descriptionMessage: space.describeMessage(m.step, m.from, m.to),
          };
        },
      },
      settings,
    );
    evolution = tokens as unknown as RegularizedEvolution<unknown, unknown>;
    toCandidate = (c) => tokenCandidate(space, c.arch as readonly number[], evolutionInfo(c));
  }
  return {
    ...WITHOUT_Q_TABLE,
    reward: plainReward,
    proposeIteration(rng) {
      const c = evolution.propose(rng);
      const candidate = toCandidate(c);
      origin.set(candidate, c);
      return [candidate];
    },
    observe(candidate, reward, _rng, index) {
      const c = origin.get(candidate);
      if (!c) throw new Error(`Not a proposal of this evolution: ${candidate.net}`);
      const change = evolution.observe(c, reward);
      const member = (m: { id: number; net: string; reward: number }) => ({
        id: m.id,
        arch: m.net,
        reward: m.reward,
      });
      return [
        {
          type: 'population',
          index,
          added: member(change.added),
          removed: change.removed && member(change.removed),
          size: change.size,
        },
      ];
    },
    dispose: () => {},
  };
}
