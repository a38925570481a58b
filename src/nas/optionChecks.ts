/**
 * Checking configs against the options table: reading and writing by path, the value of one
 * option, and every problem of a whole config (unknown keys, wrong types, out-of-range values,
 * cross-field rules, each section's own rules). Pure module: no DOM, React or tfjs.
 */
import {
  datasetFacts,
  IMAGE_DATASETS,
  isTableDataset,
  TABLE_DATASETS,
  type DatasetId,
  type FieldError,
  type RunConfig,
} from './config';
import { formatMessage, message, optionLabel, type Message, type MessageParam } from './message';
import type { FieldProblem, OptionRule } from './optionRule';
import { configOptions, findOption } from './optionTable';
import { configSections, findStrategy, strategyDefinition } from './strategies';
import { nb201LooksUp } from './spaces/nb201Section';
import { isUserDatasetId } from './userDatasets';

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The value at a dotted path (`metaqnn.alpha`), or undefined when any step is missing. */
export function getOption(config: RunConfig, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** A deep copy of `config` with the option at `path` set to a copy of `value`. Throws on an unknown path. */
export function setOption(config: RunConfig, path: string, value: unknown): RunConfig {
  if (!findOption(path)) throw new Error(`Unknown setting '${path}'`);
  const copy = structuredClone(config);
  const keys = path.split('.');
  let node = copy as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (!isPlainObject(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = structuredClone(value);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Checking values

/** The allowed range of a number option as text, e.g. `(0, 1]` or `[1, 200]`. */
export function rangeText(option: OptionRule): string {
  const lo = option.min ?? -Infinity;
  const hi = option.max ?? Infinity;
  return `${option.exclusiveMin ? '(' : '['}${lo}, ${hi}]`;
}

export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function inRange(option: OptionRule, x: number): boolean {
  const lo = option.min ?? -Infinity;
  const hi = option.max ?? Infinity;
  return (option.exclusiveMin ? x > lo : x >= lo) && x <= hi;
}

function checkIntList(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  if (!Array.isArray(value)) return message('list.notList', { label, value: show(value) });
  if (value.length === 0) return message('list.empty', { label });
  if (option.maxItems !== undefined && value.length > option.maxItems)
    return message('list.tooMany', { label, max: option.maxItems, count: value.length });
  const seen = new Set<number>();
  for (const x of value) {
    if (typeof x !== 'number' || !Number.isInteger(x) || !inRange(option, x))
      return message('list.notIntegers', { label, range: rangeText(option), value: show(x) });
    if (option.oddOnly && x % 2 === 0) return message('list.notOdd', { label, value: x });
    if (seen.has(x)) return message('list.repeated', { label, value: x });
    seen.add(x);
  }
  return undefined;
}

function checkPoolList(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  if (!Array.isArray(value)) return message('pools.notList', { label, value: show(value) });
  if (value.length === 0) return message('pools.empty', { label });
  if (option.maxItems !== undefined && value.length > option.maxItems)
    return message('pools.tooMany', { label, max: option.maxItems, count: value.length });
  const seen = new Set<string>();
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2)
      return message('pools.notPair', { label, value: show(pair) });
    const [size, stride] = pair as unknown[];
    if (typeof size !== 'number' || !Number.isInteger(size) || !inRange(option, size))
      return message('pools.badSize', { label, range: rangeText(option), value: show(size) });
    if (typeof stride !== 'number' || !Number.isInteger(stride) || stride < 1 || stride > size)
      return message('pools.badStride', { label, size, value: show(stride) });
    const key = `${size}x${stride}`;
    if (seen.has(key)) return message('pools.repeated', { label, pair: key });
    seen.add(key);
  }
  return undefined;
}

function checkSchedule(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  const count = option.countKey ?? 'models';
  if (!Array.isArray(value)) return message('schedule.notList', { label, count, value: show(value) });
  if (value.length === 0) return message('schedule.empty', { label });
  if (option.maxItems !== undefined && value.length > option.maxItems)
    return message('schedule.tooMany', { label, max: option.maxItems, count: value.length });
  for (const [i, step] of value.entries()) {
    const at = { label, step: i + 1 };
    if (!isPlainObject(step)) return message('schedule.notStep', { ...at, count, value: show(step) });
    const extra = Object.keys(step).find((k) => k !== 'epsilon' && k !== count);
    if (extra !== undefined) return message('schedule.unknownField', { ...at, field: extra });
    const { epsilon, [count]: models } = step;
    if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0 || epsilon > 1)
      return message('schedule.badEpsilon', { ...at, value: show(epsilon) });
    if (typeof models !== 'number' || !Number.isInteger(models) || !inRange(option, models))
      return message('schedule.badCount', { ...at, count, range: rangeText(option), value: show(models) });
  }
  return undefined;
}

/** Why `value` is not allowed for `option` on its own (cross-field rules aside), or undefined if it is. */
export function optionValueProblem(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  if (value === undefined) return message('option.missing', { label });
  switch (option.kind) {
    case 'enum': {
      const choices = option.choices ?? [];
      if (typeof value === 'string' && choices.includes(value)) return undefined;
      // An imported dataset's id that this machine does not have (a link or a log from elsewhere).
      if (option.path === 'dataset' && isUserDatasetId(value))
        return message('config.userDatasetMissing', { id: value });
      return message('option.unknownChoice', { label, value: show(value), choices: choices.join(', ') });
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : message('option.notBoolean', { label, value: show(value) });
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && inRange(option, value)
        ? undefined
        : message('option.notInteger', { label, range: rangeText(option), value: show(value) });
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && inRange(option, value)
        ? undefined
        : message('option.notNumber', { label, range: rangeText(option), value: show(value) });
    case 'int-list':
      return checkIntList(option, value);
    case 'pool-list':
      return checkPoolList(option, value);
    case 'schedule':
      return checkSchedule(option, value);
  }
}

/** `optionValueProblem` in English. */
export function checkOptionValue(option: OptionRule, value: unknown): string | undefined {
  const problem = optionValueProblem(option, value);
  return problem === undefined ? undefined : formatMessage(problem);
}

/** The English form of field problems (`FieldError`: what `configure()` and the tests read). */
export function inEnglish(problems: readonly FieldProblem[]): FieldError[] {
  return problems.map(({ path, problem }) => ({ path, message: formatMessage(problem) }));
}

/** `a or b or c` as a message, for lists of alternatives. */
export function orList(items: readonly string[]): MessageParam {
  const [first, ...rest] = items;
  return rest.length === 0 ? (first ?? '') : message('orList', { first: first ?? '', rest: orList(rest) });
}

/** Keys present in `config` (top level and the three groups) that no option names. */
export function unknownKeys(config: unknown): FieldProblem[] {
  const errors: FieldProblem[] = [];
  if (!isPlainObject(config))
    return [{ path: '', problem: message('config.notObject', { value: show(config) }) }];
  const groups = new Set(['data', 'training', ...configSections().map((s) => s.id)]);
  for (const [key, value] of Object.entries(config)) {
    if (groups.has(key)) {
      if (!isPlainObject(value)) {
        errors.push({ path: key, problem: message('config.groupNotObject', { key, value: show(value) }) });
        continue;
      }
      for (const sub of Object.keys(value)) {
        if (!findOption(`${key}.${sub}`))
          errors.push({
            path: `${key}.${sub}`,
            problem: message('config.unknownSetting', { key: `${key}.${sub}` }),
          });
      }
    } else if (!findOption(key)) {
      errors.push({ path: key, problem: message('config.unknownSetting', { key }) });
    }
  }
  return errors;
}

/**
 * Every problem with a config: unknown keys, wrong types, out-of-range values and cross-field
 * rules (train + validation images fit the dataset). Empty when the config is usable.
 * Accepts untrusted input (an imported file) despite its type.
 */
export function configProblems(config: RunConfig): FieldProblem[] {
  const errors = unknownKeys(config);
  if (!isPlainObject(config)) return errors;
  for (const option of configOptions()) {
    const problem = optionValueProblem(option, getOption(config, option.path));
    if (problem !== undefined) errors.push({ path: option.path, problem });
  }
  const failed = new Set(errors.map((e) => e.path));
  if (!failed.has('strategy') && !failed.has('space')) {
    const spaces = strategyDefinition(config.strategy).spaces;
    if (!spaces.includes(config.space)) {
      errors.push({
        path: 'space',
        problem: message('config.spaceMismatch', {
          space: config.space,
          strategy: config.strategy,
          spaces: orList(spaces),
        }),
      });
    }
  }
  const oneShot = !failed.has('strategy') && findStrategy(config.strategy)?.family === 'oneshot';
  if (!failed.has('space') && !failed.has('dataset') && oneShot) {
    // A one-shot strategy trains its supernet for real: on images, never on a table.
    if (isTableDataset(config.dataset))
      errors.push({
        path: 'dataset',
        problem: message('config.oneShotNeedsImages', {
          strategy: config.strategy,
          datasets: IMAGE_DATASETS.join(', '),
        }),
      });
  } else if (!failed.has('space') && !failed.has('dataset')) {
    const table = isTableDataset(config.dataset);
    const trains = config.space === 'nb201' && !nb201LooksUp(config);
    if (table && trains) {
      errors.push({
        path: 'dataset',
        problem: message('config.nb201TrainNeedsImages', { datasets: IMAGE_DATASETS.join(', ') }),
      });
    } else if (!trains && table !== (config.space === 'nb201')) {
      errors.push({
        path: 'dataset',
        problem: table
          ? message('config.tableNeedsNb201', { dataset: config.dataset })
          : message('config.nb201NeedsTable', { datasets: TABLE_DATASETS.join(', ') }),
      });
    }
  }
  for (const section of configSections()) errors.push(...(section.problems?.(config, failed) ?? []));
  if (
    !['dataset', 'data.trainImages', 'data.valImages'].some((p) => failed.has(p)) &&
    !isTableDataset(config.dataset)
  ) {
    const split = datasetFacts(config.dataset as DatasetId);
    const { trainImages, valImages } = config.data;
    if (trainImages + valImages > split.train) {
      errors.push({
        path: 'data.trainImages',
        problem: message('config.tooManyTrainImages', {
          max: split.train - valImages,
          val: valImages,
          dataset: split.label,
          train: split.train,
          value: trainImages,
        }),
      });
    }
  }
  return errors;
}

/** `configProblems` in English. */
export function validateConfig(config: RunConfig): FieldError[] {
  return inEnglish(configProblems(config));
}

/**
 * Options added after run logs were first saved, with the value that every log written before
 * them meant: a saved or exported run without `trainingPath` was trained by tfjs.
 */
const LEGACY_DEFAULTS: Readonly<Record<string, unknown>> = {
  trainingPath: 'tfjs',
  // Before the nb201 section, NAS-Bench-201 cells were always looked up.
  nb201: { evaluate: 'table' },
};

/**
 * The same for options inside a section, by section: a SNAS run saved before `resourceForm`
 * penalised its resource linearly.
 */
const LEGACY_SECTION_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  // One-shot runs saved before the darts space searched nb201, where `layers` is unused.
  darts: { layers: 8 },
  snas: { resourceForm: 'linear', layers: 8 },
  // An ENAS run saved before the controller's logit shaping sampled from the raw logits.
  enas: { controllerTemperature: 1, controllerTanhConstant: 0, layers: 8 },
};

/** `object` with the entries of `defaults` it lacks (the same object when it lacks none). */
function fill(object: Record<string, unknown>, defaults: Readonly<Record<string, unknown>>) {
  const missing = Object.entries(defaults).filter(([key]) => !Object.hasOwn(object, key));
  return missing.length === 0 ? object : { ...object, ...Object.fromEntries(missing) };
}

/**
 * A copy of an untrusted config (an import, a saved run) with the options that older builds did
 * not write filled in (top-level, and inside a section present as an object); anything else,
 * including a non-object, is returned unchanged.
 */
export function withLegacyDefaults(config: unknown): unknown {
  if (!isPlainObject(config)) return config;
  let filled = fill(config, LEGACY_DEFAULTS);
  for (const [section, defaults] of Object.entries(LEGACY_SECTION_DEFAULTS)) {
    const value = filled[section];
    if (!isPlainObject(value)) continue;
    const sectionFilled = fill(value, defaults);
    if (sectionFilled !== value) filled = { ...filled, [section]: sectionFilled };
  }
  return filled;
}
