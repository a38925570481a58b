/** The run's NAS-Bench-201 views (rank, regret, distribution, greedy cells), fed from the store. */
import { useTranslation } from 'react-i18next';
import { isTableDataset } from '../../nas/config';
import type { Nb201DatasetId } from '../../nas/nb201Table';
import { isQConfig, qParams } from '../../nas/qsearch';
import { shownView, useAppStore } from '../../store';
import { useNb201Table } from '../nb201Table';
import { Nb201Panel } from './Nb201Panel';
import { Panel } from './Panel';

export function Nb201RunPanel() {
  const { t } = useTranslation('panels');
  const config = useAppStore((s) => s.config);
  const history = useAppStore((s) => shownView(s).history);
  const events = useAppStore((s) => shownView(s).events);
  // `history` and `events` grow in place; the revision says they changed.
  const revision = useAppStore((s) => shownView(s).revision);
  const { table, error } = useNb201Table(isTableDataset(config.dataset));
  if (!table) {
    return (
      <Panel title="NAS-Bench-201" caption={t('nb201.caption')} className="panel-nb201">
        <p className={error ? 'error-text' : 'empty'}>{error ?? t('nb201.loading')}</p>
      </Panel>
    );
  }
  return (
    <Nb201Panel
      table={table}
      dataset={config.dataset as Nb201DatasetId}
      results={[...history]}
      {...(isQConfig(config) ? { qLearning: { events, rule: qParams(config), revision } } : {})}
    />
  );
}
