/**
 * How a Q-learned space reads its state keys for the Q-table view: parse the key, list the legal
 * actions under the run's settings, key them. Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from '../config';

/** `SpaceDefinition.qStates` from a space's own parser, legality rule and action keys. */
export function qStatesOf<S extends { depth: number }, A, C>(
  parse: (key: string) => S,
  legal: (state: S, settings: C) => readonly A[],
  key: (action: A) => string,
  settings: (config: RunConfig) => C,
): (state: string, config: RunConfig) => { depth: number; actions: string[] } {
  return (state, config) => {
    const parsed = parse(state);
    return { depth: parsed.depth, actions: legal(parsed, settings(config)).map(key) };
  };
}
