/** tfjs memory of the worker and how often it was restarted: for the curious and for tests. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { megabytes } from '../format';
import { useMessageText } from '../messageText';

export function DebugReadout() {
  const { t, i18n } = useTranslation('controls');
  const messageText = useMessageText();
  const memory = useAppStore((s) => s.memory);
  const restarts = useAppStore((s) => s.restarts);
  const adapter = useAppStore((s) => s.backend?.adapter ?? '');
  const error = useAppStore((s) => s.error);
  return (
    <footer className="debug-readout" aria-label={t('debug.label')}>
      <span title={t('debug.tensorsTitle')}>
        {t('debug.tensors')} <b>{memory ? memory.numTensors.toLocaleString(i18n.language) : '—'}</b>
      </span>
      <span title={t('debug.memoryTitle')}>
        {t('debug.memory')} <b>{memory ? megabytes(memory.numBytes) : '—'}</b>
      </span>
      {memory?.gpuBytes != null && (
        <span title={t('debug.gpuTitle')}>
          {t('debug.gpu')} <b>{megabytes(memory.gpuBytes)}</b>
        </span>
      )}
      <span title={t('debug.restartsTitle')}>
        {t('debug.restarts')} <b data-testid="status.restarts">{restarts}</b>
      </span>
      {adapter !== '' && (
        <span className="adapter" title={t('debug.adapter')}>
          {adapter}
        </span>
      )}
      {error !== null && (
        <span className="debug-error" role="alert">
          {messageText(error)}
        </span>
      )}
    </footer>
  );
}
