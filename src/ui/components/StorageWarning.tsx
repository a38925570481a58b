/** Says when runs cannot be saved (no IndexedDB, a full disk): the run goes on in memory. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import './runsPanel.css';

export function StorageWarning() {
  const { t } = useTranslation('runs');
  const problem = useAppStore((s) => s.storageProblem);
  if (!problem) return null;
  return (
    <p className="storage-warning" role="alert" data-testid="storage.warning" data-kind={problem.kind}>
      {t(`storage.${problem.kind}`)}
      {problem.detail !== '' ? <small>{t('storage.detail', { detail: problem.detail })}</small> : null}
    </p>
  );
}
