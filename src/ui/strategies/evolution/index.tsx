/** Regularized evolution's view: the living population, the tournament, the child and who left. */
import { populationOf } from '../../../nas/strategies/evolution/view';
import { shownView, useAppStore } from '../../../store';
import { framedPanel } from '../../components/StrategyPanelFrame';
import type { StrategyViews } from '../registry';
import { PopulationView } from './PopulationView';

function Population() {
  const population = useAppStore((s) => populationOf(shownView(s).strategyView));
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

export const evolutionViews: StrategyViews = {
  id: 'evolution',
  Panel: framedPanel('population', Population),
};
