/** Where the supernet's training is: epoch, step and learning rate of the latest snapshot. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../store';
import { shownOneShot } from './sources';

export function Progress() {
  const { t, i18n } = useTranslation('strategy');
  const last = useAppStore((s) => shownOneShot(s).snapshots.at(-1));
  return (
    <p className="oneshot-progress" data-testid="oneshot.progress" data-step={last?.step ?? 0}>
      {last
        ? t('oneshotPanel.progress', {
            epoch: last.epoch + 1,
            step: last.step.toLocaleString(i18n.language),
            lr: Number(last.lr.toPrecision(3)),
          })
        : t('oneshotPanel.progressNone')}
    </p>
  );
}
