/**
 * Remembers on this machine how long models took, per kind of run (src/store/eta.ts), in
 * localStorage, so a new run of the same kind shows an estimate before its first model.
 */
import type { AppStore } from '../store/appState';
import { looksUp, trainTally, trainTimeKey, type TrainTally } from '../store/eta';

const STORAGE_KEY = 'nas-playground.trainTimes';

function isTally(value: unknown): value is TrainTally {
  const t = value as TrainTally | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    Number.isFinite(t.models) &&
    Number.isFinite(t.totalMs) &&
    t.models > 0
  );
}

function loadTrainTimes(): Record<string, TrainTally> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => isTally(v))) as Record<
      string,
      TrainTally
    >;
  } catch {
    return {};
  }
}

function saveTrainTimes(trainTimes: Readonly<Record<string, TrainTally>>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(trainTimes));
  } catch {
    // Storage may be disabled (private mode): the times then last for this visit only.
  }
}

/** Loads the remembered times and records the open run's as its results arrive. */
export function installEtaMemory(store: AppStore): void {
  store.getState().setTrainTimes(loadTrainTimes());
  store.subscribe((state, prev) => {
    if (state.view === prev.view || looksUp(state.config)) return;
    const tally = trainTally(state.view.history);
    if (tally.models === 0) return;
    const key = trainTimeKey(state.config);
    const known = state.trainTimes[key];
    if (known?.models === tally.models && known.totalMs === tally.totalMs) return;
    state.rememberTrainTime(key, tally);
    saveTrainTimes(store.getState().trainTimes);
  });
}
