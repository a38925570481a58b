/**
 * Runs slice: the saved runs as the run list shows them, the size of the persistent result
 * cache, and whether storage works (else the run lives in memory only).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RunRecord } from '../storage/db';
import type { AppState } from './appState';

/** Why storage does not work: no IndexedDB (private browsing), a full disk, or another failure. */
export type StorageProblem = { kind: 'unavailable' | 'quota' | 'failed'; detail: string };

export interface RunsSlice {
  /** Saved runs, most recently updated first. */
  savedRuns: readonly RunRecord[];
  /** Id of the run open in the app (the one being saved), null until saved. */
  currentRunId: string | null;
  /** Entries in the persistent result cache; null when storage is unavailable. */
  cacheCount: number | null;
  storageProblem: StorageProblem | null;
  setSavedRuns(runs: readonly RunRecord[], currentRunId: string | null): void;
  setCacheCount(count: number | null): void;
  setStorageProblem(problem: StorageProblem | null): void;
}

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set) => ({
  savedRuns: [],
  currentRunId: null,
  cacheCount: null,
  storageProblem: null,
  setSavedRuns(savedRuns, currentRunId) {
    set({ savedRuns, currentRunId });
  },
  setCacheCount(cacheCount) {
    set({ cacheCount });
  },
  setStorageProblem(storageProblem) {
    set({ storageProblem });
  },
});
