/**
 * Config slice: the config of the run, the edited draft, and what the form shows for fields
 * whose text was refused. The config only changes through `applyConfigPatch` (src/nas/options)
 * when the patch is valid; while a run exists, edits go to the draft and apply on Reset.
 */
import type { StateCreator } from 'zustand/vanilla';
import { type FieldError, type RunConfig } from '../nas/config';
import { DEFAULT_CONFIG } from '../nas/presets';
import type { Message } from '../nas/message';
import { findOption, inEnglish, parseOptionText, patchConfigProblems } from '../nas/options';
import type { AppState } from './appState';
import { emptyRunView } from './runView';

export interface ConfigSlice {
  /** Config of the run in the worker; exported with the run log. */
  config: RunConfig;
  /** Config the form shows; equals `config` unless edits wait for the next Reset. */
  draft: RunConfig;
  /** Refused values by dotted path (`metaqnn.alpha`): the core's message, or text the UI wrote. */
  fieldErrors: Readonly<Record<string, Message | string>>;
  /** Text of fields whose last edit was refused, so the form keeps what the user typed. */
  formText: Readonly<Record<string, string>>;
  /**
   * Applies a patch (the shape of `configure()`). Valid: updates the draft, and the config too
   * when no run has started; invalid: records the errors and changes nothing.
   */
  patchConfig(patch: unknown, fieldPath?: string): { ok: true } | { ok: false; errors: FieldError[] };
  /** Parses the text of one form field and patches the config with it. */
  editOption(path: string, text: string): boolean;
  /** Sets one form field to a value (selects, checkboxes, the schedule table). */
  setOptionValue(path: string, value: unknown): boolean;
  /** Records a refusal for `path` that happened before patching (e.g. a schedule cell). */
  setFieldError(path: string, message: Message | string, text?: string): void;
  /** Forgets refused text and errors of the form (after Reset or a preset). */
  clearFieldErrors(): void;
}

/** `{ a: { b: value } }` for the path `a.b`. */
export function patchFor(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function without<T>(record: Readonly<Record<string, T>>, keys: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys(k)));
}

/** True once the run has proposed an architecture or is running: its config is then fixed until Reset. */
export function runStarted(state: Pick<AppState, 'view' | 'status'>): boolean {
  return state.view.counts.proposed > 0 || state.status === 'running';
}

export const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = (set, get) => ({
  config: DEFAULT_CONFIG,
  draft: DEFAULT_CONFIG,
  fieldErrors: {},
  formText: {},

  patchConfig(patch, fieldPath) {
    const state = get();
    const result = patchConfigProblems(state.draft, patch);
    if (!result.ok) {
      const errors = without(state.fieldErrors, (k) => k === fieldPath);
      for (const e of result.problems) errors[e.path === '' ? (fieldPath ?? '') : e.path] = e.problem;
      // A cross-field refusal (e.g. train + validation images) is also shown at the edited field.
      if (fieldPath !== undefined && !(fieldPath in errors)) errors[fieldPath] = result.problems[0]!.problem;
      set({ fieldErrors: errors });
      return { ok: false, errors: inEnglish(result.problems) };
    }
    const formText = fieldPath === undefined ? {} : without(state.formText, (k) => k === fieldPath);
    set({
      draft: result.config,
      // Before the first proposal the run is just its config: show the new one (the worker
      // is re-initialised with it on Start).
      ...(runStarted(state) ? {} : { config: result.config, view: emptyRunView(result.config) }),
      formText,
      // Errors of fields that still hold refused text stay; the others are resolved.
      fieldErrors: without(state.fieldErrors, (k) => !(k in formText)),
    });
    return { ok: true };
  },

  editOption(path, text) {
    const option = findOption(path);
    if (!option) throw new Error(`Unknown setting '${path}'`);
    const parsed = parseOptionText(option, text);
    if (!parsed.ok) {
      get().setFieldError(path, parsed.problem, text);
      return false;
    }
    const result = get().patchConfig(patchFor(path, parsed.value), path);
    if (!result.ok) set((s) => ({ formText: { ...s.formText, [path]: text } }));
    return result.ok;
  },

  setOptionValue(path, value) {
    return get().patchConfig(patchFor(path, value), path).ok;
  },

  setFieldError(path, message, text) {
    set((s) => ({
      fieldErrors: { ...s.fieldErrors, [path]: message },
      formText: text === undefined ? s.formText : { ...s.formText, [path]: text },
    }));
  },

  clearFieldErrors() {
    set({ fieldErrors: {}, formText: {} });
  },
});
