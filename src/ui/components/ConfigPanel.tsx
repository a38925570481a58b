/**
 * The run settings, generated from the options table (src/nas/options.ts) and grouped as it
 * groups them. Locked while the search runs; once a run exists, edits wait for Reset.
 */
import { useTranslation } from 'react-i18next';
import { configOptions, type OptionRule } from '../../nas/options';
import { isTableDataset, type ConfigOption, type RunConfig } from '../../nas/config';
import { useAppStore } from '../../store';
import { useController } from '../controllerContext';
import { useOptionText } from '../optionText';
import { OptionField } from './OptionField';

/** The groups in form order; their titles are in the `options` namespace (`groups.<id>`). */
const GROUPS: { id: ConfigOption['group'] }[] = [
  { id: 'run' },
  { id: 'data' },
  { id: 'training' },
  { id: 'metaqnn' },
  { id: 'blockqnn' },
  { id: 'reinforce' },
  { id: 'evolution' },
  { id: 'random' },
  { id: 'nasrl' },
  { id: 'cell' },
];

/**
 * Whether a group applies to the draft: the chosen strategy's and space's groups (the MetaQNN
 * group also holds the layers space that evolution and random search sample), and data and
 * training unless a NAS-Bench-201 table answers instead of training.
 */
function applies(id: ConfigOption['group'], draft: RunConfig): boolean {
  switch (id) {
    case 'run':
      return true;
    case 'data':
    case 'training':
      return !isTableDataset(draft.dataset);
    case 'metaqnn':
      return draft.strategy === 'metaqnn' || draft.space === 'layers';
    case 'nasrl':
    case 'cell':
      return draft.space === id;
    default:
      return draft.strategy === id;
  }
}

const byGroup = (group: ConfigOption['group']): OptionRule[] =>
  configOptions().filter((o) => o.group === group);

function PendingNotice() {
  const { t } = useTranslation('config');
  const controller = useController();
  const pending = useAppStore((s) => s.draft !== s.config);
  const hasRun = useAppStore((s) => s.view.counts.proposed > 0);
  const running = useAppStore((s) => s.status === 'running');
  if (running) {
    return (
      <p className="config-note" role="note">
        {t('locked')}
      </p>
    );
  }
  if (!hasRun) return null;
  return (
    <div className={`config-note ${pending ? 'pending' : ''}`} role="note">
      {pending ? (
        <>
          <span>{t('pending')}</span>
          <button type="button" className="button small attention" onClick={() => void controller.reset()}>
            {t('resetNow')}
          </button>
        </>
      ) : (
        <span>{t('kept')}</span>
      )}
    </div>
  );
}

export function ConfigPanel() {
  const { t } = useTranslation('config');
  const text = useOptionText();
  const locked = useAppStore((s) => s.status === 'running');
  const draft = useAppStore((s) => s.draft);
  const groups = GROUPS.filter((g) => applies(g.id, draft));
  return (
    <section className="config-panel" aria-label={t('settings')}>
      <PendingNotice />
      {groups.map((group) => (
        <fieldset key={group.id} className="config-group" disabled={locked}>
          <legend>{text.group(group.id)}</legend>
          {byGroup(group.id).map((option) => (
            <OptionField key={option.path} option={option} disabled={locked} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}
