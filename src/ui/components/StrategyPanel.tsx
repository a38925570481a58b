/**
 * What the run's strategy learned, for the strategies without a Q-table: the REINFORCE
 * controller's distributions, evolution's population, or what random search does. Takes the
 * Q-table's place on the screen.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NB201_EDGES } from '../../nas/spaces/nb201';
import { tokenSpaceOf } from '../../nas/tokenSpaces';
import { shownView, useAppStore } from '../../store';
import { stepRows } from '../charts/controllerData';
import { ControllerView } from './ControllerView';
import { Panel } from './Panel';
import { PopulationView } from './PopulationView';

const mutable = <T,>(x: readonly (readonly T[])[] | null): T[][] | null => (x ? x.map((r) => [...r]) : null);

function Controller() {
  const { t } = useTranslation('strategy');
  const config = useAppStore((s) => s.config);
  const policy = useAppStore((s) => shownView(s).policy);
  const steps = useMemo(() => {
    const space = tokenSpaceOf(config);
    if (!space) return [];
    const rows = stepRows(space.spec);
    // Decisions group by layer; cells and NAS-Bench-201 edges say what their "layer" is.
    return rows.map((row, index) => {
      const layer = space.spec.steps[index]!.layer;
      if (config.space === 'cell') {
        const b = config.cell.blocks;
        return {
          ...row,
          group:
            layer < b
              ? t('controller.normalBlock', { block: layer })
              : t('controller.reductionBlock', { block: layer - b }),
        };
      }
      if (config.space === 'nb201') {
        const edge = NB201_EDGES[layer]!;
        return { ...row, group: t('controller.edge', { from: edge.from, to: edge.to }) };
      }
      return row;
    });
  }, [config, t]);
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
  const population = useAppStore((s) => shownView(s).population);
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
  const { t } = useTranslation('strategy');
  const counts = useAppStore((s) => shownView(s).counts);
  return (
    <div className="random-note" data-testid="random.view" data-proposed={counts.proposed}>
      <p>{t('random.note')}</p>
      <p className="muted">{t('random.counts', { proposed: counts.proposed, cached: counts.cached })}</p>
    </div>
  );
}

export function StrategyPanel() {
  const { t } = useTranslation('strategy');
  const strategy = useAppStore((s) => s.config.strategy);
  switch (strategy) {
    case 'reinforce':
      return (
        <Panel title={t('controller.title')} caption={t('controller.caption')} className="panel-strategy">
          <Controller />
        </Panel>
      );
    case 'evolution':
      return (
        <Panel title={t('population.title')} caption={t('population.caption')} className="panel-strategy">
          <Population />
        </Panel>
      );
    case 'random':
      return (
        <Panel title={t('random.title')} caption={t('random.caption')} className="panel-strategy">
          <RandomNote />
        </Panel>
      );
    default:
      return null;
  }
}
