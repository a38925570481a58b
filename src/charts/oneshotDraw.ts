/**
 * Drawing pieces the one-shot line charts share (EntropyChart, SupernetCurves): a series path,
 * the value at a line's end, and a one-row legend of line swatches. Series are named by a
 * `data-series` key that oneshotCharts.css colours. Framework-free d3.
 */
import type { Selection } from 'd3';
import { CANVAS_SANS, measureText } from './common';

type Group = Selection<SVGGElement, unknown, null, undefined>;

/** The `<path class="series-line">` of `series` in `parent`, created on first use, drawn as `d`. */
export function seriesPath(parent: Group, series: string, d: string, dashed = false): void {
  let path = parent.select<SVGPathElement>(`path.series-line[data-series='${series}']`);
  if (path.empty()) path = parent.append('path').attr('class', 'series-line').attr('data-series', series);
  path.classed('dashed', dashed).attr('d', d);
}

/** A point and its value written after the last point of a line. */
export interface EndPoint {
  x: number;
  y: number;
  text: string;
  /** Baseline of the value's text; default just above the point (below it near the top). */
  labelY?: number;
}

/** Puts the labels of two ends that would overlap one above its point and one below. */
export function separateLabels(a: EndPoint | null, b: EndPoint | null, minGap = 18): void {
  if (!a || !b || Math.abs(a.y - b.y) >= minGap) return;
  const [upper, lower] = a.y <= b.y ? [a, b] : [b, a];
  upper.labelY = upper.y - 8;
  lower.labelY = lower.y + 17;
}

/** Marks the last point of `series` and writes its value beside it, inside the plot's width `w`. */
export function endLabel(parent: Group, series: string, end: EndPoint | null, w: number): void {
  parent
    .selectAll<SVGCircleElement, EndPoint>(`circle.series-point[data-series='${series}']`)
    .data(end ? [end] : [])
    .join('circle')
    .attr('class', 'series-point')
    .attr('data-series', series)
    .attr('r', 4)
    .attr('cx', (p) => p.x)
    .attr('cy', (p) => p.y);
  parent
    .selectAll<SVGTextElement, EndPoint>(`text.end-label[data-series='${series}']`)
    .data(end ? [end] : [])
    .join('text')
    .attr('class', 'end-label')
    .attr('data-series', series)
    .attr('text-anchor', (p) => (p.x > w - 44 ? 'end' : 'start'))
    .attr('x', (p) => (p.x > w - 44 ? p.x - 7 : p.x + 7))
    .attr('y', (p) => p.labelY ?? (p.y < 16 ? p.y + 16 : p.y - 8))
    .text((p) => p.text);
}

export interface LegendEntry {
  series: string;
  label: string;
  dashed?: boolean;
}

const LEGEND_FONT = `12.5px ${CANVAS_SANS}`;

/** One row of line swatches and labels in `parent` (its origin at the row's left, middle). */
export function drawLegend(parent: Group, entries: readonly LegendEntry[]): void {
  let x = 0;
  const placed = entries.map((e) => {
    const at = x;
    x += 26 + measureText(e.label, LEGEND_FONT) + 18;
    return { ...e, at };
  });
  const items = parent
    .selectAll<SVGGElement, (typeof placed)[number]>('g.legend-item')
    .data(placed, (e) => e.series)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'legend-item');
      g.append('line').attr('class', 'legend-swatch').attr('x1', 0).attr('x2', 20);
      g.append('text').attr('x', 26).attr('dy', '0.35em');
      return g;
    })
    .attr('data-series', (e) => e.series)
    .attr('transform', (e) => `translate(${e.at},0)`);
  items.select('line').classed('dashed', (e) => e.dashed === true);
  items.select('text').text((e) => e.label);
}
