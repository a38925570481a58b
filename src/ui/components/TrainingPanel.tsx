/** The model being trained now: where training is, its loss and validation accuracy. */
import { useAppStore } from '../../store';
import { TrainingCurveChart } from '../charts/RunCharts';
import { loss, percent } from '../format';
import { Panel } from './Panel';

function Readout() {
  const progress = useAppStore((s) => s.training.progress);
  const running = useAppStore((s) => s.status === 'running');
  if (!progress) {
    return <p className="empty">No model trained yet in this run.</p>;
  }
  const done = (progress.epoch - 1) * progress.batches + progress.batch;
  const total = progress.epochs * progress.batches;
  const finished = !running || done >= total;
  return (
    <div className="training-readout">
      <dl className="readout-grid">
        <div>
          <dt>Model</dt>
          <dd>#{progress.index + 1}</dd>
        </div>
        <div>
          <dt>Epoch</dt>
          <dd>
            {progress.epoch} / {progress.epochs}
          </dd>
        </div>
        <div>
          <dt>Batch</dt>
          <dd>
            {progress.batch} / {progress.batches}
          </dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd>{loss(progress.loss)}</dd>
        </div>
        <div>
          <dt>Val acc</dt>
          <dd>{percent(progress.valAccuracy)}</dd>
        </div>
        {progress.restart > 0 && (
          <div>
            <dt>Restart</dt>
            <dd>{progress.restart}</dd>
          </div>
        )}
      </dl>
      <code className="net-string small" title="Architecture being trained">
        {progress.arch}
      </code>
      <progress
        className="training-bar"
        max={total}
        value={done}
        aria-label={finished ? 'Training finished' : 'Training progress'}
      />
    </div>
  );
}

export function TrainingPanel() {
  return (
    <Panel
      title="Training"
      caption="Each proposal is trained from scratch; its best validation accuracy is the reward."
      className="panel-training"
    >
      <div className="training-layout" data-testid="training.progress">
        <Readout />
        <TrainingCurveChart />
      </div>
    </Panel>
  );
}
