/**
 * Says what trained a model of an `engine` run: our WebGPU engine, or tfjs after a fallback (the
 * reason in the tooltip, in the UI's language; logs older than the reason's message have only its
 * English text). Models of a `tfjs` run carry no path and show nothing.
 */
import { useTranslation } from 'react-i18next';
import type { TrainingPath } from '../../nas/config';
import type { Message } from '../../nas/message';
import { useMessageText } from '../messageText';
import './trainingPathBadge.css';

export function TrainingPathBadge({
  trainedOn,
  engineFallback,
  testId,
}: {
  trainedOn?: TrainingPath;
  engineFallback?: Message | string;
  /** `result.trainedOn` in the leaderboard, `training.trainedOn` for the model training now. */
  testId: string;
}) {
  const { t } = useTranslation('engine');
  const messageText = useMessageText();
  if (!trainedOn) return null;
  const title =
    trainedOn === 'engine'
      ? t('badge.engineTitle')
      : engineFallback
        ? t('badge.tfjsTitle', { reason: messageText(engineFallback) })
        : t('badge.tfjsTitleNoReason');
  return (
    <span
      className={`training-path-badge training-path-${trainedOn}`}
      data-testid={testId}
      data-trained-on={trainedOn}
      title={title}
    >
      {t(trainedOn === 'engine' ? 'badge.engine' : 'badge.tfjs')}
    </span>
  );
}
