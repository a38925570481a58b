/**
 * Timeline slice: where the scrubber stands. `scrubTo(k)` shows the run as it was after k
 * proposals, or k epochs of a one-shot run's supernet (every chart, the Q-table, the leaderboard, the strategy views read `shownView`);
 * null follows the live run. The run itself (`view`, what is saved, exported and replayed into
 * the worker) never changes here.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appState';
import type { RunEvent } from '../nas/runlog';
import type { RunView } from './runView';
import { RunTimeline } from './timeline';

export interface TimelineSlice {
  /** Memoised prefix views of the current run log (rebuilt when the log is replaced). */
  timeline: RunTimeline | null;
  /** The position shown and its view, or null for the live run. */
  scrub: { position: number; view: RunView; source: readonly unknown[] } | null;
  /** Shows the run after `position` proposals (epochs); null, or the live end, follows the run again. */
  scrubTo(position: number | null): void;
}

/** Timelines by run log (a log grows in place), so that asking for one again costs nothing. */
const timelines = new WeakMap<readonly RunEvent[], RunTimeline>();

/** The run's timeline, made anew when the run log was replaced (reset, import, restore). */
export function timelineOf(state: Pick<AppState, 'timeline' | 'view' | 'config'>): RunTimeline {
  const { timeline, view, config } = state;
  if (timeline && timeline.source === view.events && timeline.config === config) return timeline;
  const known = timelines.get(view.events);
  if (known && known.config === config) return known;
  const made = new RunTimeline(config, view.events);
  timelines.set(view.events, made);
  return made;
}

/** Positions of the run's timeline before its live end (the scrubber's right end). */
export const timelineLength = (state: Pick<AppState, 'timeline' | 'view' | 'config'>): number =>
  timelineOf(state).length;

/** The view the charts draw: the scrubbed position, or the live run. */
export function shownView(state: Pick<AppState, 'scrub' | 'view'>): RunView {
  const { scrub, view } = state;
  return scrub !== null && scrub.source === view.events ? scrub.view : view;
}

/** The position the scrubber shows, or null when it follows the live run. */
export function scrubPosition(state: Pick<AppState, 'scrub' | 'view'>): number | null {
  const { scrub, view } = state;
  return scrub !== null && scrub.source === view.events ? scrub.position : null;
}

export const createTimelineSlice: StateCreator<AppState, [], [], TimelineSlice> = (set, get) => ({
  timeline: null,
  scrub: null,

  scrubTo(position) {
    const state = get();
    const timeline = timelineOf(state);
    if (position === null || !Number.isFinite(position) || position >= timeline.length) {
      set({ timeline, scrub: null });
      return;
    }
    const p = Math.max(0, Math.floor(position));
    set({ timeline, scrub: { position: p, view: timeline.viewAt(p), source: timeline.source } });
  },
});
