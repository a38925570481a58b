/**
 * Mounts a framework-free chart class in a div and feeds it the `data` prop: the props-driven
 * sibling of `StoreChart`, for views whose data a parent already holds (no store subscription).
 */
import { useEffect, useRef } from 'react';
import { ChartExportButtons } from '../export/ChartExportButtons';
import type { ChartLike } from './StoreChart';

export interface D3ChartProps<D> {
  testId: string;
  /** Makes the chart inside `el`; keep it stable (module level), a new function remounts the chart. */
  create: (el: HTMLElement) => ChartLike<D>;
  /** What the chart shows; null draws the empty chart. */
  data: D | null;
  className?: string;
}

export function D3Chart<D>({ testId, create, data, className }: D3ChartProps<D>) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartLike<D> | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const made = create(el);
    chart.current = made;
    return () => {
      chart.current = null;
      made.destroy();
    };
  }, [create]);

  // Declared after the mount effect, so a new chart gets its data in the same commit.
  useEffect(() => {
    const made = chart.current;
    if (!made) return;
    if (data === null) made.reset();
    else made.update(data);
  }, [create, data]);

  return (
    <div className={`chart-host ${className ?? ''}`} data-testid={testId} ref={host}>
      <ChartExportButtons testId={testId} host={host} />
    </div>
  );
}
