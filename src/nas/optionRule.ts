/**
 * The shape of a row of the options table, shared by the generic rows (src/nas/optionRows.ts)
 * and the sections that each strategy and space adds. A leaf module: strategy folders import it
 * without importing the table. Pure module: no DOM, React or tfjs.
 */
import type { ConfigOption } from './config';
import type { Message } from './message';

/** A row of the options table with the few rules that inclusive `min`/`max` cannot say. */
export interface OptionRule extends ConfigOption {
  /** The lower bound is excluded: the range is (min, max]. */
  exclusiveMin?: boolean;
  /** Every value must be odd (conv receptive fields keep SAME padding symmetric). */
  oddOnly?: boolean;
  /** Most entries a list may hold. */
  maxItems?: number;
  /** A schedule's count field: unique `models` (MetaQNN) or `iterations` of a batch (BlockQNN). */
  countKey?: 'models' | 'iterations';
}

/** A refused value as a message, addressed like `FieldError`. */
export interface FieldProblem {
  path: string;
  problem: Message;
}

/** Help text of a value that SPEC.md marks unconfirmed: a default to edit, not a paper fact. */
export const unconfirmed = (source: string): string =>
  `Unconfirmed paper value (${source}), kept as an editable default.`;
