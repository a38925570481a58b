/** Start, pause, step, reset and export: the run's buttons, enabled only when they can act. */
import { useAppStore } from '../../store';
import { canAdvance } from '../controller';
import { useController } from '../controllerContext';
import { downloadRun } from '../download';

/** Calls a controller command; a refusal is already shown in the status line. */
function fire(command: () => Promise<void>): void {
  command().catch((err: unknown) => console.warn(err));
}

export function Controls() {
  const controller = useController();
  const status = useAppStore((s) => s.status);
  const advance = useAppStore(canAdvance);
  const hasRun = useAppStore((s) => s.view.counts.proposed > 0);
  const pending = useAppStore((s) => s.draft !== s.config);
  const done = useAppStore((s) => s.view.done);
  const running = status === 'running';

  return (
    <div className="controls" role="group" aria-label="Run controls">
      <button
        type="button"
        className="button primary"
        data-testid="controls.start"
        disabled={!advance}
        onClick={() => fire(controller.start)}
        title="Search until the epsilon schedule is exhausted"
      >
        {hasRun && !done ? 'Resume' : 'Start'}
      </button>
      <button
        type="button"
        className="button"
        data-testid="controls.pause"
        disabled={!running}
        onClick={() => fire(controller.pause)}
        title="Stop after the model being trained now"
      >
        Pause
      </button>
      <button
        type="button"
        className="button"
        data-testid="controls.step"
        disabled={!advance}
        onClick={() => fire(controller.step)}
        title="Propose, train and learn from one architecture"
      >
        Step
      </button>
      <button
        type="button"
        className={`button ${pending ? 'attention' : ''}`}
        data-testid="controls.reset"
        disabled={!hasRun && !running && !pending && status !== 'error'}
        onClick={() => fire(controller.reset)}
        title="Drop this run and start a new one with the settings below"
      >
        Reset
      </button>
      <button
        type="button"
        className="button"
        data-testid="run.export"
        disabled={!hasRun}
        onClick={() => downloadRun(controller.exportRun())}
        title="Download the run log as JSON"
      >
        Export run
      </button>
    </div>
  );
}
