/**
 * Regret per unique model on a tabular benchmark: the best validation accuracy of the table
 * minus the best found so far, 0 once the best cell is found. One or more series (a strategy,
 * or a run against its seeds), each a mean line and a translucent band (its spread over seeds).
 * The x axis counts unique models, or seconds of training (a dot marks each point there, so a
 * run of one point, a one-shot search, shows); the values may be accuracies instead of regrets.
 * Framework-free d3 class.
 */
import 'd3-transition';
import {
  area,
  axisBottom,
  axisLeft,
  curveStepAfter,
  format,
  line,
  scaleLinear,
  type ScaleContinuousNumeric,
} from 'd3';
import './charts.css';
import './nb201Charts.css';
import { chartLanguage, chartText } from './chartText';
import { CANVAS_SANS, Tooltip, measureText, motionMs } from './common';
import { LOG_FLOOR, regretTickLabel, regretYScale, regretYTicks } from './regretAxis';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';

/** Regret after `x` unique models (or seconds), in accuracy units ([0, 1]). */
export interface RegretPoint {
  /** Unique models evaluated (1-based), or seconds of training on a `seconds` axis. */
  x: number;
  /** Mean regret over the series' seeds (the regret itself for one run). */
  mean: number;
  /** Lower edge of the band (equal to `mean` for one run). */
  lo: number;
  /** Upper edge of the band. */
  hi: number;
  /** Seeds that reached x (default 1). */
  n?: number;
}

/** One line of the chart. */
export interface RegretSeries {
  /** Legend label, e.g. `Q-learning (5 seeds)`. */
  label: string;
  points: readonly RegretPoint[];
}

export interface RegretChartData {
  /** Drawn in order, coloured by position (Okabe-Ito: blue, vermillion, green, ...). */
  series: readonly RegretSeries[];
  /** Log y axis; regrets of 0 are drawn at `LOG_FLOOR`, the bottom edge, which has no tick. */
  logY?: boolean;
  /** What the band shows, for the legend (default `min–max over seeds`). */
  bandLabel?: string;
  /** The y axis title (default: regret below the table's best). */
  yLabel?: string;
  /** What x counts (default `models`). */
  xAxis?: 'models' | 'seconds';
  /** The values are accuracies (the tooltip says percent), not regrets. */
  yIsAccuracy?: boolean;
}

/** Series colours available before they repeat. */
const SERIES_COLOURS = 6;

/** Margins; the top one grows by a row for each row the legend wraps to. */
const MARGIN: Margins = { top: 34, right: 20, bottom: 50, left: 64 };
const LEGEND_ROW = 20;
const LEGEND_FONT = `12px ${CANVAS_SANS}`;
/** Regret in percentage points, e.g. `1.23`. */
const fmtPoints = (v: number): string => (v * 100).toFixed(2);

export class RegretChart extends SvgChart<RegretChartData> {
  private readonly tooltip: Tooltip;
  /** Top margin of the last render (the legend may wrap). */
  private top = MARGIN.top;

  constructor(el: HTMLElement) {
    super(el, 'regret-chart');
    this.tooltip = new Tooltip(this.root);
    this.render(false);
  }

  protected render(animate: boolean): void {
    const { width, height } = this.size();
    const w = Math.max(10, width - MARGIN.left - MARGIN.right);
    // A series keeps its colour (by its position in the data) while another one is still empty.
    const series: DrawnSeries[] = (this.data?.series ?? [])
      .map((s, i) => ({ ...s, colour: i % SERIES_COLOURS }))
      .filter((s) => s.points.length > 0);
    const logY = this.data?.logY === true;
    const hasBand = series.some((s) => s.points.some((p) => p.hi > p.lo));
    const legend = legendLayout(
      series,
      hasBand ? (this.data?.bandLabel ?? this.text('regret.band')) : null,
      w,
    );
    this.top = MARGIN.top + (legend.rows - 1) * LEGEND_ROW;
    const h = Math.max(10, height - this.top - MARGIN.bottom);
    if (series.length === 0) this.tooltip.hide();
    this.svg
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('data-series', series.length)
      .attr('data-scale', logY ? 'log' : 'linear');

    let maxX = 1;
    let maxY = 0;
    for (const s of series) {
      for (const p of s.points) {
        maxX = Math.max(maxX, p.x);
        maxY = Math.max(maxY, p.hi, p.mean);
      }
    }
    const seconds = this.data?.xAxis === 'seconds';
    const x = scaleLinear()
      .domain(seconds ? [0, maxX > 0 ? maxX * 1.05 : 1] : [1, Math.max(maxX, 10)])
      .range([0, w]);
    if (seconds) x.nice();
    const floor = (v: number) => (logY ? Math.max(LOG_FLOOR, v) : v);
    const y = regretYScale(maxY, logY, h);

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${MARGIN.left},${this.top})`);
    const yTicks = regretYTicks(y, logY);
    layer(plot, 'grid').call(
      axisLeft(y)
        .tickValues(yTicks)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
    const xTicks = x
      .ticks(Math.max(2, Math.min(10, Math.floor(w / 70))))
      .filter((t) => seconds || Number.isInteger(t));
    layer(plot, 'axis x-axis')
      .attr('transform', `translate(0,${h})`)
      .attr('data-axis', seconds ? 'seconds' : 'models')
      .call(
        axisBottom(x)
          .tickValues(xTicks)
          .tickFormat(format(seconds ? '~g' : 'd'))
          .tickSizeOuter(0),
      );
    layer(plot, 'axis y-axis').call(
      axisLeft(y)
        .tickValues(yTicks)
        .tickFormat((v) => regretTickLabel(Number(v), logY))
        .tickSizeOuter(0),
    );
    const labels = layer(plot, 'labels');
    axisLabel(labels, 'x', this.text(seconds ? 'regret.axisXSeconds' : 'regret.axisX'), w / 2, h + 40);
    axisLabel(labels, 'y', this.data?.yLabel ?? this.text('regret.axisY'), -48, h / 2, -90);

    this.drawLegend(plot, legend);

    const ms = animate ? motionMs() : 0;
    const bandPath = area<RegretPoint>()
      .x((p) => x(p.x))
      .y0((p) => y(floor(p.lo)))
      .y1((p) => y(floor(p.hi)))
      .curve(curveStepAfter);
    const linePath = line<RegretPoint>()
      .x((p) => x(p.x))
      .y((p) => y(floor(p.mean)))
      .curve(curveStepAfter);
    const groups = layer(plot, 'series')
      .selectAll<SVGGElement, DrawnSeries>('g.series')
      .data(series, (s) => s.label)
      .join(
        (enter) => {
          const g = enter.append('g').attr('class', 'series');
          g.append('path').attr('class', 'series-band');
          g.append('path').attr('class', 'series-line');
          g.append('g').attr('class', 'series-dots');
          if (ms > 0) g.attr('opacity', 0).transition().duration(ms).attr('opacity', 1);
          return g;
        },
        (update) => update,
        (exit) => exit.remove(),
      )
      .attr('data-series', (s) => s.colour)
      .attr('data-label', (s) => s.label);
    groups
      .select<SVGPathElement>('path.series-band')
      .attr('d', (s) => bandPath(s.points as RegretPoint[]) ?? '');
    groups
      .select<SVGPathElement>('path.series-line')
      .attr('data-points', (s) => s.points.length)
      .attr('data-last', (s) => s.points[s.points.length - 1]?.mean ?? '')
      .attr('d', (s) => linePath(s.points as RegretPoint[]) ?? '');
    groups
      .select<SVGGElement>('g.series-dots')
      .selectAll<SVGCircleElement, RegretPoint>('circle')
      .data((s) => (seconds ? (s.points as RegretPoint[]) : []))
      .join('circle')
      .attr('class', 'series-dot')
      .attr('r', 3.5)
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(floor(p.mean)));

    this.attachHover(plot, series, x, y, floor, w, h, seconds);

    emptyNote(plot, series.length === 0 ? this.text('regret.empty') : null, w, h);
  }

  private drawLegend(plot: ReturnType<typeof layer>, layout: LegendLayout): void {
    const rows = layout.rows;
    const legend = layer(plot, 'legend').attr('transform', `translate(0,${-22 - (rows - 1) * LEGEND_ROW})`);
    const key = JSON.stringify(layout.items.map((i) => [i.label, i.series]));
    if (legend.attr('data-key') !== key) {
      legend.selectAll('*').remove();
      legend.attr('data-key', key);
      for (const item of layout.items) {
        const g = legend.append('g').attr('class', 'legend-item');
        if (item.series >= 0) {
          g.attr('data-series', item.series);
          g.append('rect')
            .attr('class', 'swatch-band')
            .attr('x', -9)
            .attr('y', -6)
            .attr('width', 18)
            .attr('height', 12);
          g.append('line').attr('class', 'swatch-line').attr('x1', -9).attr('x2', 9);
        } else {
          g.append('rect')
            .attr('class', 'swatch-band-note')
            .attr('x', -9)
            .attr('y', -6)
            .attr('width', 18)
            .attr('height', 12);
        }
        g.append('text').attr('x', 14).attr('dominant-baseline', 'central').text(item.label);
      }
    }
    legend.selectAll<SVGGElement, unknown>('g.legend-item').attr('transform', (_, i) => {
      const item = layout.items[i];
      return item ? `translate(${item.x},${item.row * LEGEND_ROW})` : null;
    });
  }

  private attachHover(
    plot: ReturnType<typeof layer>,
    series: readonly DrawnSeries[],
    x: ScaleContinuousNumeric<number, number>,
    y: ScaleContinuousNumeric<number, number>,
    floor: (v: number) => number,
    w: number,
    h: number,
    seconds: boolean,
  ): void {
    let target = plot.select<SVGRectElement>('rect.hover-target');
    if (target.empty()) target = plot.append('rect').attr('class', 'hover-target');
    target.attr('width', w).attr('height', h).attr('fill', 'transparent').style('pointer-events', 'all');
    const hover = layer(plot, 'hover').style('pointer-events', 'none');
    let guide = hover.select<SVGLineElement>('line.hover-guide');
    if (guide.empty()) guide = hover.append('line').attr('class', 'hover-guide');
    const hide = () => {
      hover.style('display', 'none');
      this.tooltip.hide();
    };
    hide();
    target
      .on('pointermove', (event: PointerEvent) => {
        if (series.length === 0) return hide();
        const rect = (event.currentTarget as SVGRectElement).getBoundingClientRect();
        const at0 = x.invert(event.clientX - rect.left);
        const models = seconds ? Math.max(0, at0) : Math.max(1, Math.round(at0));
        // A series that ended earlier holds its last value: a run keeps what it found.
        const at = series.map((s) => {
          let p: RegretPoint | undefined;
          for (const q of s.points) if (q.x <= models) p = q;
          return p;
        });
        if (at.every((p) => p === undefined)) return hide();
        const px = x(models);
        hover.style('display', null);
        guide.attr('x1', px).attr('x2', px).attr('y1', 0).attr('y2', h);
        hover
          .selectAll<SVGCircleElement, RegretPoint | undefined>('circle.hover-dot')
          .data(at)
          .join('circle')
          .attr('class', 'hover-dot')
          .attr('data-series', (_, i) => series[i]?.colour ?? 0)
          .attr('r', 4.5)
          .attr('cx', px)
          .attr('cy', (p) => (p ? y(floor(p.mean)) : 0))
          .style('display', (p) => (p ? null : 'none'));
        const lines = series.flatMap((s, i) => {
          const p = at[i];
          if (!p) return [];
          const n = p.n ?? 1;
          const spread =
            n > 1
              ? this.text('regret.tipSpread', { lo: fmtPoints(p.lo), hi: fmtPoints(p.hi), count: n })
              : '';
          return [
            this.text(this.data?.yIsAccuracy ? 'regret.tipAccuracy' : 'regret.tipPoints', {
              label: s.label,
              points: fmtPoints(p.mean),
              spread,
            }),
          ];
        });
        const top = Math.min(...at.filter((p) => p !== undefined).map((p) => y(floor(p.mean))));
        this.tooltip.show(
          [
            seconds
              ? this.text('regret.tipAfterSeconds', { seconds: models.toFixed(1) })
              : this.text('regret.tipAfter', { models: models.toLocaleString(chartLanguage()) }),
            ...lines,
          ],
          px + MARGIN.left,
          top + this.top,
        );
      })
      .on('pointerleave', hide);
  }
}

/** A series with its colour index (`data-series`, 0..5). */
interface DrawnSeries extends RegretSeries {
  colour: number;
}

/** Legend entries placed left to right, wrapping to a new row when the plot width is used up. */
interface LegendLayout {
  items: { label: string; series: number; x: number; row: number }[];
  rows: number;
}

function legendLayout(series: readonly DrawnSeries[], bandLabel: string | null, w: number): LegendLayout {
  const entries = [
    ...series.map((s) => ({ label: s.label, series: s.colour })),
    ...(bandLabel === null ? [] : [{ label: chartText('regret.shaded', { band: bandLabel }), series: -1 }]),
  ];
  const items: LegendLayout['items'] = [];
  let x = 10;
  let row = 0;
  for (const e of entries) {
    const width = 14 + measureText(e.label, LEGEND_FONT);
    if (x > 10 && x + width > w) {
      x = 10;
      row += 1;
    }
    items.push({ ...e, x, row });
    x += width + 24;
  }
  return { items, rows: row + 1 };
}
