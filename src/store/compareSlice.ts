/**
 * Compare slice: a second run of the same config and seed with one BlockQNN switch flipped
 * (reward shaping, or the early-stop penalty), trained beside the main run so that a class sees
 * the switch's effect side by side (Zhong et al. 2018, Figures 5 and 6). It lives in memory
 * only: a reload keeps the main run, not the comparison.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RunConfig } from '../nas/config';
import type { Message } from '../nas/message';
import type { FromWorker, RunStatus } from '../worker/protocol';
import type { AppState } from './appState';
import { appendEvents, emptyRunView, type RunView } from './runView';

/** The BlockQNN switches a comparison can flip. */
export type CompareSwitch = 'rewardShaping' | 'earlyStop';

export const COMPARE_SWITCHES: readonly CompareSwitch[] = ['rewardShaping', 'earlyStop'];

/** The second run of a comparison. */
export interface CompareRun {
  flipped: CompareSwitch;
  config: RunConfig;
  view: RunView;
  status: RunStatus;
  error: Message | null;
}

export interface CompareSlice {
  compare: CompareRun | null;
  /** Starts showing a comparison run of `config` (the variant), with no events yet. */
  beginCompare(flipped: CompareSwitch, config: RunConfig): void;
  /** Applies one message of the comparison's worker. */
  applyCompareMessage(msg: FromWorker): void;
  /** Forgets the comparison. */
  endCompare(): void;
}

/** `config` with the BlockQNN switch `flipped` turned the other way; everything else equal. */
export function variantConfig(config: RunConfig, flipped: CompareSwitch): RunConfig {
  return { ...config, blockqnn: { ...config.blockqnn, [flipped]: !config.blockqnn[flipped] } };
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => ({
  compare: null,

  beginCompare(flipped, config) {
    set({ compare: { flipped, config, view: emptyRunView(config), status: 'idle', error: null } });
  },

  applyCompareMessage(msg) {
    const compare = get().compare;
    if (!compare) return;
    switch (msg.type) {
      case 'events':
        set({ compare: { ...compare, view: appendEvents(compare.view, msg.events) } });
        break;
      case 'status':
        set({ compare: { ...compare, status: msg.status } });
        break;
      case 'error':
        set({ compare: { ...compare, error: msg.message, status: 'error' } });
        break;
      default:
        break;
    }
  },

  endCompare() {
    set({ compare: null });
  },
});
