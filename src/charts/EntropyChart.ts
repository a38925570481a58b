/**
 * How sure a one-shot search has become: the mean entropy of its per-edge distributions over the
 * steps (left axis, nats, up to the uniform distribution's, drawn as a dashed reference) and,
 * when the points carry one, SNAS's Gumbel-softmax temperature (right axis). Framework-free d3.
 */
import { axisBottom, axisLeft, axisRight, format, line, scaleLinear } from 'd3';
import './charts.css';
import './oneshotCharts.css';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';
import { drawLegend, endLabel, separateLabels, seriesPath, type LegendEntry } from './oneshotDraw';

export interface EntropyChartPoint {
  step: number;
  /** Mean entropy of the edges' distributions, nats. */
  entropy: number;
  /** SNAS: the temperature at the step. */
  temperature?: number;
}

export interface EntropyChartData {
  points: readonly EntropyChartPoint[];
  /** Entropy of the uniform distribution over the ops (ln 5), nats: the reference line. */
  maxEntropy: number;
}

const fmt2 = format('.2f');
const fmtStep = format('~s');

export class EntropyChart extends SvgChart<EntropyChartData> {
  constructor(el: HTMLElement) {
    super(el, 'oneshot-chart entropy-chart');
    this.render();
  }

  /** Redraws only for new data: the store's source hands the same object back when nothing changed. */
  override update(data: EntropyChartData): void {
    if (data !== this.data) super.update(data);
  }

  protected render(): void {
    const { width, height } = this.size();
    const points = (this.data?.points ?? []).filter((p) => Number.isFinite(p.entropy));
    const tempPoints = points.filter(
      (p): p is EntropyChartPoint & { temperature: number } =>
        p.temperature !== undefined && Number.isFinite(p.temperature),
    );
    const withTemp = tempPoints.length > 0;
    const margin: Margins = { top: 30, right: withTemp ? 58 : 20, bottom: 42, left: 58 };
    const w = Math.max(10, width - margin.left - margin.right);
    const h = Math.max(10, height - margin.top - margin.bottom);
    this.svg
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('data-points', points.length)
      .attr('data-temperature', withTemp ? tempPoints.length : 0);

    const maxEntropy = this.data?.maxEntropy ?? Math.log(5);
    const maxStep = Math.max(1, points.at(-1)?.step ?? 1);
    const x = scaleLinear().domain([0, maxStep]).range([0, w]);
    const yH = scaleLinear()
      .domain([0, maxEntropy * 1.08])
      .range([h, 0]);
    const maxTemp = Math.max(0, ...tempPoints.map((p) => p.temperature));
    const yT = scaleLinear()
      .domain([0, maxTemp > 0 ? maxTemp * 1.08 : 1])
      .range([h, 0])
      .nice();

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
    for (const name of [
      'grid',
      'axis x-axis',
      'axis y-axis',
      'axis axis-right',
      'labels',
      'reference',
      'series',
    ])
      layer(plot, name);
    layer(plot, 'grid').call(
      axisLeft(yH)
        .ticks(4)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
    layer(plot, 'axis x-axis')
      .attr('transform', `translate(0,${h})`)
      .call(
        axisBottom(x)
          .ticks(points.length > 0 ? Math.max(2, Math.min(8, Math.floor(w / 70))) : 0)
          .tickFormat((v) => fmtStep(Number(v)))
          .tickSizeOuter(0),
      );
    layer(plot, 'axis y-axis').call(axisLeft(yH).ticks(4).tickFormat(fmt2).tickSizeOuter(0));
    layer(plot, 'axis axis-right')
      .attr('transform', `translate(${w},0)`)
      .attr('display', withTemp ? null : 'none')
      .call(axisRight(yT).ticks(4).tickFormat(yT.tickFormat(4)).tickSizeOuter(0));
    const labels = layer(plot, 'labels');
    axisLabel(labels, 'x', this.text('oneshot.stepAxis'), w / 2, h + 36);
    axisLabel(labels, 'left', this.text('oneshot.entropyAxis'), -44, h / 2, -90);
    axisLabel(labels, 'right', withTemp ? this.text('oneshot.temperatureAxis') : '', w + 46, h / 2, 90);

    const reference = layer(plot, 'reference');
    reference
      .selectAll('line.reference-line')
      .data([maxEntropy])
      .join('line')
      .attr('class', 'reference-line')
      .attr('x1', 0)
      .attr('x2', w)
      .attr('y1', (v) => yH(v))
      .attr('y2', (v) => yH(v));
    reference
      .selectAll('text.reference-label')
      .data([maxEntropy])
      .join('text')
      .attr('class', 'reference-label')
      .attr('x', w - 4)
      .attr('y', (v) => yH(v) - 5)
      .attr('text-anchor', 'end')
      .text((v) => this.text('oneshot.uniform', { value: fmt2(v) }));

    const series = layer(plot, 'series');
    seriesPath(
      series,
      'entropy',
      line<EntropyChartPoint>()
        .x((p) => x(p.step))
        .y((p) => yH(p.entropy))([...points]) ?? '',
    );
    seriesPath(
      series,
      'temperature',
      withTemp
        ? (line<EntropyChartPoint & { temperature: number }>()
            .x((p) => x(p.step))
            .y((p) => yT(p.temperature))([...tempPoints]) ?? '')
        : '',
      true,
    );
    const lastH = points.at(-1);
    const lastT = tempPoints.at(-1);
    const entropyEnd = lastH ? { x: x(lastH.step), y: yH(lastH.entropy), text: fmt2(lastH.entropy) } : null;
    const tempEnd = lastT
      ? { x: x(lastT.step), y: yT(lastT.temperature), text: `τ ${fmt2(lastT.temperature)}` }
      : null;
    separateLabels(entropyEnd, tempEnd);
    endLabel(series, 'entropy', entropyEnd, w);
    endLabel(series, 'temperature', tempEnd, w);

    const entries: LegendEntry[] = [{ series: 'entropy', label: this.text('oneshot.entropy') }];
    if (withTemp)
      entries.push({ series: 'temperature', label: this.text('oneshot.temperature'), dashed: true });
    drawLegend(layer(this.svg, 'legend').attr('transform', `translate(${margin.left},12)`), entries);
    emptyNote(plot, points.length === 0 ? this.text('oneshot.waiting') : null, w, h);
  }
}
