/**
 * The table of run options: one row per leaf field of `RunConfig`, with its kind, range and help:
 * the common rows, then each registered strategy's and space's section. The form, the testing API
 * (`configure()`), validation and run-log import all read it. Pure module: no DOM, React or tfjs.
 */
import type { OptionRule } from './optionRule';
import { commonOptions } from './optionRows';
import { configSections, perRegistry, spaceDefinitions, strategyDefinitions } from './strategies';

/** Every leaf field of `RunConfig`, in form order (recomputed when a strategy is registered). */
export const configOptions: () => readonly OptionRule[] = perRegistry(() => [
  ...commonOptions(
    strategyDefinitions().map((d) => d.id),
    spaceDefinitions().map((d) => d.id),
  ),
  ...configSections().flatMap((section) => section.options),
]);

const optionsByPath = perRegistry(() => new Map(configOptions().map((o) => [o.path, o])));

/** The row of the options table for a dotted path, or undefined. */
export function findOption(path: string): OptionRule | undefined {
  return optionsByPath().get(path);
}
