/**
 * Training of the model being trained now: loss per batch (raw, and smoothed once there are
 * enough batches) on the left axis, validation accuracy after each epoch on the right axis.
 * Framework-free d3 class.
 */
import { axisBottom, axisLeft, axisRight, format, line, scaleLinear } from 'd3';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';

export interface LossPoint {
  /** Batch number since the start of training (1-based or 0-based, drawn as given). */
  step: number;
  /** Mean training loss of that batch (cross-entropy). */
  loss: number;
}

export interface ValAccuracyPoint {
  /** Epoch that just finished (1-based). */
  epoch: number;
  /** Batch number at the end of that epoch, on the same axis as `LossPoint.step`. */
  step: number;
  /** Validation accuracy in [0, 1]. */
  acc: number;
}

export interface TrainingCurveData {
  losses: readonly LossPoint[];
  valAccuracy: readonly ValAccuracyPoint[];
}

const MARGIN: Margins = { top: 18, right: 62, bottom: 48, left: 60 };
/** Below this many batches the raw loss is drawn as the main line (nothing to smooth). */
const SMOOTH_FROM = 24;
const fmtPercent = format('.1%');

export class TrainingCurve extends SvgChart<TrainingCurveData> {
  constructor(el: HTMLElement) {
    super(el, 'training-curve');
    this.render();
  }

  protected render(): void {
    const { width, height } = this.size();
    const w = Math.max(10, width - MARGIN.left - MARGIN.right);
    const h = Math.max(10, height - MARGIN.top - MARGIN.bottom);
    const losses = (this.data?.losses ?? []).filter((p) => Number.isFinite(p.loss));
    const val = this.data?.valAccuracy ?? [];
    this.svg
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('data-points', losses.length)
      .attr('data-val-points', val.length);

    let maxStep = 1;
    let maxLoss = 0;
    for (const p of losses) {
      maxStep = Math.max(maxStep, p.step);
      maxLoss = Math.max(maxLoss, p.loss);
    }
    for (const v of val) maxStep = Math.max(maxStep, v.step);
    const x = scaleLinear().domain([0, maxStep]).range([0, w]).nice();
    const yLoss = scaleLinear()
      .domain([0, maxLoss > 0 ? maxLoss * 1.05 : 2.5])
      .range([h, 0])
      .nice();
    const yAcc = scaleLinear().domain([0, 1]).range([h, 0]);

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    layer(plot, 'grid').call(
      axisLeft(yLoss)
        .ticks(4)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
    const xTicks = x.ticks(Math.max(2, Math.min(8, Math.floor(w / 70)))).filter(Number.isInteger);
    layer(plot, 'axis x-axis')
      .attr('transform', `translate(0,${h})`)
      .call(axisBottom(x).tickValues(xTicks).tickFormat(format('~d')).tickSizeOuter(0));
    layer(plot, 'axis y-axis').call(
      axisLeft(yLoss).ticks(4).tickFormat(yLoss.tickFormat(4)).tickSizeOuter(0),
    );
    layer(plot, 'axis axis-right')
      .attr('transform', `translate(${w},0)`)
      .call(axisRight(yAcc).ticks(4).tickFormat(format('.0%')).tickSizeOuter(0));
    const labels = layer(plot, 'labels');
    axisLabel(labels, 'x', this.text('training.axisX'), w / 2, h + 40);
    axisLabel(labels, 'left', this.text('training.axisLeft'), -46, h / 2, -90);
    axisLabel(labels, 'right', this.text('training.axisRight'), w + 50, h / 2, 90);

    const lossLine = line<LossPoint>()
      .x((d) => x(d.step))
      .y((d) => yLoss(d.loss));
    const smooth = losses.length >= SMOOTH_FROM;
    const series = layer(plot, 'series');
    const pathOf = (cls: string) => {
      let p = series.select<SVGPathElement>(`path.${cls}`);
      if (p.empty()) p = series.append('path').attr('class', cls);
      return p;
    };
    pathOf('loss-raw')
      .attr('d', smooth ? (lossLine(losses) ?? '') : '')
      .style('display', smooth ? '' : 'none');
    pathOf('loss-line').attr('d', lossLine(smooth ? emaSmooth(losses) : [...losses]) ?? '');
    pathOf('val-line').attr(
      'd',
      line<ValAccuracyPoint>()
        .x((d) => x(d.step))
        .y((d) => yAcc(d.acc))([...val]) ?? '',
    );
    series
      .selectAll<SVGCircleElement, ValAccuracyPoint>('circle.val-point')
      .data(val, (d) => d.epoch)
      .join('circle')
      .attr('class', 'val-point')
      .attr('data-epoch', (d) => d.epoch)
      .attr('r', 5)
      .attr('cx', (d) => x(d.step))
      .attr('cy', (d) => yAcc(d.acc));
    const last = val[val.length - 1];
    series
      .selectAll<SVGTextElement, ValAccuracyPoint>('text.val-label')
      .data(last ? [last] : [])
      .join('text')
      .attr('class', 'val-label')
      .attr('text-anchor', (d) => (x(d.step) > w - 40 ? 'end' : 'middle'))
      .attr('x', (d) => x(d.step))
      .attr('y', (d) => (yAcc(d.acc) < 22 ? yAcc(d.acc) + 20 : yAcc(d.acc) - 11))
      .text((d) => fmtPercent(d.acc));

    emptyNote(plot, losses.length === 0 && val.length === 0 ? this.text('training.empty') : null, w, h);
  }
}

/** Exponential moving average of the loss, bias-corrected so the start is not pulled to 0. */
function emaSmooth(points: readonly LossPoint[], weight = 0.9): LossPoint[] {
  let avg = 0;
  return points.map((p, i) => {
    avg = weight * avg + (1 - weight) * p.loss;
    return { step: p.step, loss: avg / (1 - weight ** (i + 1)) };
  });
}
