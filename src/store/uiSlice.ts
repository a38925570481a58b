/** UI slice: presentation choices that are not part of a run (the colour theme). */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appState';

export type ThemeChoice = 'light' | 'dark' | 'system';

export interface UiSlice {
  theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  setTheme(theme) {
    set({ theme });
  },
});
