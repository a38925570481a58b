/**
 * Validation of an imported result-cache file: every entry must be well formed and stored under
 * the id its key gives, or the whole file is refused with a message naming the first problem
 * (`problem`, shown in the UI's language; `error`, its English text).
 */
import { formatMessage, message, type Message } from '../nas/message';
import { cacheId } from '../nas/resultCacheKey';
import type { CacheEntry } from './db';
import { RESULT_CACHE_FORMAT, RESULT_CACHE_VERSION } from './resultCache';

export type CacheFileParse =
  { ok: true; entries: CacheEntry[] } | { ok: false; error: string; problem: Message };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const unit = (v: unknown): boolean => finite(v) && v >= 0 && v <= 1;
const count = (v: unknown): boolean => finite(v) && Number.isInteger(v) && v >= 0;

/** The first problem of one entry, or null. */
function entryProblem(e: unknown): Message | null {
  if (!isObject(e)) return message('cacheFile.notObject');
  for (const field of ['id', 'arch', 'dataset', 'fidelity'] as const)
    if (typeof e[field] !== 'string' || e[field] === '') return message('cacheFile.noString', { field });
  if (!count(e.seed)) return message('cacheFile.noSeed');
  if (!finite(e.created)) return message('cacheFile.noCreated');
  const r = e.result;
  if (!isObject(r)) return message('cacheFile.noResult');
  if (!unit(r.accuracy)) return message('cacheFile.accuracy');
  if (!Array.isArray(r.curve) || !r.curve.every(unit)) return message('cacheFile.curve');
  if (!count(r.params)) return message('cacheFile.params');
  if (!finite(r.trainMs) || r.trainMs < 0) return message('cacheFile.trainMs');
  if (typeof r.backend !== 'string') return message('cacheFile.backend');
  if (!count(r.restarts)) return message('cacheFile.restarts');
  if (r.testAccuracy !== undefined && !unit(r.testAccuracy)) return message('cacheFile.testAccuracy');
  const id = cacheId({
    arch: e.arch as string,
    dataset: e.dataset as string,
    fidelity: e.fidelity as string,
    seed: e.seed as number,
  });
  if (e.id !== id) return message('cacheFile.wrongId', { stored: String(e.id), id });
  return null;
}

const refuse = (problem: Message): CacheFileParse => ({ ok: false, error: formatMessage(problem), problem });

/** Parses and validates the text of a cache file. */
export function parseCacheFile(text: string): CacheFileParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // The engine's own parse error is data.
    return refuse(message('cacheFile.notJson', { reason: err instanceof Error ? err.message : String(err) }));
  }
  if (!isObject(doc) || doc.format !== RESULT_CACHE_FORMAT)
    return refuse(message('cacheFile.notCache', { format: RESULT_CACHE_FORMAT }));
  if (doc.version !== RESULT_CACHE_VERSION)
    return refuse(
      message('cacheFile.version', { version: String(doc.version), expected: RESULT_CACHE_VERSION }),
    );
  if (!Array.isArray(doc.entries)) return refuse(message('cacheFile.noEntries'));
  for (const [i, e] of doc.entries.entries()) {
    const problem = entryProblem(e);
    if (problem) return refuse(message('cacheFile.entry', { index: i, problem }));
  }
  return { ok: true, entries: doc.entries as CacheEntry[] };
}
