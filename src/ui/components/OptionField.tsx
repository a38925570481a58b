/**
 * One row of the config form, generated from the options table: a select for choices, a
 * checkbox for switches, a text field for numbers and lists (parsed by `parseOptionValue`).
 * A refused value shows its message next to the field and leaves the config unchanged.
 */
import { useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { onUserDatasetsChange, userDatasets } from '../../nas/userDatasets';
import { formatOptionValue, getOption, type OptionRule } from '../../nas/options';
import { useAppStore } from '../../store';
import { useMessageText } from '../messageText';
import { useOptionText } from '../optionText';
import { ScheduleEditor } from './ScheduleEditor';

export interface FieldProps {
  option: OptionRule;
  disabled: boolean;
}

/** The id of a field's help text, for aria-describedby. */
export const helpId = (path: string) => `help-${path.replace(/\./g, '-')}`;

export function FieldError({ path }: { path: string }) {
  const error = useAppStore((s) => s.fieldErrors[path]);
  const text = useMessageText();
  if (error === undefined) return null;
  return (
    <p className="field-error" role="alert" data-testid={`config.error.${path}`} id={`error-${path}`}>
      {text(error)}
    </p>
  );
}

function TextInput({ option, disabled, initial }: FieldProps & { initial: string }) {
  const editOption = useAppStore((s) => s.editOption);
  const invalid = useAppStore((s) => s.fieldErrors[option.path] !== undefined);
  const [text, setText] = useState(initial);
  const commit = () => {
    if (text !== initial || invalid) editOption(option.path, text);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') setText(initial);
  };
  const numeric = option.kind === 'int' || option.kind === 'number';
  return (
    <input
      id={`field-${option.path}`}
      className={`input ${numeric ? 'numeric' : 'list'}`}
      type="text"
      inputMode={option.kind === 'int' ? 'numeric' : numeric ? 'decimal' : 'text'}
      spellCheck={false}
      autoComplete="off"
      data-testid={`config.${option.path}`}
      value={text}
      disabled={disabled}
      aria-invalid={invalid}
      aria-describedby={`${helpId(option.path)}${invalid ? ` error-${option.path}` : ''}`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={onKey}
    />
  );
}

function SelectInput({ option, disabled }: FieldProps) {
  const text = useOptionText();
  // The dataset list grows and shrinks with imports: redraw when it does.
  useSyncExternalStore(onUserDatasetsChange, () => userDatasets().length);
  const setOptionValue = useAppStore((s) => s.setOptionValue);
  const value = useAppStore((s) => String(getOption(s.draft, option.path)));
  return (
    <select
      id={`field-${option.path}`}
      className="input select"
      data-testid={`config.${option.path}`}
      value={value}
      disabled={disabled}
      aria-describedby={helpId(option.path)}
      onChange={(e) => setOptionValue(option.path, e.target.value)}
    >
      {(option.choices ?? []).map((choice) => (
        <option key={choice} value={choice}>
          {text.choice(choice)}
        </option>
      ))}
    </select>
  );
}

function CheckboxInput({ option, disabled }: FieldProps) {
  const setOptionValue = useAppStore((s) => s.setOptionValue);
  const checked = useAppStore((s) => getOption(s.draft, option.path) === true);
  return (
    <input
      id={`field-${option.path}`}
      className="checkbox"
      type="checkbox"
      data-testid={`config.${option.path}`}
      checked={checked}
      disabled={disabled}
      aria-describedby={helpId(option.path)}
      onChange={(e) => setOptionValue(option.path, e.target.checked)}
    />
  );
}

function Control({ option, disabled }: FieldProps) {
  const valueText = useAppStore((s) => formatOptionValue(option, getOption(s.draft, option.path)));
  const refused = useAppStore((s) => s.formText[option.path]);
  switch (option.kind) {
    case 'enum':
      return <SelectInput option={option} disabled={disabled} />;
    case 'boolean':
      return <CheckboxInput option={option} disabled={disabled} />;
    default:
      // Remount when the stored value or the refused text changes (a preset, a Reset).
      return (
        <TextInput
          key={`${valueText}\u0000${refused ?? ''}`}
          option={option}
          disabled={disabled}
          initial={refused ?? valueText}
        />
      );
  }
}

export function OptionField({ option, disabled }: FieldProps) {
  const text = useOptionText();
  if (option.kind === 'schedule') return <ScheduleEditor option={option} disabled={disabled} />;
  return (
    <div className={`field field-${option.kind}`} data-option={option.path} title={text.help(option)}>
      <label htmlFor={`field-${option.path}`}>{text.label(option)}</label>
      <Control option={option} disabled={disabled} />
      <span id={helpId(option.path)} className="visually-hidden">
        {text.help(option)}
      </span>
      <FieldError path={option.path} />
    </div>
  );
}
