/**
 * The last check of an imported run log: replay it through the search (no training) and see
 * that the config and seed really propose what the log says. The app makes it where the log is
 * restored, in a new search worker, before the log replaces the current run
 * (SearchWorkerClient.tryOpen; src/worker/controller.ts words a failure as this module does);
 * this is the same check for Node (tests, tools). Pure module: no DOM, React or tfjs.
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
