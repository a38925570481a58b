/** PNAS's views: the beam at each level, and the surrogate's predictions against the measurements. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PnasScatter } from '../../../charts/PnasScatter';
import { pnasViewOf } from '../../../nas/strategies/pnas/view';
import { shownView, useAppStore } from '../../../store';
import { D3Chart } from '../../charts/D3Chart';
import { pnasScatterData } from '../../charts/pnasData';
import { Panel } from '../../components/Panel';
import { framedPanel } from '../../components/StrategyPanelFrame';
import type { StrategyViews } from '../registry';
import { BeamView } from './BeamView';
import './pnas.css';

const newScatter = (el: HTMLElement) => new PnasScatter(el);

function Beam() {
  const view = useAppStore((s) => pnasViewOf(shownView(s).strategyView));
  return <BeamView view={view} />;
}

function ScatterPanel() {
  const { t } = useTranslation('strategy');
  const view = useAppStore((s) => pnasViewOf(shownView(s).strategyView));
  const legend = useCallback(
    (level: number, rho: number | null) =>
      rho === null ? t('pnas.rhoNone', { level }) : t('pnas.rho', { level, rho: rho.toFixed(2) }),
    [t],
  );
  const data = useMemo(
    () =>
      pnasScatterData(view, {
        axisX: t('pnas.axisPredicted'),
        axisY: t('pnas.axisMeasured'),
        empty: t('pnas.noScatter'),
        legend,
      }),
    [view, t, legend],
  );
  return (
    <Panel title={t('pnasScatter.title')} caption={t('pnasScatter.caption')} className="panel-pnas-scatter">
      <D3Chart testId="pnas.scatter" create={newScatter} data={data} className="pnas-scatter" />
    </Panel>
  );
}

export const pnasViews: StrategyViews = {
  id: 'pnas',
  Panel: framedPanel('pnas', Beam),
  ExtraPanel: ScatterPanel,
};
