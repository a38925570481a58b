/** The one-shot strategies' views (DARTS, SNAS, ENAS): one panel, titled per method. */
import { framedPanel } from '../../components/StrategyPanelFrame';
import type { StrategyViews } from '../registry';
import type { OneShotMethod } from './oneShotData';
import { OneShotPanel } from './OneShotPanel';

function views(id: OneShotMethod): StrategyViews {
  const Content = () => <OneShotPanel method={id} />;
  Content.displayName = `OneShotPanel(${id})`;
  return { id, Panel: framedPanel(`oneshotPanel.${id}`, Content) };
}

export const dartsViews: StrategyViews = views('darts');
export const snasViews: StrategyViews = views('snas');
export const enasViews: StrategyViews = views('enas');

const BY_ID: Readonly<Record<OneShotMethod, StrategyViews>> = {
  darts: dartsViews,
  snas: snasViews,
  enas: enasViews,
};

/** The views of one-shot strategy `id`. */
export function oneShotViews(id: OneShotMethod): StrategyViews {
  return BY_ID[id];
}
