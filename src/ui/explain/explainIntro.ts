/** What explain mode says before its first step: it depends on whether the run has steps to replay. */

/** Key in the `explain` namespace of the note shown before the first step. */
export type ExplainIntroKey = 'empty' | 'emptyReplay' | 'emptyLogged';

/**
 * The note before the first step: with no step logged, Next step proposes the first model; with
 * steps logged it replays them, and only a run still going proposes more at the end of its log.
 */
export function explainIntroKey(total: number, done: boolean): ExplainIntroKey {
  if (total === 0) return 'empty';
  return done ? 'emptyReplay' : 'emptyLogged';
}

/** Key of Next step's title: a finished run's log ends there, with no model to propose after it. */
export function nextTitleKey(done: boolean): 'nextTitle' | 'nextTitleDone' {
  return done ? 'nextTitleDone' : 'nextTitle';
}
