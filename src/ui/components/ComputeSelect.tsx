/**
 * The machine's compute setting (src/train/compute.ts): Auto, the engine, or one tfjs backend,
 * with what trains the models now. Changing it restores the run in a fresh worker, so it is off
 * while the run advances.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { COMPUTE_PREFERENCES, isComputePreference } from '../../train/compute';
import { useController } from '../controllerContext';
import './computeSelect.css';

const BACKEND_TEXT = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' } as const;

/** What trains the models now, in words, with why when Auto or a forced choice decided it. */
function ActivePath() {
  const { t } = useTranslation('controls');
  const backend = useAppStore((s) => s.backend);
  const compute = useAppStore((s) => s.compute);
  if (!backend) return <span data-testid="settings.computeActive">{t('compute.starting')}</span>;
  const tfjs = BACKEND_TEXT[backend.name];
  const now = backend.engine
    ? t('compute.activeEngine', { backend: tfjs })
    : t('compute.active', { path: `tfjs ${tfjs}` });
  const wanted = compute === 'webgpu' || compute === 'webgl' || compute === 'cpu' ? compute : null;
  const why =
    compute === 'auto'
      ? backend.autoSoftware
        ? t('compute.autoSoftware')
        : null
      : wanted && wanted !== backend.name
        ? t('compute.forcedMissing', { wanted: `tfjs ${BACKEND_TEXT[wanted]}`, path: `tfjs ${tfjs}` })
        : t('compute.forced');
  return (
    <span
      data-testid="settings.computeActive"
      data-backend={backend.name}
      data-engine={backend.engine ? 'true' : 'false'}
    >
      {now}
      {why && <span className="compute-why"> ({why})</span>}
    </span>
  );
}

export function ComputeSelect() {
  const { t } = useTranslation('controls');
  const controller = useController();
  const compute = useAppStore((s) => s.compute);
  const running = useAppStore((s) => s.status === 'running');
  return (
    <div className="compute-select">
      <label className="compute-label" title={t('compute.title')}>
        <span>{t('compute.label')}</span>
        <select
          className="input select"
          data-testid="settings.compute"
          value={compute}
          disabled={running}
          title={running ? t('compute.pauseFirst') : t('compute.title')}
          onChange={(event) => {
            const value = event.target.value;
            if (isComputePreference(value))
              controller.setCompute(value).catch((err: unknown) => console.warn(err));
          }}
        >
          {COMPUTE_PREFERENCES.map((id) => (
            <option key={id} value={id}>
              {t(`compute.options.${id}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="compute-active">
        <ActivePath />
      </div>
    </div>
  );
}
