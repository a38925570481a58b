/** Random search's view: what it does, and how many proposals repeated (no learning to show). */
import { useTranslation } from 'react-i18next';
import { shownView, useAppStore } from '../../../store';
import { framedPanel } from '../../components/StrategyPanelFrame';
import type { StrategyViews } from '../registry';

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

export const randomViews: StrategyViews = { id: 'random', Panel: framedPanel('random', RandomNote) };
