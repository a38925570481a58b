/**
 * Checks a run log to import, before it replaces anything: the schema and the facts of the log
 * (src/nas/runlogSchema.ts), then a replay with its config and seed (src/nas/replayCheck.ts).
 * A strategy that needs a tfjs controller to replay (REINFORCE) gets it, loaded only for such a log.
 */
import type { RunLog } from '../nas/runlog';
import type { Message } from '../nas/message';
import { checkRunLog } from '../nas/runlogSchema';
import { replayFailure } from '../nas/replayCheck';
import type { StrategyDeps } from '../nas/search';
import { findStrategy } from '../nas/strategies';

/** What an import ends in: the checked log, or the problem in one sentence. */
export type ImportCheck = { ok: true; log: RunLog } | { ok: false; problem: Message };

/** Checks `input` (the JSON text of a file, or a parsed object) as a run log to import. */
export async function checkImport(input: unknown): Promise<ImportCheck> {
  const outcome = checkRunLog(input);
  if (!outcome.ok) return outcome;
  let deps: StrategyDeps = {};
  if (findStrategy(outcome.log.config.strategy)?.needs?.includes('policy')) {
    const { controllerPolicy } = await import('../train/policy');
    deps = { policy: controllerPolicy };
  }
  const problem = await replayFailure(outcome.log, deps);
  return problem === undefined ? outcome : { ok: false, problem };
}
