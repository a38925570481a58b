/** The Start button's wording, from the run's status: pure so a unit test can pin it down. */
import type { RunStatus } from '../../worker/protocol';

/** Key in the `controls` namespace for the Start button's label. */
export type StartLabelKey = 'start' | 'running' | 'resume';

/**
 * "Running…" while the search runs (the button is disabled then), "Resume" when a run has
 * begun and can go on, otherwise "Start".
 */
export function startLabelKey(status: RunStatus, hasRun: boolean, done: boolean): StartLabelKey {
  if (status === 'running') return 'running';
  return hasRun && !done ? 'resume' : 'start';
}
