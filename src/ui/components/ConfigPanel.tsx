/**
 * The run settings, generated from the options table (src/nas/options.ts) and grouped as it
 * groups them. Locked while the search runs; once a run exists, edits wait for Reset.
 */
import { useTranslation } from 'react-i18next';
import { configOptions, type OptionRule } from '../../nas/options';
import { isTableDataset, type ConfigOption, type RunConfig } from '../../nas/config';
import { configSections, findSpace, findStrategy } from '../../nas/strategies';
import { useAppStore } from '../../store';
import { useController } from '../controllerContext';
import { useOptionText } from '../optionText';
import { OptionField } from './OptionField';

/**
 * The groups in form order: run, data, training, then every config section (each strategy's,
 * then each space's own); their titles are in the `options` namespace (`groups.<id>`).
 */
const groups = (): ConfigOption['group'][] => [
  'run',
  'data',
  'training',
  ...configSections().map((s) => s.id),
];

/**
 * Whether a group applies to the draft: the chosen strategy's and space's sections (and those
 * that describe the space, e.g. MetaQNN's section holds the layers space that evolution and random
 * search sample), data unless a benchmark table answers instead of training, and training also
 * not for a one-shot strategy (its own section holds its supernet's and derived cell's training).
 */
function applies(id: ConfigOption['group'], draft: RunConfig): boolean {
  switch (id) {
    case 'run':
      return true;
    case 'data':
      return !isTableDataset(draft.dataset);
    case 'training':
      // A one-shot strategy trains its supernet and derived cell by its own section's settings,
      // and trained NAS-Bench-201 cells as such a derived cell (src/nas/nb201Training.ts).
      return (
        !isTableDataset(draft.dataset) &&
        findStrategy(draft.strategy)?.family !== 'oneshot' &&
        draft.space !== 'nb201'
      );
    case 'nb201':
      // How sampled cells are evaluated: a one-shot strategy always trains its derived cell.
      return draft.space === 'nb201' && findStrategy(draft.strategy)?.family !== 'oneshot';
    default:
      return (
        id === draft.strategy ||
        id === draft.space ||
        (findSpace(draft.space)?.describedBy ?? []).includes(id)
      );
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
  const shown = groups().filter((id) => applies(id, draft));
  return (
    <section className="config-panel" aria-label={t('settings')}>
      <PendingNotice />
      {shown.map((id) => (
        <fieldset key={id} className="config-group" disabled={locked}>
          <legend>{text.group(id)}</legend>
          {byGroup(id).map((option) => (
            <OptionField key={option.path} option={option} disabled={locked} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}
