/**
 * Checks of the arguments of `window.nasPlayground` (README: Testing API). A script that passes
 * the wrong thing gets a rejection in plain English naming what is allowed, instead of a run
 * that fails later, far from the call.
 */
import { FIDELITIES } from '../nas/config';
import type { CompareSpec } from '../nas/compare';
import { LANGUAGES, isLanguage, type Language } from '../i18n';
import { COMPARE_SWITCHES, type CompareSwitch } from '../store/compareSlice';

const SPEC_FIELDS = ['strategies', 'space', 'budget', 'seeds', 'fidelity'] as const;

/** A value as a script author wrote it: JSON where possible. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Wraps a method that takes no arguments so that it rejects when given one. Absent arguments
 * and `undefined` are both accepted (Playwright fixtures pass `undefined` for "none").
 */
export function withoutArguments<T>(
  method: string,
  run: () => Promise<T>,
): (...args: unknown[]) => Promise<T> {
  return async (...args) => {
    const given = args.filter((arg) => arg !== undefined);
    if (given.length > 0)
      throw new Error(`${method}() takes no arguments; got ${given.map(shown).join(', ')}`);
    return run();
  };
}

/** The switch of `compare(flipped)`. */
export function checkCompareSwitch(value: unknown): CompareSwitch {
  const known = COMPARE_SWITCHES.find((s) => s === value);
  if (known) return known;
  throw new Error(`compare() takes one of ${quoted(COMPARE_SWITCHES)}; got ${shown(value)}`);
}

/** The language of `setLanguage(language)`. */
export function checkLanguage(value: unknown): Language {
  if (isLanguage(value)) return value;
  throw new Error(`setLanguage() takes one of ${quoted(LANGUAGES)}; got ${shown(value)}`);
}

const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Type problems of each field of a comparison spec; which strategies fit is compareProblem's. */
function specFieldProblems(spec: Record<string, unknown>): string[] {
  const problems = Object.keys(spec)
    .filter((key) => !(SPEC_FIELDS as readonly string[]).includes(key))
    .map((key) => `${key}: unknown field (allowed: ${SPEC_FIELDS.join(', ')})`);
  const { strategies, space, budget, seeds, fidelity } = spec;
  if (!Array.isArray(strategies) || !strategies.every((s) => typeof s === 'string'))
    problems.push(
      `strategies: an array of strategy ids such as ["metaqnn", "random"]; got ${shown(strategies)}`,
    );
  if (typeof space !== 'string') problems.push(`space: a space id such as "layers"; got ${shown(space)}`);
  if (!isWhole(budget)) problems.push(`budget: a whole number of models; got ${shown(budget)}`);
  if (!Array.isArray(seeds) || !seeds.every(isWhole))
    problems.push(`seeds: an array of whole numbers such as [1, 2]; got ${shown(seeds)}`);
  if (fidelity !== undefined && !FIDELITIES.some((f) => f === fidelity))
    problems.push(`fidelity: one of ${quoted(FIDELITIES)}, or absent; got ${shown(fidelity)}`);
  return problems;
}

/** The spec of `compareStrategies(spec)`, checked field by field; every problem is named. */
export function checkCompareSpec(value: unknown): CompareSpec {
  const problems = isPlainObject(value)
    ? specFieldProblems(value)
    : [`expected an object { strategies, space, budget, seeds, fidelity? }; got ${shown(value)}`];
  if (problems.length > 0) throw new Error(`Invalid compareStrategies spec:\n${problems.join('\n')}`);
  return value as unknown as CompareSpec;
}

/** The export formats of `exportCode(arch, format)`. */
export const CODE_FORMATS = ['pytorch', 'keras', 'tfjs'] as const;

/** The arguments of `exportCode(arch, format)`: an architecture string or null (the best), a format. */
export function checkExportCodeArgs(
  arch: unknown,
  format: unknown,
): { arch: string | null; format: (typeof CODE_FORMATS)[number] } {
  if (arch !== undefined && arch !== null && (typeof arch !== 'string' || arch.trim() === ''))
    throw new Error(
      `exportCode() takes an architecture string of the run, or null for the best; got ${shown(arch)}`,
    );
  const known = format === undefined ? 'pytorch' : CODE_FORMATS.find((f) => f === format);
  if (!known) throw new Error(`exportCode() exports as one of ${quoted(CODE_FORMATS)}; got ${shown(format)}`);
  return { arch: typeof arch === 'string' ? arch : null, format: known };
}
