/** The REINFORCE controller's view: its distributions per decision, the baseline and the updates. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NB201_EDGES } from '../../../nas/spaces/nb201';
import { policyOf } from '../../../nas/strategies/reinforce/view';
import { tokenSpaceOf } from '../../../nas/tokenSpaces';
import { shownView, useAppStore } from '../../../store';
import { stepRows } from '../../charts/controllerData';
import { framedPanel } from '../../components/StrategyPanelFrame';
import type { StrategyViews } from '../registry';
import { ControllerView } from './ControllerView';

const mutable = <T,>(x: readonly (readonly T[])[] | null): T[][] | null => (x ? x.map((r) => [...r]) : null);

function Controller() {
  const { t } = useTranslation('strategy');
  const config = useAppStore((s) => s.config);
  const policy = useAppStore((s) => policyOf(shownView(s).strategyView));
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

export const reinforceViews: StrategyViews = {
  id: 'reinforce',
  Panel: framedPanel('controller', Controller),
};
