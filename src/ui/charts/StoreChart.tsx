/**
 * Mounts a framework-free chart class in a div and feeds it from the store without React
 * re-renders: a store subscription (zustand transient update) asks for a redraw, and
 * `RedrawThrottle` (the `shouldRedraw` rule) decides when it happens.
 */
import { useEffect, useRef } from 'react';
import { ChartExportButtons } from '../export/ChartExportButtons';
import { RedrawThrottle } from '../../charts';
import { watchLanguage } from '../../charts/chartText';
import { appStore, type AppState } from '../../store';

/** What the wrapper needs of a chart class. */
export interface ChartLike<D> {
  update(data: D): void;
  reset(): void;
  destroy(): void;
}

export interface StoreChartProps<D> {
  testId: string;
  /** Makes the chart inside `el` (called once per mount). */
  create: (el: HTMLElement) => ChartLike<D>;
  /**
   * Makes the function that turns the state into chart data, once per mount (so builders may
   * cache between calls); null draws the empty chart.
   */
  source: () => (state: AppState) => D | null;
  /** True when a state change affects the chart. */
  changed: (next: AppState, prev: AppState) => boolean;
  className?: string;
}

export function StoreChart<D>({ testId, create, source, changed, className }: StoreChartProps<D>) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const chart = create(el);
    const toData = source();
    const draw = () => {
      const data = toData(appStore.getState());
      if (data === null) chart.reset();
      else chart.update(data);
    };
    const throttle = new RedrawThrottle(draw);
    throttle.request(false);
    const unsubscribe = appStore.subscribe((next, prev) => {
      if (changed(next, prev)) throttle.request(next.status === 'running');
      else if (next.status !== 'running' && prev.status === 'running') throttle.settle();
    });
    // Data builders may write words (node labels, units): rebuild them in the new language.
    const unwatchLanguage = watchLanguage(() => throttle.request(false));
    return () => {
      unsubscribe();
      unwatchLanguage();
      throttle.cancel();
      chart.destroy();
    };
  }, [create, source, changed]);

  return (
    <div className={`chart-host ${className ?? ''}`} data-testid={testId} ref={host}>
      <ChartExportButtons testId={testId} host={host} />
    </div>
  );
}
