/**
 * The UI side of a strategy: the views its folder under src/ui/strategies brings, registered in
 * one list (`index.ts`) beside the core's (src/nas/strategies). The components and the app read
 * them here and name no strategy. The core never imports this folder (a lint rule says so).
 */
import type { ComponentType } from 'react';
import type { SpaceId } from '../../nas/config';

/** How the header names a run of the strategy on a space. */
export interface HeaderTitle {
  /** Key in the `header` namespace. */
  key: string;
  /** Whether the space follows the title (` · NASNet cells`). */
  withSpace: boolean;
}

/** What a strategy shows in the app beyond the views every run has. */
export interface StrategyViews {
  /** The strategy's id, as registered in the core. */
  readonly id: string;
  /** What the strategy learned, in the Q-table's place (strategies without a Q-table). */
  readonly Panel?: ComponentType;
  /** A panel of its own further down the dashboard (BlockQNN's side-by-side comparison). */
  readonly ExtraPanel?: ComponentType;
  /** Whether it offers the side-by-side comparison of two settings (`compare()` in the test API). */
  readonly variants?: boolean;
  /** What one proposal is called in the reward and schedule captions; default `models`. */
  readonly unit?: 'models' | 'blocks';
  /** Its title in the header on `space`; default `header:strategy.<id>` followed by the space. */
  headerTitle?(space: SpaceId): HeaderTitle;
}

const views = new Map<string, StrategyViews>();

/** Adds a strategy's views (its id must be new). */
export function registerViews(entry: StrategyViews): void {
  if (views.has(entry.id)) throw new Error(`Views of '${entry.id}' are registered twice`);
  views.set(entry.id, entry);
}

/** The views of strategy `id`, or undefined when it brings none. */
export function findViews(id: string): StrategyViews | undefined {
  return views.get(id);
}

/** The header title of a strategy on a space. */
export function headerTitle(id: string, space: SpaceId): HeaderTitle {
  return findViews(id)?.headerTitle?.(space) ?? { key: `strategy.${id}`, withSpace: true };
}
