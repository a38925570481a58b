/** Start, pause, step, reset and export: the run's buttons, enabled only when they can act. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { canAdvance } from '../controller';
import { useController } from '../controllerContext';
import { ExportMenu } from '../export/ExportMenu';
import { startLabelKey } from './startLabel';

/** Calls a controller command; a refusal is already shown in the status line. */
function fire(command: () => Promise<void>): void {
  command().catch((err: unknown) => console.warn(err));
}

export function Controls() {
  const { t } = useTranslation('controls');
  const controller = useController();
  const status = useAppStore((s) => s.status);
  const advance = useAppStore(canAdvance);
  const hasRun = useAppStore((s) => s.view.counts.proposed > 0);
  const pending = useAppStore((s) => s.draft !== s.config);
  const done = useAppStore((s) => s.view.done);
  const running = status === 'running';
  const pausing = useAppStore((s) => s.pausing);

  return (
    <div className="controls" role="group" aria-label={t('group')}>
      <button
        type="button"
        className="button primary"
        data-testid="controls.start"
        disabled={!advance}
        onClick={() => fire(controller.start)}
        title={t('startTitle')}
      >
        {t(startLabelKey(status, hasRun, done))}
      </button>
      <button
        type="button"
        className="button"
        data-testid="controls.pause"
        data-pausing={pausing ? 'true' : undefined}
        disabled={!running || pausing}
        onClick={() => fire(controller.pause)}
        title={t(pausing ? 'pausingTitle' : 'pauseTitle')}
      >
        {t(pausing ? 'pausing' : 'pause')}
      </button>
      <button
        type="button"
        className="button"
        data-testid="controls.step"
        disabled={!advance}
        onClick={() => fire(controller.step)}
        title={t('stepTitle')}
      >
        {t('step')}
      </button>
      <button
        type="button"
        className={`button ${pending ? 'attention' : ''}`}
        data-testid="controls.reset"
        disabled={!hasRun && !running && !pending && status !== 'error'}
        onClick={() => fire(controller.reset)}
        title={t('resetTitle')}
      >
        {t('reset')}
      </button>
      <ExportMenu />
    </div>
  );
}
