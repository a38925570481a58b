/**
 * Explain slice: the teacher's view of a run, apart from the run itself. Explain mode walks the
 * run log one step at a time (a choice or a Q-update; src/nas/explain.ts) at a chosen speed;
 * presentation mode enlarges everything for a projector; the help panel lists the shortcuts.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appState';

/**
 * Explain speeds, slowest first: one step per press, then automatic steps per second, then the
 * search at full speed with the explanation following the latest step.
 */
export const EXPLAIN_SPEEDS = [0, 1, 4, 16, Infinity] as const;
export type ExplainSpeedIndex = 0 | 1 | 2 | 3 | 4;

export interface ExplainSlice {
  explainOn: boolean;
  /** Index of the explain step shown (-1: before the first). */
  explainCursor: number;
  /** Index into `EXPLAIN_SPEEDS`. */
  explainSpeed: ExplainSpeedIndex;
  /** Automatic stepping (speeds 1–3) or the search running at full speed (4). */
  explainPlaying: boolean;
  /** Advance as soon as the next step arrives (the search was asked for one more model). */
  explainAwaiting: boolean;
  presentation: boolean;
  helpOpen: boolean;
  setExplainOn(on: boolean): void;
  setExplainCursor(cursor: number): void;
  setExplainSpeed(speed: ExplainSpeedIndex): void;
  setExplainPlaying(playing: boolean): void;
  setExplainAwaiting(awaiting: boolean): void;
  setPresentation(on: boolean): void;
  setHelpOpen(open: boolean): void;
}

export const createExplainSlice: StateCreator<AppState, [], [], ExplainSlice> = (set) => ({
  explainOn: false,
  explainCursor: -1,
  explainSpeed: 0,
  explainPlaying: false,
  explainAwaiting: false,
  presentation: false,
  helpOpen: false,
  setExplainOn(on) {
    set({ explainOn: on, explainPlaying: false, explainAwaiting: false });
  },
  setExplainCursor(cursor) {
    set({ explainCursor: cursor });
  },
  setExplainSpeed(speed) {
    set({ explainSpeed: speed });
  },
  setExplainPlaying(playing) {
    set({ explainPlaying: playing });
  },
  setExplainAwaiting(awaiting) {
    set({ explainAwaiting: awaiting });
  },
  setPresentation(on) {
    set({ presentation: on });
  },
  setHelpOpen(open) {
    set({ helpOpen: open });
  },
});
