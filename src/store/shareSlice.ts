/** Share slice: what was wrong with the link the page was opened with, until dismissed. */
import type { StateCreator } from 'zustand/vanilla';
import type { LinkProblem } from '../nas/shareLink';
import type { AppState } from './appState';

export interface ShareSlice {
  /** Problems of the last link that could not be opened; null when there is nothing to say. */
  linkProblems: readonly LinkProblem[] | null;
  showLinkProblems(problems: readonly LinkProblem[]): void;
  dismissLinkProblems(): void;
}

export const createShareSlice: StateCreator<AppState, [], [], ShareSlice> = (set) => ({
  linkProblems: null,
  showLinkProblems(problems) {
    set({ linkProblems: problems });
  },
  dismissLinkProblems() {
    set({ linkProblems: null });
  },
});
