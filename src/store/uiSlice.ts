/** UI slice: choices that are not part of a run (the colour theme, the machine's compute setting). */
import type { StateCreator } from 'zustand/vanilla';
import type { ComputePreference } from '../train/compute';
import type { AppState } from './appState';

export type ThemeChoice = 'light' | 'dark' | 'system';

export interface UiSlice {
  theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
  /** What trains the models on this machine (src/train/compute.ts); the worker reads it at start. */
  compute: ComputePreference;
  setCompute(compute: ComputePreference): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  setTheme(theme) {
    set({ theme });
  },
  compute: 'auto',
  setCompute(compute) {
    set({ compute });
  },
});
