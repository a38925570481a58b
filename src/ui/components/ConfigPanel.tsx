/**
 * The run settings, generated from the options table (src/nas/options.ts) and grouped as it
 * groups them. Locked while the search runs; once a run exists, edits wait for Reset.
 */
import { CONFIG_OPTIONS, type OptionRule } from '../../nas/options';
import { STRATEGIES, type ConfigOption } from '../../nas/config';
import { useAppStore } from '../../store';
import { useController } from '../controllerContext';
import { OptionField } from './OptionField';

const GROUPS: { id: ConfigOption['group']; title: string }[] = [
  { id: 'run', title: 'Run' },
  { id: 'data', title: 'Data' },
  { id: 'training', title: 'Training each model' },
  { id: 'metaqnn', title: 'MetaQNN search' },
  { id: 'blockqnn', title: 'BlockQNN search' },
];

/** Strategy groups other than the chosen strategy's are hidden: they do not apply to the run. */
const isStrategyGroup = (id: ConfigOption['group']): boolean =>
  (STRATEGIES as readonly string[]).includes(id);

const byGroup = (group: ConfigOption['group']): OptionRule[] =>
  CONFIG_OPTIONS.filter((o) => o.group === group);

function PendingNotice() {
  const controller = useController();
  const pending = useAppStore((s) => s.draft !== s.config);
  const hasRun = useAppStore((s) => s.view.counts.proposed > 0);
  const running = useAppStore((s) => s.status === 'running');
  if (running) {
    return (
      <p className="config-note" role="note">
        Settings are locked while the search runs. Pause to edit them; they apply after Reset.
      </p>
    );
  }
  if (!hasRun) return null;
  return (
    <div className={`config-note ${pending ? 'pending' : ''}`} role="note">
      {pending ? (
        <>
          <span>Changed settings apply to the next run.</span>
          <button type="button" className="button small attention" onClick={() => void controller.reset()}>
            Reset now
          </button>
        </>
      ) : (
        <span>This run keeps its settings; changes apply after Reset.</span>
      )}
    </div>
  );
}

export function ConfigPanel() {
  const locked = useAppStore((s) => s.status === 'running');
  const strategy = useAppStore((s) => s.draft.strategy);
  const groups = GROUPS.filter((g) => !isStrategyGroup(g.id) || g.id === strategy);
  return (
    <section className="config-panel" aria-label="Settings">
      <PendingNotice />
      {groups.map((group) => (
        <fieldset key={group.id} className="config-group" disabled={locked}>
          <legend>{group.title}</legend>
          {byGroup(group.id).map((option) => (
            <OptionField key={option.path} option={option} disabled={locked} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}
