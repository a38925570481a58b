/**
 * The registries of strategies and search spaces. `strategies/index.ts` and `spaces/index.ts`
 * register the built-in ones, in order; a test may register its own. The generic machinery
 * (options, presets, the run-log schema, the run loops, lessons, i18n) reads them here at call
 * time, so a definition registered later takes part like the built-in ones.
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from '../architecture';
import type { RunConfig, SpaceId } from '../config';
import { addEnglishStrings } from '../message';
import type { TokenSpace } from '../tokenSpaces';
import type { ConfigSection, LocaleBundle, StrategyDefinition } from './contract';

/** A search space as the generic machinery sees it. */
export interface SpaceDefinition {
  readonly id: SpaceId;
  /** The config section the space owns (`nasrl`, `cell`), if any. */
  readonly section?: ConfigSection;
  /** Sections owned by a strategy whose options describe this space too (`layers`: `metaqnn`). */
  readonly describedBy?: readonly string[];
  /** Its token encoding, for the controller, evolution and random search; none: its own code. */
  tokenSpace?(config: RunConfig): TokenSpace;
  /** Accuracies are looked up in a benchmark table, never trained (NAS-Bench-201). */
  readonly tabular?: boolean;
  /**
   * The architecture a canonical string stands for under a config's network settings (to train it
   * again); throws saying what is wrong with the string. Absent for a tabular space.
   */
  parse?(net: string, config: RunConfig): Architecture;
  /**
   * How a Q-learner's state key reads in this space: its depth (decisions made so far) and its
   * legal actions' keys; throws on a malformed key. Absent where no Q-learner searches.
   */
  qStates?(state: string, config: RunConfig): { depth: number; actions: string[] };
  /** How the "architecture" export describes it: what its string is called, and more lines. */
  readonly description: { kind: string; details(net: string, config: RunConfig): string[] };
  readonly locales?: LocaleBundle;
}

const strategies = new Map<string, StrategyDefinition>();
const spaces = new Map<string, SpaceDefinition>();
let version = 0;

/** Adds a strategy (its id must be new); everything generic sees it from now on. */
export function registerStrategy(definition: StrategyDefinition): void {
  if (strategies.has(definition.id)) throw new Error(`Strategy '${definition.id}' is registered twice`);
  // A strategy's section is keyed by its id: a space's section may not take it. A space without a
  // section may share a strategy's name (the `darts` space and the DARTS strategy).
  if (spaces.get(definition.id)?.section?.id === definition.id)
    throw new Error(`'${definition.id}' names a space's section already`);
  strategies.set(definition.id, definition);
  if (definition.locales) addEnglishStrings(definition.locales.en);
  version++;
}

/** Adds a search space (its id must be new). */
export function registerSpace(definition: SpaceDefinition): void {
  if (spaces.has(definition.id)) throw new Error(`Space '${definition.id}' is registered twice`);
  if (definition.section && strategies.has(definition.section.id))
    throw new Error(`'${definition.section.id}' names a strategy's section already`);
  spaces.set(definition.id, definition);
  if (definition.locales) addEnglishStrings(definition.locales.en);
  version++;
}

/** Removes a strategy registered by a test (the built-in ones stay). */
export function unregisterStrategy(id: string): void {
  if (strategies.delete(id)) version++;
}

/** Every registered strategy, in registration order. */
export function strategyDefinitions(): readonly StrategyDefinition[] {
  return [...strategies.values()];
}

/** The strategy registered as `id`, or undefined. */
export function findStrategy(id: string): StrategyDefinition | undefined {
  return strategies.get(id);
}

/** The strategy of `id`; throws on an unknown id (configs are validated before they get here). */
export function strategyDefinition(id: string): StrategyDefinition {
  const definition = strategies.get(id);
  if (!definition) throw new Error(`Unknown strategy '${id}'`);
  return definition;
}

/** Every registered space, in registration order. */
export function spaceDefinitions(): readonly SpaceDefinition[] {
  return [...spaces.values()];
}

/** The space registered as `id`, or undefined. */
export function findSpace(id: string): SpaceDefinition | undefined {
  return spaces.get(id);
}

/** Every config section, strategies' first, then the spaces' own, in registration order. */
export function configSections(): readonly ConfigSection[] {
  return [
    ...strategyDefinitions().map((d) => d.section),
    ...spaceDefinitions().flatMap((s) => (s.section ? [s.section] : [])),
  ];
}

/** A value computed from the registries, recomputed after a registration. */
export function perRegistry<T>(compute: () => T): () => T {
  let cached: { version: number; value: T } | undefined;
  return () => {
    if (cached?.version !== version) cached = { version, value: compute() };
    return cached.value;
  };
}
