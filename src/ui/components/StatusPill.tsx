/** The run status in one word, coloured by state; "loading" until the worker is ready. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { useMessageText } from '../messageText';

export function StatusPill() {
  const { t } = useTranslation('header');
  const messageText = useMessageText();
  const status = useAppStore((s) => s.status);
  const ready = useAppStore((s) => s.workerReady);
  const started = useAppStore((s) => s.view.counts.proposed > 0);
  const error = useAppStore((s) => s.error);
  // The worker says 'idle' after restoring a run; to a user that run is paused.
  const shown = status === 'idle' && started ? 'paused' : status;
  const label = !ready && status !== 'error' ? 'loading' : shown;
  return (
    <span
      className={`pill pill-${label}`}
      data-testid="status.run"
      role="status"
      title={error ? messageText(error) : undefined}
    >
      {t(`status.${label}`)}
    </span>
  );
}
