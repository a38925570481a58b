/** The run's time left on this machine (src/store/eta.ts), hidden where models are looked up. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { roundDuration, runEta, trainTimeKey } from '../../store/eta';

export function EtaReadout() {
  const { t } = useTranslation('header');
  const config = useAppStore((s) => s.config);
  const view = useAppStore((s) => s.view);
  const previous = useAppStore((s) => s.trainTimes[trainTimeKey(s.config)] ?? null);
  const eta = useMemo(() => runEta(config, view, previous), [config, view, previous]);
  if (eta.kind === 'lookup' || eta.kind === 'done') return null;
  let value: string;
  if (eta.kind === 'unknown') value = t('eta.afterFirst');
  else {
    const { unit, value: n } = roundDuration(eta.remainingMs);
    const duration = t(`eta.${unit}`, { n });
    value = eta.basis === 'previous' ? t('eta.previous', { duration }) : duration;
  }
  return (
    <div
      className="stat"
      title={t(eta.kind === 'estimate' && eta.basis === 'previous' ? 'eta.previousTitle' : 'eta.title')}
    >
      <span className="stat-label">{t('eta.label')}</span>
      <span
        className="stat-value"
        data-testid="status.eta"
        data-eta-ms={eta.kind === 'estimate' ? Math.round(eta.remainingMs) : undefined}
        data-basis={eta.kind === 'estimate' ? eta.basis : 'none'}
      >
        {value}
      </span>
    </div>
  );
}
