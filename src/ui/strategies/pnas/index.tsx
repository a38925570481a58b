/**
 * PNAS's view, in the strategy panel: the surrogate's predictions against the measurements per
 * level, and below it the beam at each level.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PnasScatter } from '../../../charts/PnasScatter';
import { pnasViewOf } from '../../../nas/strategies/pnas/view';
import { shownView, useAppStore } from '../../../store';
import { D3Chart } from '../../charts/D3Chart';
import { pnasScatterData } from '../../charts/pnasData';
import { framedPanel } from '../../components/StrategyPanelFrame';
import type { StrategyViews } from '../registry';
import { BeamView } from './BeamView';
import './pnas.css';

const newScatter = (el: HTMLElement) => new PnasScatter(el);

/** The scatter above the beam: both read the same fold of the log. */
function PnasPanel() {
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
    <div className="pnas-panel">
      <section className="pnas-scatter-section">
        <h3>{t('pnasScatter.title')}</h3>
        <p className="muted pnas-scatter-caption">{t('pnasScatter.caption')}</p>
        <D3Chart testId="pnas.scatter" create={newScatter} data={data} className="pnas-scatter" />
      </section>
      <BeamView view={view} />
    </div>
  );
}

export const pnasViews: StrategyViews = {
  id: 'pnas',
  Panel: framedPanel('pnas', PnasPanel),
};
