/**
 * Where a run landed in a tabular benchmark: a histogram of every cell's validation accuracy,
 * the run's sampled cells as a rug under it, the best cell found as a labelled line ("found:
 * rank 37 / 15,625, top 0.24%") and the table's best as a dashed one. Framework-free d3 class.
 */
import 'd3-transition';
import { axisBottom, axisLeft, format, max, scaleLinear, type ScaleLinear } from 'd3';
import './charts.css';
import './nb201Charts.css';
import { CANVAS_SANS, Tooltip, measureText, motionMs } from './common';
import { chartText } from './chartText';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';

/** One bar: cells whose validation accuracy lies in [x0, x1) (accuracy units, [0, 1]). */
export interface DistributionBin {
  x0: number;
  x1: number;
  count: number;
}

/** The best cell a run found, placed in the table. */
export interface DistributionFound {
  /** Its validation accuracy, in [0, 1]. */
  val: number;
  /** 1 = the best cell of the table. */
  rank: number;
  /** Cells in the table (15,625). */
  cells: number;
  /** 100 × rank / cells. */
  topPercent: number;
}

export interface DistributionChartData {
  /** Every cell of the table, binned (`accuracyHistogram`). */
  bins: readonly DistributionBin[];
  /** Validation accuracies of the run's sampled cells, one per unique model. */
  sampled: readonly number[];
  /** The run's best cell; null before the first result. */
  found: DistributionFound | null;
  /** Validation accuracy of the table's best cell. */
  best: number;
  /** Dataset name for the axis, e.g. `CIFAR-10`. */
  datasetLabel: string;
}

const MARGIN: Margins = { top: 36, right: 20, bottom: 52, left: 66 };
/** Height of the strip under the bars that holds the rug of sampled cells. */
const RUG_STRIP = 16;
const LABEL_FONT = `600 12.5px ${CANVAS_SANS}`;
const LEGEND_FONT = `12px ${CANVAS_SANS}`;
const fmtCount = format(',');
const fmtPercent = (v: number): string => `${(v * 100).toFixed(2)}%`;

/** `0.2368` -> `0.24`, `0.0064` -> `0.0064`, `12.34` -> `12.3`: two significant digits below 1%. */
export function formatTopPercent(topPercent: number): string {
  return topPercent < 1 ? String(Number(topPercent.toPrecision(2))) : topPercent.toFixed(1);
}

/** `found: rank 37 / 15,625, top 0.24%`; rank 1 says it is the table's best. */
export function foundLabel(found: DistributionFound): string {
  const rank = chartText('distribution.rank', { rank: fmtCount(found.rank), cells: fmtCount(found.cells) });
  return found.rank === 1
    ? chartText('distribution.foundBest', { rank })
    : chartText('distribution.found', { rank, top: formatTopPercent(found.topPercent) });
}

export class DistributionChart extends SvgChart<DistributionChartData> {
  private readonly tooltip: Tooltip;
  /** Size, bins and scales the histogram was last drawn with (redrawn only when they change). */
  private frameKey = '';

  constructor(el: HTMLElement) {
    super(el, 'distribution-chart');
    this.tooltip = new Tooltip(this.root);
    this.render(false);
  }

  protected render(animate: boolean): void {
    const { width, height } = this.size();
    const w = Math.max(10, width - MARGIN.left - MARGIN.right);
    const h = Math.max(10, height - MARGIN.top - MARGIN.bottom - RUG_STRIP);
    const data = this.data;
    const bins = data?.bins ?? [];
    const sampled = data?.sampled ?? [];
    const found = data?.found ?? null;
    if (bins.length === 0) this.tooltip.hide();
    this.svg
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('data-bins', bins.length)
      .attr('data-sampled', sampled.length)
      .attr('data-rank', found?.rank ?? '');

    const lo = bins[0]?.x0 ?? 0;
    const hi = bins[bins.length - 1]?.x1 ?? 1;
    const x = scaleLinear().domain([lo, hi]).range([0, w]);
    // Headroom above the tallest bar keeps the line labels clear of the bars.
    const y = scaleLinear()
      .domain([0, (max(bins, (b) => b.count) ?? 0) * 1.3 || 1])
      .nice()
      .range([h, 0]);

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    // The table's histogram, its axes and grid stay as they are while a run goes on (only the rug
    // and the marks move): redrawing them at every result scheduled a transition per bar and cost
    // the NAS-Bench-201 lesson's main thread hundreds of milliseconds (issue #22's long tasks).
    const frameKey = `${width}x${height}|${bins.length}|${lo}|${hi}|${y.domain()[1]}`;
    const sameFrame = frameKey === this.frameKey;
    this.frameKey = frameKey;
    if (!sameFrame) this.drawFrame(plot, bins, x, y, w, h, animate);
    const labels = layer(plot, 'labels');
    axisLabel(
      labels,
      'x',
      this.text('distribution.axisX', {
        dataset: data?.datasetLabel ?? this.text('distribution.theDataset'),
      }),
      w / 2,
      h + RUG_STRIP + 40,
    );
    axisLabel(labels, 'y', this.text('distribution.axisY'), -52, h / 2, -90);
    this.drawLegend(
      plot,
      w,
      sampled.length,
      bins.reduce((n, b) => n + b.count, 0),
    );

    // One path for the rug: a run may sample thousands of cells.
    let rug = layer(plot, 'rug-layer').select<SVGPathElement>('path.rug');
    if (rug.empty()) rug = layer(plot, 'rug-layer').append('path').attr('class', 'rug');
    rug.attr('d', sampled.map((v) => `M${x(v).toFixed(1)},${h + 3}v${RUG_STRIP - 6}`).join(''));

    this.drawMarks(plot, x, h, data?.best ?? null, bins.length > 0 ? found : null, w);
    this.attachHover(plot, bins, sampled, x, w, h);

    emptyNote(plot, bins.length === 0 ? this.text('distribution.empty') : null, w, h);
  }

  /** The grid, the axes and the bars of the table's histogram. */
  private drawFrame(
    plot: ReturnType<typeof layer>,
    bins: readonly DistributionBin[],
    x: ScaleLinear<number, number>,
    y: ScaleLinear<number, number>,
    w: number,
    h: number,
    animate: boolean,
  ): void {
    layer(plot, 'grid').call(
      axisLeft(y)
        .ticks(4)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
    layer(plot, 'axis x-axis')
      .attr('transform', `translate(0,${h + RUG_STRIP})`)
      .call(
        axisBottom(x)
          .ticks(Math.max(2, Math.min(10, Math.floor(w / 60))))
          .tickFormat((v) => `${Math.round(Number(v) * 100)}%`)
          .tickSizeOuter(0),
      );
    layer(plot, 'axis y-axis').call(axisLeft(y).ticks(4).tickFormat(format(',~d')).tickSizeOuter(0));
    const ms = animate ? motionMs() : 0;
    const bars = layer(plot, 'bars')
      .selectAll<SVGRectElement, DistributionBin>('rect.bar')
      .data(bins)
      .join((enter) => enter.append('rect').attr('y', h).attr('height', 0))
      .attr('class', 'bar')
      .attr('x', (b) => x(b.x0) + 0.5)
      .attr('width', (b) => Math.max(0.5, x(b.x1) - x(b.x0) - 1));
    const barY = (b: DistributionBin) => y(b.count);
    const barHeight = (b: DistributionBin) => h - y(b.count);
    if (ms > 0) bars.transition().duration(ms).attr('y', barY).attr('height', barHeight);
    else bars.attr('y', barY).attr('height', barHeight);
  }

  /** Lines and labels of the best found (row 2) and the table's best (row 1), kept inside the plot. */
  private drawMarks(
    plot: ReturnType<typeof layer>,
    x: (v: number) => number,
    h: number,
    best: number | null,
    found: DistributionFound | null,
    w: number,
  ): void {
    const sameCell = found !== null && found.rank === 1;
    const marks: { key: 'best' | 'found'; val: number; label: string; row: number }[] = [];
    if (best !== null && !sameCell)
      marks.push({
        key: 'best',
        val: best,
        label: this.text('distribution.best', { value: fmtPercent(best) }),
        row: 0,
      });
    if (found !== null)
      marks.push({ key: 'found', val: found.val, label: foundLabel(found), row: sameCell ? 0 : 1 });
    const groups = layer(plot, 'marks')
      .selectAll<SVGGElement, (typeof marks)[number]>('g.mark')
      .data(marks, (m) => m.key)
      .join((enter) => {
        const g = enter.append('g');
        g.append('line');
        g.append('text');
        return g;
      })
      .attr('class', (m) => `mark ${m.key}`);
    groups
      .select('line')
      .attr('class', (m) => `${m.key}-line`)
      .attr('x1', (m) => x(m.val))
      .attr('x2', (m) => x(m.val))
      .attr('y1', (m) => 4 + m.row * 18)
      .attr('y2', h + RUG_STRIP);
    groups
      .select<SVGTextElement>('text')
      .attr('class', (m) => `mark-label ${m.key}`)
      .attr('y', (m) => 12 + m.row * 18)
      .attr('dy', '0.32em')
      .each(function (m) {
        const px = x(m.val);
        const room = measureText(m.label, LABEL_FONT) + 8;
        const left = px - room >= 0 || px + room > w;
        this.setAttribute('x', String(left ? px - 8 : px + 8));
        this.setAttribute('text-anchor', left ? 'end' : 'start');
        this.textContent = m.label;
      });
  }

  private drawLegend(plot: ReturnType<typeof layer>, w: number, sampled: number, cells: number): void {
    const legend = layer(plot, 'legend').attr('transform', 'translate(0,-22)');
    const items = [
      { kind: 'bar', label: this.text('distribution.all', { count: fmtCount(cells) }) },
      { kind: 'rug', label: this.text('distribution.sampled', { count: fmtCount(sampled) }) },
    ];
    legend
      .selectAll<SVGGElement, (typeof items)[number]>('g.legend-item')
      .data(items, (d) => d.kind)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'legend-item');
        g.filter((d) => d.kind === 'bar')
          .append('rect')
          .attr('class', 'swatch-bar')
          .attr('x', -6)
          .attr('y', -6)
          .attr('width', 12)
          .attr('height', 12);
        g.filter((d) => d.kind === 'rug')
          .append('path')
          .attr('class', 'swatch-rug')
          .attr('d', 'M-6,-6v12M-2,-6v12M4,-6v12');
        g.append('text').attr('x', 14).attr('dominant-baseline', 'central');
        return g;
      })
      .select('text')
      .text((d) => d.label);
    let cursor = 8;
    legend.selectAll<SVGGElement, unknown>('g.legend-item').each(function () {
      const text = this.querySelector('text')?.textContent ?? '';
      this.setAttribute('transform', `translate(${cursor},0)`);
      cursor += 14 + measureText(text, LEGEND_FONT) + 24;
    });
    legend.style('display', cursor > w + 20 ? 'none' : '');
  }

  private attachHover(
    plot: ReturnType<typeof layer>,
    bins: readonly DistributionBin[],
    sampled: readonly number[],
    x: ReturnType<typeof scaleLinear<number, number>>,
    w: number,
    h: number,
  ): void {
    let target = plot.select<SVGRectElement>('rect.hover-target');
    if (target.empty()) target = plot.append('rect').attr('class', 'hover-target');
    target
      .attr('width', w)
      .attr('height', h + RUG_STRIP)
      .attr('fill', 'transparent')
      .style('pointer-events', 'all');
    const barRects = plot.selectAll<SVGRectElement, DistributionBin>('rect.bar');
    const total = bins.reduce((n, b) => n + b.count, 0);
    const hide = () => {
      barRects.classed('hovered', false);
      this.tooltip.hide();
    };
    target
      .on('pointermove', (event: PointerEvent) => {
        const rect = (event.currentTarget as SVGRectElement).getBoundingClientRect();
        const v = x.invert(event.clientX - rect.left);
        const i = bins.findIndex((b, k) => v >= b.x0 && (v < b.x1 || k === bins.length - 1));
        const bin = bins[i];
        if (!bin) return hide();
        const last = i === bins.length - 1;
        const inBin = sampled.filter((s) => s >= bin.x0 && (s < bin.x1 || (last && s <= bin.x1))).length;
        barRects.classed('hovered', (_, k) => k === i);
        this.tooltip.show(
          [
            `${fmtPercent(bin.x0)}–${fmtPercent(bin.x1)}`,
            this.text('distribution.tipCells', {
              count: fmtCount(bin.count),
              share: ((100 * bin.count) / Math.max(1, total)).toFixed(1),
            }),
            this.text('distribution.tipSampled', { count: fmtCount(inBin) }),
          ],
          event.clientX - rect.left + MARGIN.left,
          event.clientY - rect.top + MARGIN.top,
        );
      })
      .on('pointerleave', hide);
  }
}
