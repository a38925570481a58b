/**
 * Partial configs (from the form, the URL, `configure()`, lessons and comparisons) applied to a
 * config, validated as a whole: nothing changes unless every problem is gone.
 * Pure module: no DOM, React or tfjs.
 */
import {
  isTableDataset,
  TABLE_DATASETS,
  type DatasetId,
  type FieldError,
  type FidelityId,
  type RunConfig,
} from './config';
import { message } from './message';
import {
  configProblems,
  inEnglish,
  isPlainObject,
  optionValueProblem,
  show,
  unknownKeys,
} from './optionChecks';
import type { FieldProblem } from './optionRule';
import { findOption } from './optionTable';
import { presetConfig } from './presets';
import { nb201LooksUp } from './spaces/nb201Section';
import { configSections, findSpace, findStrategy } from './strategies';

/** `patchConfigProblems` with its refusals in English (`configure()`, lessons, comparisons). */
export function applyConfigPatch(
  current: RunConfig,
  patch: unknown,
): { ok: true; config: RunConfig } | { ok: false; errors: FieldError[] } {
  const result = patchConfigProblems(current, patch);
  return result.ok ? result : { ok: false, errors: inEnglish(result.problems) };
}

/**
 * Apply a partial config (from the form, the URL or `configure()`) to `current`.
 * A patch with `fidelity` first resets to that preset (keeping strategy, space and seed unless the
 * patch sets them), then applies the rest: groups merge field by field, lists replace.
 * The result is validated; on any error all problems are returned and nothing changes.
 */
export function patchConfigProblems(
  current: RunConfig,
  patch: unknown,
): { ok: true; config: RunConfig } | { ok: false; problems: FieldProblem[] } {
  if (!isPlainObject(patch))
    return {
      ok: false,
      problems: [{ path: '', problem: message('config.patchNotObject', { value: show(patch) }) }],
    };

  const errors = unknownKeys(patch);
  if (errors.length > 0) return { ok: false, problems: errors };

  let next: RunConfig;
  if (patch.fidelity !== undefined) {
    const fidelityProblem = optionValueProblem(findOption('fidelity')!, patch.fidelity);
    if (fidelityProblem !== undefined)
      return { ok: false, problems: [{ path: 'fidelity', problem: fidelityProblem }] };
    const seed = typeof patch.seed === 'number' ? patch.seed : current.seed;
    next = {
      ...presetConfig(patch.fidelity as FidelityId, seed),
      strategy: current.strategy,
      space: current.space,
      trainingPath: current.trainingPath,
    };
  } else {
    next = structuredClone(current);
  }

  // Choosing a strategy picks its default space unless the patch names one (one click in the UI).
  const chosen = typeof patch.strategy === 'string' ? findStrategy(patch.strategy) : undefined;
  if (chosen && patch.space === undefined && !chosen.spaces.includes(next.space))
    next.space = chosen.spaces[0]!;
  // A strategy registered after `current` was made has no section there yet: its preset's.
  const preset = presetConfig(next.fidelity, next.seed) as unknown as Record<string, unknown>;
  for (const section of configSections())
    if (!Object.hasOwn(next, section.id))
      (next as unknown as Record<string, unknown>)[section.id] = preset[section.id];
  // A table dataset implies the tabular space, and the tabular space a table dataset (one click).
  const spaces = findStrategy(next.strategy)?.spaces ?? [];
  // A one-shot strategy trains its supernet on images, whatever the space: no table pairing.
  const oneShot = (chosen ?? findStrategy(next.strategy))?.family === 'oneshot';
  if (oneShot && isTableDataset(next.dataset) && patch.dataset === undefined)
    next.dataset = presetConfig(next.fidelity).dataset;
  // `nb201.evaluate: 'train'` trains the cells on images: that space then pairs with images.
  const patchEvaluate = (patch.nb201 as { evaluate?: unknown } | undefined)?.evaluate;
  const looksUp =
    patchEvaluate !== undefined
      ? patchEvaluate !== 'train'
      : typeof patch.dataset === 'string'
        ? isTableDataset(patch.dataset as DatasetId)
        : nb201LooksUp(next);
  if (!oneShot && typeof patch.dataset === 'string' && patch.space === undefined) {
    const table = isTableDataset(patch.dataset as DatasetId);
    const tabular = spaces.find((s) => findSpace(s)?.tabular);
    if (table && tabular !== undefined) next.space = tabular;
    if (table && patchEvaluate === undefined && next.nb201) next.nb201.evaluate = 'table';
    if (!table && findSpace(next.space)?.tabular && looksUp) next.space = spaces[0]!;
  }
  if (patch.dataset === undefined && !oneShot) {
    const space = typeof patch.space === 'string' ? patch.space : next.space;
    const tabular = findSpace(space)?.tabular === true && looksUp;
    if (tabular && !isTableDataset(next.dataset)) next.dataset = TABLE_DATASETS[0]!;
    if (!tabular && isTableDataset(next.dataset)) next.dataset = presetConfig(next.fidelity).dataset;
  }

  const target = next as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (isPlainObject(value)) {
      const group = target[key] as Record<string, unknown>;
      for (const [sub, subValue] of Object.entries(value)) {
        if (subValue !== undefined) group[sub] = structuredClone(subValue);
      }
    } else {
      target[key] = structuredClone(value);
    }
  }

  const problems = configProblems(next);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: next };
}
