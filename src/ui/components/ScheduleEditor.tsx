/**
 * An epsilon schedule as an editable table of (epsilon, count) steps: MetaQNN's unique models
 * (Baker et al. 2017, Table 2) or BlockQNN's iterations of a batch of blocks (SPEC §3), with the
 * paper's schedule and a scaled copy as presets.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EpsilonStep } from '../../nas/config';
import { BLOCKQNN_EPSILON_SCHEDULE, scaleBlockSchedule } from '../../nas/strategies/blockqnn/config';
import { PAPER_EPSILON_SCHEDULE, scaleSchedule } from '../../nas/strategies/metaqnn/config';
import { getOption, type OptionRule } from '../../nas/options';
import { useAppStore } from '../../store';
import { useOptionText } from '../optionText';
import { FieldError, helpId, type FieldProps } from './OptionField';

/**
 * The table edits steps as (epsilon, models); `iterations` schedules are mapped in and out. The
 * column title, the total and the preset labels are `config:schedule.<countKey>.*`.
 */
interface ScheduleKind {
  presets: { key: 'paper' | 'scaled'; steps: () => EpsilonStep[] }[];
}

const asModels = (steps: readonly { epsilon: number; iterations: number }[]): EpsilonStep[] =>
  steps.map((s) => ({ epsilon: s.epsilon, models: s.iterations }));

const KINDS: Record<'models' | 'iterations', ScheduleKind> = {
  models: {
    presets: [
      { key: 'paper', steps: () => PAPER_EPSILON_SCHEDULE.map((s) => ({ ...s })) },
      { key: 'scaled', steps: () => scaleSchedule(PAPER_EPSILON_SCHEDULE, 0.02) },
    ],
  },
  iterations: {
    presets: [
      { key: 'paper', steps: () => asModels(BLOCKQNN_EPSILON_SCHEDULE) },
      { key: 'scaled', steps: () => asModels(scaleBlockSchedule(BLOCKQNN_EPSILON_SCHEDULE, 0.06)) },
    ],
  },
};

/** The stored value of a schedule option as (epsilon, models) rows. */
function readSteps(value: unknown, countKey: 'models' | 'iterations'): EpsilonStep[] {
  if (!Array.isArray(value)) return [];
  return (value as Record<string, number>[]).map((s) => ({ epsilon: s.epsilon!, models: s[countKey]! }));
}

/** (epsilon, models) rows as the stored value of a schedule option. */
function writeSteps(steps: readonly EpsilonStep[], countKey: 'models' | 'iterations'): unknown {
  return steps.map((s) => ({ epsilon: s.epsilon, [countKey]: s.models }));
}

interface RowText {
  epsilon: string;
  models: string;
}

const toText = (steps: readonly EpsilonStep[]): RowText[] =>
  steps.map((s) => ({ epsilon: String(s.epsilon), models: String(s.models) }));

const scheduleKey = (steps: readonly EpsilonStep[]) => steps.map((s) => `${s.epsilon}:${s.models}`).join(',');

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** Says what is wrong with the text of step `step` (1-based), in the interface language. */
type RowProblem = (problem: 'notNumber' | 'notWhole', step: number, countKey: string) => string;

/** The steps the rows say, or the first problem with their text. */
function parseRows(
  rows: readonly RowText[],
  countKey: string,
  problem: RowProblem,
): { ok: true; steps: EpsilonStep[] } | { ok: false; message: string } {
  const steps: EpsilonStep[] = [];
  for (const [i, row] of rows.entries()) {
    if (!NUMBER.test(row.epsilon)) return { ok: false, message: problem('notNumber', i + 1, countKey) };
    if (!/^\s*\d+\s*$/.test(row.models)) return { ok: false, message: problem('notWhole', i + 1, countKey) };
    steps.push({ epsilon: Number(row.epsilon), models: Number(row.models) });
  }
  return { ok: true, steps };
}

function ScheduleTable({ option, disabled, schedule }: FieldProps & { schedule: readonly EpsilonStep[] }) {
  const PATH = option.path;
  const countKey = option.countKey ?? 'models';
  const { t, i18n } = useTranslation('config');
  const column = t(`schedule.${countKey}.column`);
  const problem: RowProblem = (key, step, count) =>
    t(`schedule.${key}`, { step, count: t(`schedule.${count}.column`).toLowerCase() });
  const setOptionValue = useAppStore((s) => s.setOptionValue);
  const setFieldError = useAppStore((s) => s.setFieldError);
  const [rows, setRows] = useState(() => toText(schedule));
  const [shown, setShown] = useState(schedule);
  if (shown !== schedule) {
    // The schedule changed outside the table (a preset, Reset): show it unless the rows say it.
    setShown(schedule);
    const parsed = parseRows(rows, countKey, problem);
    if (!parsed.ok || scheduleKey(parsed.steps) !== scheduleKey(schedule)) setRows(toText(schedule));
  }

  const commit = (next: readonly RowText[]) => {
    const parsed = parseRows(next, countKey, problem);
    if (!parsed.ok) setFieldError(PATH, parsed.message);
    else setOptionValue(PATH, writeSteps(parsed.steps, countKey));
  };
  const edit = (i: number, field: keyof RowText, value: string) =>
    setRows((current) => current.map((row, j) => (j === i ? { ...row, [field]: value } : row)));
  const addRow = () => {
    const last = rows[rows.length - 1];
    const epsilon = last && NUMBER.test(last.epsilon) ? Math.max(0, Number(last.epsilon) - 0.1) : 0.1;
    const next = [...rows, { epsilon: String(Math.round(epsilon * 100) / 100), models: last?.models ?? '1' }];
    setRows(next);
    commit(next);
  };
  const removeRow = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    setRows(next);
    commit(next);
  };
  const total = schedule.reduce((sum, s) => sum + s.models, 0);

  return (
    <>
      <table className="schedule-table">
        <thead>
          <tr>
            <th scope="col">{t('schedule.step')}</th>
            <th scope="col">ε</th>
            <th scope="col">{column}</th>
            <th scope="col">
              <span className="visually-hidden">{t('schedule.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td className="step-number">{i + 1}</td>
              <td>
                <input
                  className="input numeric"
                  aria-label={t('schedule.epsilonOf', { step: i + 1 })}
                  value={row.epsilon}
                  disabled={disabled}
                  inputMode="decimal"
                  onChange={(e) => edit(i, 'epsilon', e.target.value)}
                  onBlur={() => commit(rows)}
                  onKeyDown={(e) => e.key === 'Enter' && commit(rows)}
                />
              </td>
              <td>
                <input
                  className="input numeric"
                  aria-label={t('schedule.countOf', { column, step: i + 1 })}
                  value={row.models}
                  disabled={disabled}
                  inputMode="numeric"
                  onChange={(e) => edit(i, 'models', e.target.value)}
                  onBlur={() => commit(rows)}
                  onKeyDown={(e) => e.key === 'Enter' && commit(rows)}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('schedule.removeStep', { step: i + 1 })}
                  title={t('schedule.removeTitle')}
                  disabled={disabled || rows.length <= 1}
                  onClick={() => removeRow(i)}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="schedule-actions">
        <button
          type="button"
          className="button small"
          disabled={disabled || rows.length >= (option.maxItems ?? 50)}
          onClick={addRow}
        >
          {t('schedule.addStep')}
        </button>
        <span className="schedule-total">
          {t(`schedule.${countKey}.total`, { total: total.toLocaleString(i18n.language) })}
        </span>
      </div>
    </>
  );
}

export function ScheduleEditor({ option, disabled }: { option: OptionRule; disabled: boolean }) {
  const PATH = option.path;
  const countKey = option.countKey ?? 'models';
  const value = useAppStore((s) => getOption(s.draft, PATH));
  const [cache, setCache] = useState<{ value: unknown; steps: EpsilonStep[] } | null>(null);
  // One steps array per stored value, so the table can tell outside changes by identity.
  let schedule = cache?.steps ?? [];
  if (cache?.value !== value) {
    schedule = readSteps(value, countKey);
    setCache({ value, steps: schedule });
  }
  const setOptionValue = useAppStore((s) => s.setOptionValue);
  const { t } = useTranslation('config');
  const text = useOptionText();
  return (
    <div className="field field-schedule" data-option={PATH} title={text.help(option)}>
      <div className="schedule-head">
        <span className="label">{text.label(option)}</span>
        <div className="presets" role="group" aria-label={t('schedule.presets')}>
          {KINDS[countKey].presets.map((preset) => (
            <button
              key={preset.key}
              type="button"
              className="button small"
              disabled={disabled}
              onClick={() => setOptionValue(PATH, writeSteps(preset.steps(), countKey))}
            >
              {t(`schedule.${countKey}.${preset.key}`)}
            </button>
          ))}
        </div>
      </div>
      <span id={helpId(PATH)} className="visually-hidden">
        {text.help(option)}
      </span>
      <ScheduleTable option={option} disabled={disabled} schedule={schedule} />
      <FieldError path={PATH} />
    </div>
  );
}
