/**
 * What the run's strategy learned, for the strategies without a Q-table: the REINFORCE
 * controller's distributions, evolution's population, or what random search does. Takes the
 * Q-table's place on the screen.
 */
import { useMemo } from 'react';
import { NB201_EDGES } from '../../nas/spaces/nb201';
import { tokenSpaceOf } from '../../nas/tokenSpaces';
import { useAppStore } from '../../store';
import { stepRows } from '../charts/controllerData';
import { ControllerView } from './ControllerView';
import { Panel } from './Panel';
import { PopulationView } from './PopulationView';

const mutable = <T,>(x: readonly (readonly T[])[] | null): T[][] | null => (x ? x.map((r) => [...r]) : null);

function Controller() {
  const config = useAppStore((s) => s.config);
  const policy = useAppStore((s) => s.view.policy);
  const steps = useMemo(() => {
    const space = tokenSpaceOf(config);
    if (!space) return [];
    const rows = stepRows(space.spec);
    // Decisions group by layer; cells and NAS-Bench-201 edges say what their "layer" is.
    return rows.map((row, t) => {
      const layer = space.spec.steps[t]!.layer;
      if (config.space === 'cell') {
        const b = config.cell.blocks;
        return {
          ...row,
          group: layer < b ? `Normal cell · block ${layer}` : `Reduction cell · block ${layer - b}`,
        };
      }
      if (config.space === 'nb201') {
        const edge = NB201_EDGES[layer]!;
        return { ...row, group: `Edge ${edge.from} → ${edge.to}` };
      }
      return row;
    });
  }, [config]);
  return (
    <ControllerView
      steps={steps}
      probabilities={mutable(policy.probabilities)}
      previous={mutable(policy.previous)}
      tokens={policy.tokens ? [...policy.tokens] : null}
      baseline={policy.baseline}
      advantage={policy.advantage}
      loss={policy.loss}
      updates={policy.updates}
      history={[...policy.history]}
    />
  );
}

function Population() {
  const population = useAppStore((s) => s.view.population);
  const capacity = useAppStore((s) => s.config.evolution.populationSize);
  const members = population.members.map((m) => ({ id: m.id, net: m.arch, reward: m.reward }));
  const removed = population.removed && {
    id: population.removed.id,
    net: population.removed.arch,
    reward: population.removed.reward,
  };
  const child = population.child && {
    net: population.child.arch,
    description: population.child.description,
    reward: population.child.reward,
  };
  return (
    <PopulationView
      members={members}
      capacity={capacity}
      tournament={[...population.tournament]}
      parentId={population.parentId}
      child={child}
      removed={removed}
    />
  );
}

function RandomNote() {
  const counts = useAppStore((s) => s.view.counts);
  return (
    <div className="random-note" data-testid="random.view" data-proposed={counts.proposed}>
      <p>
        Random search learns nothing: every proposal is drawn uniformly from the legal architectures of the
        space, whatever came before. It is the baseline every strategy must beat for the same budget of
        models.
      </p>
      <p className="muted">
        {counts.proposed} drawn · {counts.cached} repeats (answered from the cache)
      </p>
    </div>
  );
}

export function StrategyPanel() {
  const strategy = useAppStore((s) => s.config.strategy);
  switch (strategy) {
    case 'reinforce':
      return (
        <Panel
          title="Controller"
          caption="The LSTM's distribution at each decision (outlined: the sampled token); REINFORCE raises what beat the baseline."
          className="panel-strategy"
        >
          <Controller />
        </Panel>
      );
    case 'evolution':
      return (
        <Panel
          title="Population"
          caption="Members by age, coloured by reward: the best of a random tournament is mutated, the oldest retires."
          className="panel-strategy"
        >
          <Population />
        </Panel>
      );
    case 'random':
      return (
        <Panel
          title="Random search"
          caption="Uniform draws over the legal architectures."
          className="panel-strategy"
        >
          <RandomNote />
        </Panel>
      );
    default:
      return null;
  }
}
