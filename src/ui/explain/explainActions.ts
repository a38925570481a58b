/**
 * What explain mode's buttons and shortcuts do, over the store and the run controller:
 * one step (showing the next logged step, or asking the search for one more model when the
 * log is exhausted), one step back, play and pause at the chosen speed, and reset.
 */
import type { AppStore } from '../../store/appState';
import { EXPLAIN_SPEEDS } from '../../store/explainSlice';
import { canAdvance, type RunController } from '../controller';
import { findStrategy } from '../../nas/strategies';
import { explainStepsOf } from './explainSteps';

/** Calls a controller command; a refusal is already shown in the status line. */
function fire(command: () => Promise<void>): void {
  command().catch((err: unknown) => console.warn(err));
}

/** The speed in force is "full": the search runs and the explanation follows it. */
export function isFullSpeed(store: AppStore): boolean {
  return EXPLAIN_SPEEDS[store.getState().explainSpeed] === Infinity;
}

/**
 * Shows the next explain step. At the end of the log, asks the search for one more model and
 * shows its first step when it arrives. Returns false when nothing can follow (the run is done
 * or busy).
 */
export function explainNext(store: AppStore, controller: RunController): boolean {
  const state = store.getState();
  const steps = explainStepsOf(state.view);
  if (state.explainCursor < steps.length - 1) {
    state.setExplainCursor(state.explainCursor + 1);
    return true;
  }
  if (state.explainAwaiting) return true;
  if (state.status === 'running') {
    // The model proposed is training: its updates are the next steps.
    state.setExplainAwaiting(true);
    return true;
  }
  if (!canAdvance(state)) return false;
  state.setExplainAwaiting(true);
  // A one-shot run logs an explained step per epoch: it trains on until the next one arrives
  // (and the panel pauses it there); a Q-learning run proposes and trains one model.
  fire(findStrategy(state.config.strategy)?.family === 'oneshot' ? controller.start : controller.step);
  return true;
}

/**
 * Shows the step before the one shown, never before the first. Stops playing and stops waiting
 * for a model asked for, so the cursor stays where the user put it. Returns false at the first step.
 */
export function explainPrev(store: AppStore): boolean {
  const state = store.getState();
  if (state.explainPlaying) state.setExplainPlaying(false);
  if (state.explainAwaiting) state.setExplainAwaiting(false);
  if (state.explainCursor <= 0) return false;
  state.setExplainCursor(state.explainCursor - 1);
  return true;
}

/**
 * Moves the cursor on when a step the user asked for has arrived (a store subscription).
 * Returns 'arrived' when it did (the awaited step is shown now).
 */
export function followNewSteps(store: AppStore): 'arrived' | undefined {
  const state = store.getState();
  if (!state.explainOn) return undefined;
  const steps = explainStepsOf(state.view);
  if (state.explainCursor >= steps.length) {
    // The run was reset or replaced: back to the start.
    state.setExplainCursor(-1);
    return undefined;
  }
  if (state.explainPlaying && isFullSpeed(store)) {
    if (state.explainCursor !== steps.length - 1) state.setExplainCursor(steps.length - 1);
    if (state.status !== 'running' && state.explainPlaying) state.setExplainPlaying(false);
    return undefined;
  }
  if (state.explainAwaiting && state.explainCursor < steps.length - 1) {
    state.setExplainAwaiting(false);
    state.setExplainCursor(state.explainCursor + 1);
    return 'arrived';
  }
  if (state.explainAwaiting && (state.status === 'error' || (state.view.done && state.status !== 'running')))
    state.setExplainAwaiting(false);
  return undefined;
}

/**
 * Space: in explain mode plays or pauses the explanation (at one step per press, shows one
 * step); otherwise starts or pauses the search.
 */
export function togglePlay(store: AppStore, controller: RunController): void {
  const state = store.getState();
  if (!state.explainOn) {
    if (state.status === 'running') fire(controller.pause);
    else if (canAdvance(state)) fire(controller.start);
    return;
  }
  if (state.explainSpeed === 0) {
    explainNext(store, controller);
    return;
  }
  const playing = !state.explainPlaying;
  state.setExplainPlaying(playing);
  if (isFullSpeed(store)) {
    if (playing && canAdvance(state)) fire(controller.start);
    else if (!playing && state.status === 'running') fire(controller.pause);
    else if (playing) state.setExplainPlaying(state.status === 'running');
  }
}

/** Right arrow: one explain step in explain mode, else one more model. */
export function stepOnce(store: AppStore, controller: RunController): void {
  const state = store.getState();
  if (state.explainOn) {
    if (state.explainPlaying) state.setExplainPlaying(false);
    explainNext(store, controller);
  } else if (canAdvance(state)) {
    fire(controller.step);
  }
}

/** Left arrow: one explain step back in explain mode (nothing outside it). Returns whether it acted. */
export function stepBack(store: AppStore): boolean {
  if (!store.getState().explainOn) return false;
  explainPrev(store);
  return true;
}

/** R: drops the run (as the Reset button) and rewinds the explanation. */
export function resetRun(store: AppStore, controller: RunController): void {
  const state = store.getState();
  state.setExplainPlaying(false);
  state.setExplainAwaiting(false);
  state.setExplainCursor(-1);
  fire(controller.reset);
}
