/**
 * An epsilon schedule as an editable table of (epsilon, count) steps: MetaQNN's unique models
 * (Baker et al. 2017, Table 2) or BlockQNN's iterations of a batch of blocks (SPEC §3), with the
 * paper's schedule and a scaled copy as presets.
 */
import { useState } from 'react';
import {
  BLOCKQNN_EPSILON_SCHEDULE,
  PAPER_EPSILON_SCHEDULE,
  scaleBlockSchedule,
  scaleSchedule,
  type EpsilonStep,
} from '../../nas/config';
import { getOption, type OptionRule } from '../../nas/options';
import { useAppStore } from '../../store';
import { FieldError, helpId, type FieldProps } from './OptionField';

/** The table edits steps as (epsilon, models); `iterations` schedules are mapped in and out. */
interface ScheduleKind {
  /** Column title and the unit of the total. */
  column: string;
  unit: string;
  presets: { label: string; steps: () => EpsilonStep[] }[];
}

const asModels = (steps: readonly { epsilon: number; iterations: number }[]): EpsilonStep[] =>
  steps.map((s) => ({ epsilon: s.epsilon, models: s.iterations }));

const KINDS: Record<'models' | 'iterations', ScheduleKind> = {
  models: {
    column: 'Models',
    unit: 'models planned',
    presets: [
      { label: 'Paper (Table 2)', steps: () => PAPER_EPSILON_SCHEDULE.map((s) => ({ ...s })) },
      { label: 'Scaled ×0.02', steps: () => scaleSchedule(PAPER_EPSILON_SCHEDULE, 0.02) },
    ],
  },
  iterations: {
    column: 'Iterations',
    unit: 'iterations planned',
    presets: [
      { label: 'Paper (SPEC §3)', steps: () => asModels(BLOCKQNN_EPSILON_SCHEDULE) },
      { label: 'Scaled ×0.06', steps: () => asModels(scaleBlockSchedule(BLOCKQNN_EPSILON_SCHEDULE, 0.06)) },
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

/** The steps the rows say, or the first problem with their text. */
function parseRows(
  rows: readonly RowText[],
  countKey: string,
): { ok: true; steps: EpsilonStep[] } | { ok: false; message: string } {
  const steps: EpsilonStep[] = [];
  for (const [i, row] of rows.entries()) {
    if (!NUMBER.test(row.epsilon))
      return { ok: false, message: `Epsilon schedule step ${i + 1}: epsilon must be a number.` };
    if (!/^\s*\d+\s*$/.test(row.models))
      return { ok: false, message: `Epsilon schedule step ${i + 1}: ${countKey} must be a whole number.` };
    steps.push({ epsilon: Number(row.epsilon), models: Number(row.models) });
  }
  return { ok: true, steps };
}

function ScheduleTable({ option, disabled, schedule }: FieldProps & { schedule: readonly EpsilonStep[] }) {
  const PATH = option.path;
  const countKey = option.countKey ?? 'models';
  const kind = KINDS[countKey];
  const setOptionValue = useAppStore((s) => s.setOptionValue);
  const setFieldError = useAppStore((s) => s.setFieldError);
  const [rows, setRows] = useState(() => toText(schedule));
  const [shown, setShown] = useState(schedule);
  if (shown !== schedule) {
    // The schedule changed outside the table (a preset, Reset): show it unless the rows say it.
    setShown(schedule);
    const parsed = parseRows(rows, countKey);
    if (!parsed.ok || scheduleKey(parsed.steps) !== scheduleKey(schedule)) setRows(toText(schedule));
  }

  const commit = (next: readonly RowText[]) => {
    const parsed = parseRows(next, countKey);
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
            <th scope="col">Step</th>
            <th scope="col">ε</th>
            <th scope="col">{kind.column}</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
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
                  aria-label={`Epsilon of step ${i + 1}`}
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
                  aria-label={`${kind.column} of step ${i + 1}`}
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
                  aria-label={`Remove step ${i + 1}`}
                  title="Remove this step"
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
          Add step
        </button>
        <span className="schedule-total">
          {total.toLocaleString('en-US')} {kind.unit}
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
  return (
    <div className="field field-schedule" data-option={PATH} title={option.help}>
      <div className="schedule-head">
        <span className="label">{option.label}</span>
        <div className="presets" role="group" aria-label="Schedule presets">
          {KINDS[countKey].presets.map((preset) => (
            <button
              key={preset.label}
              type="button"
              className="button small"
              disabled={disabled}
              onClick={() => setOptionValue(PATH, writeSteps(preset.steps(), countKey))}
            >
              {preset.label}
            </button>
          ))}
        </div>
      </div>
      <span id={helpId(PATH)} className="visually-hidden">
        {option.help}
      </span>
      <ScheduleTable option={option} disabled={disabled} schedule={schedule} />
      <FieldError path={PATH} />
    </div>
  );
}
