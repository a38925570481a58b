/**
 * The run status in one word, coloured by state; "loading" until the worker is ready and
 * "pausing" from a Pause until the model in training has ended.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { useMessageText } from '../messageText';
import './statusPill.css';

export function StatusPill() {
  const { t } = useTranslation('header');
  const messageText = useMessageText();
  const status = useAppStore((s) => s.status);
  const ready = useAppStore((s) => s.workerReady);
  const started = useAppStore((s) => s.view.counts.proposed > 0);
  const error = useAppStore((s) => s.error);
  const pausing = useAppStore((s) => s.pausing);
  // The worker says 'idle' after restoring a run; to a user that run is paused.
  const shown = status === 'idle' && started ? 'paused' : status;
  const label = !ready && status !== 'error' ? 'loading' : pausing ? 'pausing' : shown;
  return (
    <span
      // A pausing run still trains its model: it keeps the running colour.
      className={label === 'pausing' ? 'pill pill-running pill-pausing' : `pill pill-${label}`}
      data-testid="status.run"
      data-pausing={pausing ? 'true' : undefined}
      role="status"
      title={error ? messageText(error) : undefined}
    >
      {t(`status.${label}`)}
    </span>
  );
}
