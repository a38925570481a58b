/**
 * ETA slice: how long models took on this machine, per kind of run (`trainTimeKey`), so the
 * header can estimate a run's time before its first model. Persisted by src/ui/etaMemory.ts.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appState';
import type { TrainTally } from './eta';

export interface EtaSlice {
  /** Training time of the latest run of each kind that trained a model here, by `trainTimeKey`. */
  trainTimes: Readonly<Record<string, TrainTally>>;
  /** Records the tally of a run of kind `key` (replacing the one of an earlier run). */
  rememberTrainTime(key: string, tally: TrainTally): void;
  /** Replaces every remembered tally (loaded from storage at boot). */
  setTrainTimes(trainTimes: Readonly<Record<string, TrainTally>>): void;
}

export const createEtaSlice: StateCreator<AppState, [], [], EtaSlice> = (set) => ({
  trainTimes: {},
  rememberTrainTime(key, tally) {
    set((s) => ({ trainTimes: { ...s.trainTimes, [key]: tally } }));
  },
  setTrainTimes(trainTimes) {
    set({ trainTimes });
  },
});
