/** The model being trained now: where training is, its loss and validation accuracy. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { TrainingCurveChart } from '../charts/RunCharts';
import { loss, percent } from '../format';
import { Panel } from './Panel';
import { TrainingPathBadge } from './TrainingPathBadge';

function Readout() {
  const { t } = useTranslation('panels');
  const progress = useAppStore((s) => s.training.progress);
  const running = useAppStore((s) => s.status === 'running');
  if (!progress) {
    return <p className="empty">{t('training.empty')}</p>;
  }
  const done = (progress.epoch - 1) * progress.batches + progress.batch;
  const total = progress.epochs * progress.batches;
  const finished = !running || done >= total;
  return (
    <div className="training-readout">
      <dl className="readout-grid">
        <div>
          <dt>{t('training.model')}</dt>
          <dd>#{progress.index + 1}</dd>
        </div>
        <div>
          <dt>{t('training.epoch')}</dt>
          <dd>
            {progress.epoch} / {progress.epochs}
          </dd>
        </div>
        <div>
          <dt>{t('training.batch')}</dt>
          <dd>
            {progress.batch} / {progress.batches}
          </dd>
        </div>
        <div>
          <dt>{t('training.loss')}</dt>
          <dd>{loss(progress.loss)}</dd>
        </div>
        <div>
          <dt>{t('training.valAcc')}</dt>
          <dd>{percent(progress.valAccuracy)}</dd>
        </div>
        {progress.restart > 0 && (
          <div>
            <dt>{t('training.restart')}</dt>
            <dd>{progress.restart}</dd>
          </div>
        )}
      </dl>
      <code className="net-string small" title={t('training.archTitle')}>
        {progress.arch}
      </code>
      <TrainingPathBadge trainedOn={progress.trainedOn} testId="training.trainedOn" />
      <progress
        className="training-bar"
        max={total}
        value={done}
        aria-label={finished ? t('training.finished') : t('training.progress')}
      />
    </div>
  );
}

export function TrainingPanel() {
  const { t } = useTranslation('panels');
  return (
    <Panel title={t('training.title')} caption={t('training.caption')} className="panel-training">
      <div className="training-layout" data-testid="training.progress">
        <Readout />
        <TrainingCurveChart />
      </div>
    </Panel>
  );
}
