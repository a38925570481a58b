/**
 * The application's store instance, its React hook and the plain actions that need no hooks
 * (`applyWorkerEvent` is called by the worker client for every message).
 */
import { useStore } from 'zustand';
import type { FromWorker } from '../worker/protocol';
import { createAppStore, type AppState } from './appState';

export { createAppStore, type AppState, type AppStore } from './appState';
export { completeEvents, deriveRunView, type RunView } from './runView';
export { scrubPosition, shownView } from './timelineSlice';

/** The store of the running app. */
export const appStore = createAppStore();

/** Reads a slice of the app store in a component; re-renders when the selected value changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Applies one message of the search worker to the app store. */
export function applyWorkerEvent(msg: FromWorker): void {
  appStore.getState().applyWorkerEvent(msg);
}
