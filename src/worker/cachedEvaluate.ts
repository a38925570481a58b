/**
 * The trainer behind the persistent result cache: a result trained earlier for the same
 * architecture, dataset, fidelity and training seed is returned instead of training again
 * (marked `fromResultCache`, no training time); a new result is stored once trained. A cache
 * that fails (storage full, closed) is ignored: the model trains as without it.
 */
import type { RunConfig } from '../nas/config';
import { resultCacheKey } from '../nas/resultCacheKey';
import type { Evaluate } from '../nas/search';
import type { ResultCacheLike } from '../storage/resultCache';

export function withResultCache(train: Evaluate, config: RunConfig, cache: ResultCacheLike | null): Evaluate {
  if (!cache) return train;
  return async (arch, ctx) => {
    const key = resultCacheKey(config, arch, ctx.net, ctx.trainingSeed);
    const hit = await cache.get(key).catch(() => undefined);
    if (hit) return { ...hit, curve: [...hit.curve], trainMs: 0, fromResultCache: true };
    const result = await train(arch, ctx);
    await cache.put(key, result).catch((err: unknown) => console.warn('Could not cache the result:', err));
    return result;
  };
}
