/** ENAS's controller at its last REINFORCE update: the children's rewards, the baseline, the entropy. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../store';
import { percent } from '../../format';
import { controllerNumbers } from './oneShotData';
import { shownOneShot } from './sources';

export function EnasController() {
  const { t } = useTranslation('strategy');
  // The fold appends to `updates` in place: the last update and the count say it changed.
  const last = useAppStore((s) => shownOneShot(s).updates.at(-1));
  const count = useAppStore((s) => shownOneShot(s).updates.length);
  const numbers = controllerNumbers(last, count);
  if (!numbers) return <p className="oneshot-placeholder">{t('oneshotPanel.controller.none')}</p>;
  return (
    <dl className="oneshot-stats" data-updates={numbers.updates}>
      <div className="oneshot-stat">
        <dt>{t('oneshotPanel.controller.rewards', { count: numbers.children })}</dt>
        <dd data-testid="oneshot.controller.reward">
          {t('oneshotPanel.controller.rewardsValue', {
            mean: percent(numbers.meanReward),
            min: percent(numbers.minReward),
            max: percent(numbers.maxReward),
          })}
        </dd>
      </div>
      <div className="oneshot-stat">
        <dt>{t('oneshotPanel.controller.baseline')}</dt>
        <dd data-testid="oneshot.controller.baseline">{percent(numbers.baseline)}</dd>
      </div>
      <div className="oneshot-stat">
        <dt>{t('oneshotPanel.controller.entropy')}</dt>
        <dd data-testid="oneshot.controller.entropy">
          {t('oneshotPanel.controller.nats', { value: numbers.entropy.toFixed(3) })}
        </dd>
      </div>
      <div className="oneshot-stat">
        <dt>{t('oneshotPanel.controller.updates')}</dt>
        <dd>{numbers.updates.toLocaleString()}</dd>
      </div>
    </dl>
  );
}
