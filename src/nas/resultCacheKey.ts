/**
 * Keys of the persistent result cache: one trained result per (architecture, dataset, fidelity,
 * training seed). Training is a function of exactly these, so a cached entry is the result that
 * training with that seed produced, and reusing it keeps a run deterministic.
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from './architecture';
import type { RunConfig } from './config';
import { hashString } from './rng';

/** The parts of a cache key, as stored beside each entry. */
export interface ResultCacheKey {
  /** `<space>:<net string>#<hash of the architecture's full structure>`: a BlockQNN block string
   * alone does not say how many blocks are stacked, the hash does. */
  readonly arch: string;
  /** Dataset id (`mnist-14`, …). */
  readonly dataset: string;
  /** `<preset>#<hash of the data and training settings>`: an edited preset is another fidelity. */
  readonly fidelity: string;
  /** Seed of weight init and shuffling (SearchRun.trainingSeed). */
  readonly seed: number;
}

/** JSON with object keys sorted, so equal values always give equal strings. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hex = (s: string): string => hashString(s).toString(16).padStart(8, '0');

/** The key under which the training of `arch` (net string `net`) with `trainingSeed` is cached. */
export function resultCacheKey(
  config: Pick<RunConfig, 'dataset' | 'fidelity' | 'data' | 'training'>,
  arch: Architecture,
  net: string,
  trainingSeed: number,
): ResultCacheKey {
  return {
    arch: `${arch.space}:${net}#${hex(stableJson(arch))}`,
    dataset: config.dataset,
    fidelity: `${config.fidelity}#${hex(stableJson({ data: config.data, training: config.training }))}`,
    seed: trainingSeed,
  };
}

/** The one string an entry is stored under. */
export function cacheId(key: ResultCacheKey): string {
  return `${key.dataset}|${key.fidelity}|${key.seed}|${key.arch}`;
}
