/**
 * How each edge's op weights moved during a one-shot search: one small stacked-area chart per
 * edge (x = step, y = 0..1), one colour per op with a legend above; the small multiples share
 * both axes, so an op taking over several edges reads at a glance. Framework-free d3 class.
 */
import { area, axisBottom, axisLeft, format, scaleLinear, select } from 'd3';
import './charts.css';
import './oneshotCharts.css';
import { axisLabel, emptyNote, layer, SvgChart } from './svgChart';

/** One op's band of a facet: bottom and top at each step, in [0, 1]. */
export interface OpStackBand {
  /** NAS-Bench-201 op id (labelled `charts:dag.op.<op>`, coloured `--op-<op>`). */
  op: string;
  y0: readonly number[];
  y1: readonly number[];
}

/** One small multiple: an edge's bands over the same steps. */
export interface OpStackFacet {
  /** Its title, e.g. `0→1`. */
  title: string;
  /** The x of each point, in steps. */
  steps: readonly number[];
  bands: readonly OpStackBand[];
}

export interface OpStackChartData {
  /** The ops in legend order. */
  ops: readonly string[];
  facets: readonly OpStackFacet[];
}

const GAP_X = 22;
const GAP_Y = 30;
const TITLE_H = 18;
const LEFT = 38;
const BOTTOM = 40;
const fmtStep = format('~s');

export class OpStackChart extends SvgChart<OpStackChartData> {
  private readonly legend: HTMLDivElement;
  /** The legend's height, without forcing a layout at each redraw. */
  private readonly legendHeight: () => number;

  constructor(el: HTMLElement) {
    super(el, 'oneshot-chart op-stack-chart');
    this.legend = document.createElement('div');
    this.legend.className = 'oneshot-legend';
    this.root.insertBefore(this.legend, this.root.firstChild);
    this.legendHeight = this.observedHeight(this.legend);
    this.render();
  }

  /** Redraws only for new data: the store's source hands the same object back when nothing changed. */
  override update(data: OpStackChartData): void {
    if (data !== this.data) super.update(data);
  }

  protected render(): void {
    const ops = this.data?.ops ?? [];
    this.drawLegend(ops);
    const width = this.size().width;
    const height = Math.max(100, this.size().height - this.legendHeight());
    this.svg.attr('viewBox', `0 0 ${width} ${height}`);
    const facets = this.data?.facets ?? [];
    const columns = width >= 720 ? 3 : 2;
    const rowCount = Math.max(1, Math.ceil(facets.length / columns));
    const fw = Math.max(40, (width - LEFT - 8 - GAP_X * (columns - 1)) / columns);
    const fh = Math.max(30, (height - BOTTOM - (rowCount - 1) * GAP_Y) / rowCount - TITLE_H);
    let maxStep = 1;
    for (const f of facets) maxStep = Math.max(maxStep, f.steps.at(-1) ?? 0);
    const x = scaleLinear().domain([0, maxStep]).range([0, fw]);
    const y = scaleLinear().domain([0, 1]).range([fh, 0]);
    const hasPoints = facets.some((f) => f.steps.length > 0);
    this.svg.attr('data-facets', facets.length).attr('data-points', facets[0]?.steps.length ?? 0);

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${LEFT},0)`);
    // Layers in paint order: the note above the facets a later update adds.
    for (const name of ['facets', 'labels', 'note']) layer(plot, name);
    const groups = layer(plot, 'facets')
      .selectAll<SVGGElement, OpStackFacet>('g.facet')
      .data(facets, (f) => f.title)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'facet');
        g.append('text').attr('class', 'facet-title');
        const body = g.append('g').attr('class', 'facet-body');
        body.append('rect').attr('class', 'facet-empty');
        body.append('g').attr('class', 'bands');
        body.append('rect').attr('class', 'facet-frame');
        body.append('g').attr('class', 'axis y-axis');
        body.append('g').attr('class', 'axis x-axis');
        return g;
      })
      .attr('data-edge', (f) => f.title)
      .attr('transform', (_, i) => {
        const col = i % columns;
        const row = Math.floor(i / columns);
        return `translate(${col * (fw + GAP_X)},${row * (fh + TITLE_H + GAP_Y)})`;
      });
    groups
      .select('text.facet-title')
      .attr('x', 0)
      .attr('y', TITLE_H - 5)
      .text((f) => f.title);
    const body = groups.select<SVGGElement>('g.facet-body').attr('transform', `translate(0,${TITLE_H})`);
    body.select('rect.facet-empty').attr('width', fw).attr('height', fh);
    body.select('rect.facet-frame').attr('width', fw).attr('height', fh);

    const bandArea = (f: OpStackFacet, band: OpStackBand) =>
      area<number>()
        .x((i) => x(f.steps[i] ?? 0))
        .y0((i) => y(band.y0[i] ?? 0))
        .y1((i) => y(band.y1[i] ?? 0))(f.steps.map((_, i) => i)) ?? '';
    const xTicks = Math.max(2, Math.floor(fw / 70));
    body.each(function (f, i) {
      const g = select(this);
      g.select('g.bands')
        .selectAll<SVGPathElement, OpStackBand>('path.band')
        .data(f.steps.length > 1 ? f.bands : [], (b) => b.op)
        .join('path')
        .attr('class', 'band')
        .attr('data-op', (b) => b.op)
        .attr('d', (b) => bandArea(f, b));
      // Shared axes: values on the first column, steps under the last facet of each column.
      const firstColumn = i % columns === 0;
      const lastInColumn = i + columns >= facets.length;
      g.select<SVGGElement>('g.y-axis').call(
        axisLeft(y)
          .tickValues(firstColumn ? [0, 0.5, 1] : [])
          .tickFormat(format('.1f'))
          .tickSizeOuter(0),
      );
      g.select<SVGGElement>('g.x-axis')
        .attr('transform', `translate(0,${fh})`)
        .call(
          axisBottom(x)
            // Step 0 is written once, under the first column: elsewhere it would touch the
            // last step of the facet to its left.
            .tickValues(lastInColumn && hasPoints ? x.ticks(xTicks).filter((v) => firstColumn || v > 0) : [])
            .tickFormat((v) => fmtStep(Number(v)))
            .tickSizeOuter(0),
        );
    });

    const labels = layer(plot, 'labels');
    const totalW = columns * fw + (columns - 1) * GAP_X;
    axisLabel(labels, 'x', hasPoints ? this.text('oneshot.stepAxis') : '', totalW / 2, height - 6);
    emptyNote(
      layer(plot, 'note'),
      facets.length === 0 || !hasPoints ? this.text('oneshot.waiting') : null,
      totalW,
      height - BOTTOM,
    );
  }

  private drawLegend(ops: readonly string[]): void {
    const key = ops.join(' ');
    const lang = this.text('dag.op.skip_connect');
    if (this.legend.dataset.ops === key && this.legend.dataset.lang === lang) return;
    this.legend.dataset.ops = key;
    this.legend.dataset.lang = lang;
    this.legend.replaceChildren(
      ...ops.map((op) => {
        const item = document.createElement('span');
        item.className = 'oneshot-legend-item';
        item.dataset.op = op;
        const swatch = document.createElement('span');
        swatch.className = 'oneshot-legend-swatch';
        const label = document.createElement('span');
        label.textContent = this.text(`dag.op.${op}`, { defaultValue: op });
        item.append(swatch, label);
        return item;
      }),
    );
  }
}
