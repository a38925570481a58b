/**
 * The one application store, built from slices (config, run, ui). Vanilla zustand so that
 * worker messages, the test API and chart wrappers can use it without React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCompareSlice, type CompareSlice } from './compareSlice';
import { createConfigSlice, type ConfigSlice } from './configSlice';
import { createEtaSlice, type EtaSlice } from './etaSlice';
import { createImportSlice, type ImportSlice } from './importSlice';
import { createExplainSlice, type ExplainSlice } from './explainSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createShareSlice, type ShareSlice } from './shareSlice';
import { createStrategyCompareSlice, type StrategyCompareSlice } from './strategyCompareSlice';
import { createTimelineSlice, type TimelineSlice } from './timelineSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = ConfigSlice &
  RunSlice &
  UiSlice &
  CompareSlice &
  StrategyCompareSlice &
  ShareSlice &
  RunsSlice &
  TimelineSlice &
  ImportSlice &
  ExplainSlice &
  EtaSlice;
export type AppStore = StoreApi<AppState>;

/** A fresh store (the app makes one; tests make their own). */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createConfigSlice(...a),
    ...createRunSlice(...a),
    ...createUiSlice(...a),
    ...createCompareSlice(...a),
    ...createStrategyCompareSlice(...a),
    ...createShareSlice(...a),
    ...createRunsSlice(...a),
    ...createTimelineSlice(...a),
    ...createImportSlice(...a),
    ...createExplainSlice(...a),
    ...createEtaSlice(...a),
  }));
}
