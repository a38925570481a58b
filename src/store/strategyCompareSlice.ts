/**
 * Strategy comparison slice: the spec of a comparison of strategies (src/nas/compare.ts), the
 * runs its worker has finished, and where it stands. In memory only, like the side-by-side run.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { CompareRun, CompareSpec } from '../nas/compare';
import type { Message } from '../nas/message';
import type { FromWorker, CompareStatus } from '../worker/protocol';
import type { AppState } from './appState';

export interface StrategyComparison {
  spec: CompareSpec;
  /** Dataset of the runs (a NAS-Bench-201 table, or images that are trained). */
  dataset: string;
  runs: CompareRun[];
  status: CompareStatus;
  error: Message | null;
  /** Wall-clock milliseconds from the start to the last finished run. */
  elapsedMs: number;
  startedAt: number;
}

export interface StrategyCompareSlice {
  comparison: StrategyComparison | null;
  beginComparison(spec: CompareSpec, dataset: string, now: number): void;
  /** Applies one message of the comparison's worker (others are ignored). */
  applyComparisonMessage(msg: FromWorker, now: number): void;
  endComparison(): void;
}

export const createStrategyCompareSlice: StateCreator<AppState, [], [], StrategyCompareSlice> = (
  set,
  get,
) => ({
  comparison: null,

  beginComparison(spec, dataset, now) {
    set({
      comparison: { spec, dataset, runs: [], status: 'running', error: null, elapsedMs: 0, startedAt: now },
    });
  },

  applyComparisonMessage(msg, now) {
    const comparison = get().comparison;
    if (!comparison) return;
    const elapsedMs = now - comparison.startedAt;
    switch (msg.type) {
      case 'compare-run':
        set({ comparison: { ...comparison, runs: [...comparison.runs, msg.run], elapsedMs } });
        break;
      case 'compare-status':
        set({
          comparison: {
            ...comparison,
            status: msg.status,
            error: msg.message ?? null,
            ...(msg.status === 'running' ? {} : { elapsedMs }),
          },
        });
        break;
      case 'error':
        set({ comparison: { ...comparison, status: 'error', error: msg.message } });
        break;
      default:
        break;
    }
  },

  endComparison() {
    set({ comparison: null });
  },
});
