/**
 * The last check of an imported run log: replay it through the search (no training) and see
 * that the config and seed really propose what the log says. A log that passes the schema but
 * was edited (another architecture, a reordered proposal) is refused here, before it replaces
 * the current run, rather than by the worker afterwards. Pure module: no DOM, React or tfjs.
 */
import { formatMessage, message, type Message } from './message';
import type { RunLog } from './runlog';
import { SearchRun, type StrategyDeps } from './search';

/** Why the log cannot be replayed with its config and seed (the search's reason is data), or undefined. */
export async function replayFailure(log: RunLog, deps: StrategyDeps = {}): Promise<Message | undefined> {
  let run: SearchRun | undefined;
  try {
    run = await SearchRun.restore(log.config, log.events, () => undefined, deps);
    return undefined;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return message('runlog.replay', { reason });
  } finally {
    run?.dispose();
  }
}

/** `replayFailure` in English. */
export async function replayProblem(log: RunLog, deps: StrategyDeps = {}): Promise<string | undefined> {
  const failure = await replayFailure(log, deps);
  return failure === undefined ? undefined : formatMessage(failure);
}
