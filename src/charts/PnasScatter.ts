/**
 * PNAS's surrogate against the truth: each trained cell of a level after the first as a point,
 * its predicted accuracy (before training) across, its measured accuracy up, coloured by level,
 * with the y = x diagonal and a legend giving each level's Spearman ρ (Liu et al. 2018 report
 * the rank correlation per level). Words come in the data. Framework-free d3.
 */
import { axisBottom, axisLeft, format, scaleLinear } from 'd3';
import './charts.css';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';

export interface PnasScatterPoint {
  readonly predicted: number;
  readonly measured: number;
  /** The cell, for the tooltip. */
  readonly label: string;
}

export interface PnasScatterLevel {
  readonly level: number;
  readonly points: readonly PnasScatterPoint[];
  /** The legend entry, e.g. `Level 2: Spearman ρ = 0.61`. */
  readonly legend: string;
}

export interface PnasScatterData {
  readonly levels: readonly PnasScatterLevel[];
  readonly axisX: string;
  readonly axisY: string;
  /** Shown while no level has predictions. */
  readonly empty: string;
}

/** Level colours, from the theme (levels 2..5 in the paper; cycled beyond). */
const LEVEL_COLOURS = [
  'var(--accent)',
  'var(--accent-2)',
  'var(--accent-3)',
  'var(--kind-fc)',
  'var(--kind-pool)',
];
const levelColour = (level: number): string =>
  LEVEL_COLOURS[(level - 2 + LEVEL_COLOURS.length) % LEVEL_COLOURS.length]!;
const fmt = format('.0%');

export class PnasScatter extends SvgChart<PnasScatterData> {
  constructor(el: HTMLElement) {
    super(el, 'pnas-scatter-chart');
    this.render();
  }

  protected render(): void {
    const { width, height } = this.size();
    const levels = this.data?.levels ?? [];
    const points = levels.flatMap((l) => l.points.map((p) => ({ ...p, level: l.level })));
    const margin: Margins = { top: 16 + 18 * levels.length, right: 16, bottom: 42, left: 54 };
    const w = Math.max(10, width - margin.left - margin.right);
    const h = Math.max(10, height - margin.top - margin.bottom);
    this.svg
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('data-points', points.length)
      .attr('data-levels', levels.length);

    // One domain for both axes, so the diagonal is y = x.
    const values = points.flatMap((p) => [p.predicted, p.measured]);
    const lo = values.length ? Math.max(0, Math.min(...values) - 0.02) : 0;
    const hi = values.length ? Math.min(1, Math.max(...values) + 0.02) : 1;
    const domain: [number, number] = hi > lo ? [lo, hi] : [Math.max(0, lo - 0.05), Math.min(1, hi + 0.05)];
    const x = scaleLinear().domain(domain).range([0, w]);
    const y = scaleLinear().domain(domain).range([h, 0]);

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
    for (const name of ['grid', 'axis x-axis', 'axis y-axis', 'labels', 'reference', 'series'])
      layer(plot, name);
    layer(plot, 'grid').call(
      axisLeft(y)
        .ticks(4)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
    layer(plot, 'axis x-axis')
      .attr('transform', `translate(0,${h})`)
      .call(
        axisBottom(x)
          .ticks(5)
          .tickFormat((v) => fmt(Number(v)))
          .tickSizeOuter(0),
      );
    layer(plot, 'axis y-axis').call(
      axisLeft(y)
        .ticks(4)
        .tickFormat((v) => fmt(Number(v)))
        .tickSizeOuter(0),
    );
    const labels = layer(plot, 'labels');
    axisLabel(labels, 'x', this.data?.axisX ?? '', w / 2, h + 36);
    axisLabel(labels, 'left', this.data?.axisY ?? '', -42, h / 2, -90);

    layer(plot, 'reference')
      .selectAll('line.reference-line')
      .data([domain])
      .join('line')
      .attr('class', 'reference-line')
      .attr('stroke', 'var(--axis)')
      .attr('stroke-dasharray', '4 3')
      .attr('x1', (d) => x(d[0]))
      .attr('y1', (d) => y(d[0]))
      .attr('x2', (d) => x(d[1]))
      .attr('y2', (d) => y(d[1]));

    layer(plot, 'series')
      .selectAll('circle.pnas-point')
      .data(points)
      .join((enter) =>
        enter
          .append('circle')
          .attr('class', 'pnas-point')
          .call((c) => c.append('title')),
      )
      .attr('r', 4)
      .attr('cx', (p) => x(p.predicted))
      .attr('cy', (p) => y(p.measured))
      .attr('fill', (p) => levelColour(p.level))
      .attr('fill-opacity', 0.8)
      .attr('data-level', (p) => p.level)
      .select('title')
      .text((p) => `${p.label}\n${fmt(p.predicted)} → ${fmt(p.measured)}`);

    const legend = layer(this.svg, 'legend').attr('transform', `translate(${margin.left},14)`);
    const entries = legend
      .selectAll<SVGGElement, PnasScatterLevel>('g.legend-entry')
      .data(levels, (l) => String(l.level))
      .join((enter) => {
        const g = enter.append('g').attr('class', 'legend-entry');
        g.append('circle').attr('r', 5).attr('cx', 5).attr('cy', -4);
        g.append('text').attr('x', 16).attr('class', 'legend-text');
        return g;
      })
      .attr('transform', (_, i) => `translate(0,${i * 18})`)
      .attr('data-level', (l) => l.level);
    entries.select('circle').attr('fill', (l) => levelColour(l.level));
    entries
      .select('text')
      .attr('fill', 'var(--fg)')
      .attr('font-size', 12)
      .text((l) => l.legend);
    emptyNote(plot, points.length === 0 ? (this.data?.empty ?? '') : null, w, h);
  }
}
