/**
 * The runs manager for components. It exists once storage has been opened (after the first
 * render), so components read it through a subscription rather than a context value.
 */
import { useSyncExternalStore } from 'react';
import type { RunsManager } from './runs';

let manager: RunsManager | null = null;
const listeners = new Set<() => void>();

/** Publishes the manager once booted. */
export function provideRunsManager(runs: RunsManager): void {
  manager = runs;
  for (const listener of listeners) listener();
}

/** The runs manager, or null while storage is being opened. */
export function useRunsManager(): RunsManager | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => manager,
  );
}
