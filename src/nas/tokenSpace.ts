/**
 * Generic random search and mutation over any `TokenSpec` (NAS-RL layers, NASNet cells, ...):
 * a uniform token sequence, and a one-token mutation. They treat every token sequence as legal,
 * which holds for the token spaces here (each step's outcomes are all legal whatever came before).
 * Pure module: no DOM, React or tfjs.
 */
import { outcomeCount, type TokenSpec } from './reinforce';
import type { Rng } from './rng';

/**
 * One token per step of `spec`, each uniform over the step's outcomes. Since every token
 * sequence is legal, this is the uniform distribution over the space's token sequences.
 */
export function uniformTokens(spec: TokenSpec, rng: Rng): number[] {
  return spec.steps.map((step) => rng.int(outcomeCount(step)));
}

/** A token sequence with exactly one step changed. */
export interface TokenMutation {
  tokens: number[];
  /** Index of the changed step in `spec.steps`. */
  step: number;
  /** Token of that step before the mutation. */
  from: number;
  /** Token after the mutation, always different from `from`. */
  to: number;
}

/**
 * Changes one step of `tokens` to a different outcome: the step is uniform among the steps that
 * `mutable` allows (all by default) and that have two outcomes or more, the new token uniform
 * among the step's other outcomes. Throws when no step can change.
 */
export function mutateTokens(
  spec: TokenSpec,
  tokens: readonly number[],
  rng: Rng,
  mutable: (stepIndex: number) => boolean = () => true,
): TokenMutation {
  checkTokens(spec, tokens);
  const candidates = spec.steps.flatMap((step, t) => (outcomeCount(step) >= 2 && mutable(t) ? [t] : []));
  if (candidates.length === 0) throw new Error('No step of this token spec can be mutated');
  const step = rng.pick(candidates);
  const from = tokens[step]!;
  // Draw among the n - 1 other outcomes: skip over the current one.
  const drawn = rng.int(outcomeCount(spec.steps[step]!) - 1);
  const to = drawn >= from ? drawn + 1 : drawn;
  const next = [...tokens];
  next[step] = to;
  return { tokens: next, step, from, to };
}

/** Throws unless `tokens` has one in-range integer per step of `spec`. */
export function checkTokens(spec: TokenSpec, tokens: readonly number[]): void {
  if (tokens.length !== spec.steps.length)
    throw new Error(`Expected ${spec.steps.length} tokens, got ${tokens.length}`);
  tokens.forEach((token, t) => {
    const n = outcomeCount(spec.steps[t]!);
    if (!Number.isInteger(token) || token < 0 || token >= n)
      throw new Error(`Token ${token} at step ${t} is out of range 0..${n - 1}`);
  });
}

/** Number of token sequences of `spec`: the product of the steps' outcome counts. */
export function tokenSpaceSize(spec: TokenSpec): bigint {
  return spec.steps.reduce((size, step) => size * BigInt(outcomeCount(step)), 1n);
}
