/**
 * The one application store, built from slices (config, run, ui). Vanilla zustand so that
 * worker messages, the test API and chart wrappers can use it without React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCompareSlice, type CompareSlice } from './compareSlice';
import { createConfigSlice, type ConfigSlice } from './configSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createStrategyCompareSlice, type StrategyCompareSlice } from './strategyCompareSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = ConfigSlice & RunSlice & UiSlice & CompareSlice & StrategyCompareSlice;
export type AppStore = StoreApi<AppState>;

/** A fresh store (the app makes one; tests make their own). */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createConfigSlice(...a),
    ...createRunSlice(...a),
    ...createUiSlice(...a),
    ...createCompareSlice(...a),
    ...createStrategyCompareSlice(...a),
  }));
}
