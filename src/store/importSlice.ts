/** Import slice: why the last run log offered for import was refused (null when it was not). */
import type { StateCreator } from 'zustand/vanilla';
import type { Message } from '../nas/message';
import type { AppState } from './appState';

export interface ImportSlice {
  /** The problem with the last refused file, in one sentence naming where it is. */
  importError: Message | null;
  setImportError(error: Message | null): void;
}

export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (set) => ({
  importError: null,
  setImportError(importError) {
    set({ importError });
  },
});
