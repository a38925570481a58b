/**
 * The epsilon schedule as a step chart: x = unique models trained (cumulative), y = epsilon.
 * The part already searched is drawn solid, the rest dashed; a marker shows where the run is,
 * and each step carries a "trained/allotted" count. Framework-free d3 class.
 */
import { area, axisBottom, axisLeft, curveStepAfter, format, line, scaleLinear } from 'd3';
import { CANVAS_SANS, formatEpsilon, measureText, motionMs, uniqueId } from './common';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';

/** One step of the schedule: `models` unique models are trained at `epsilon`. */
export interface EpsilonScheduleStep {
  epsilon: number;
  models: number;
}

export interface EpsilonChartData {
  schedule: readonly EpsilonScheduleStep[];
  /** Unique models trained so far in the run (cached proposals do not count). */
  trained: number;
  /** Unique models trained at each schedule step, same order as `schedule` (missing = 0). */
  trainedPerStep: readonly number[];
  /** What the schedule counts, for the axis and the marker (default: unique models trained). */
  unit?: 'models' | 'blocks';
}

const MARGIN: Margins = { top: 30, right: 20, bottom: 50, left: 60 };
const COUNT_FONT = `12px ${CANVAS_SANS}`;

interface StepGeometry {
  index: number;
  epsilon: number;
  models: number;
  start: number;
  end: number;
  done: number;
}

export class EpsilonChart extends SvgChart<EpsilonChartData> {
  private readonly clipId = uniqueId('eps-clip');

  constructor(el: HTMLElement) {
    super(el, 'epsilon-chart');
    this.svg.append('defs').append('clipPath').attr('id', this.clipId).append('rect');
    this.render(false);
  }

  protected render(animate: boolean): void {
    const { width, height } = this.size();
    const w = Math.max(10, width - MARGIN.left - MARGIN.right);
    const h = Math.max(10, height - MARGIN.top - MARGIN.bottom);
    const ms = animate ? motionMs() : 0;
    this.svg.attr('viewBox', `0 0 ${width} ${height}`);

    const steps = geometry(this.data);
    const total = steps.length > 0 ? steps[steps.length - 1]!.end : 0;
    const trained = Math.max(0, Math.min(this.data?.trained ?? 0, total));
    const x = scaleLinear()
      .domain([0, Math.max(total, 1)])
      .range([0, w]);
    const y = scaleLinear().domain([0, 1]).range([h, 0]);

    const plot = layer(this.svg, 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    // Create the layers in paint order: counts stay readable above the marker line.
    for (const name of [
      'grid',
      'axis x-axis',
      'axis y-axis',
      'labels',
      'dividers',
      'series',
      'marker',
      'counts',
    ])
      layer(plot, name);
    const grid = layer(plot, 'grid');
    grid.call(
      axisLeft(y)
        .ticks(5)
        .tickSize(-w)
        .tickFormat(() => ''),
    );

    const xAxis = layer(plot, 'axis x-axis').attr('transform', `translate(0,${h})`);
    const xTicks = x.ticks(Math.max(2, Math.min(10, Math.floor(w / 80)))).filter(Number.isInteger);
    xAxis.call(axisBottom(x).tickValues(xTicks).tickFormat(format('d')).tickSizeOuter(0));
    const yAxis = layer(plot, 'axis y-axis');
    yAxis.call(axisLeft(y).ticks(5).tickFormat(format('.1f')).tickSizeOuter(0));
    const labels = layer(plot, 'labels');
    axisLabel(labels, 'x', this.text(`epsilon.${this.data?.unit ?? 'models'}.axis`), w / 2, h + 40);
    axisLabel(labels, 'y', this.text('epsilon.axisY'), -44, h / 2, -90);

    // Faint dividers at step boundaries help read the narrow steps of the paper's schedule.
    layer(plot, 'dividers')
      .selectAll<SVGLineElement, StepGeometry>('line.step-divider')
      .data(steps.slice(1), (d) => d.index)
      .join('line')
      .attr('class', 'step-divider')
      .attr('x1', (d) => x(d.start))
      .attr('x2', (d) => x(d.start))
      .attr('y1', 0)
      .attr('y2', h);

    const points: [number, number][] = steps.map((s) => [s.start, s.epsilon]);
    if (steps.length > 0) points.push([total, steps[steps.length - 1]!.epsilon]);
    const stepLine = line<[number, number]>()
      .x((d) => x(d[0]))
      .y((d) => y(d[1]))
      .curve(curveStepAfter);
    const stepArea = area<[number, number]>()
      .x((d) => x(d[0]))
      .y0(h)
      .y1((d) => y(d[1]))
      .curve(curveStepAfter);

    const clipRect = this.svg
      .select(`#${this.clipId} rect`)
      .attr('y', -10)
      .attr('height', h + 20)
      .attr('x', -4);
    (ms > 0 ? clipRect.transition().duration(ms) : clipRect).attr('width', x(trained) + 4);

    const series = layer(plot, 'series');
    const pathOf = (cls: string) => {
      let p = series.select<SVGPathElement>(`path.${cls}`);
      if (p.empty()) p = series.append('path').attr('class', cls);
      return p;
    };
    pathOf('progress-area')
      .attr('clip-path', `url(#${this.clipId})`)
      .attr('d', stepArea(points) ?? '');
    pathOf('schedule-line').attr('d', stepLine(points) ?? '');
    pathOf('progress-line')
      .attr('clip-path', `url(#${this.clipId})`)
      .attr('d', stepLine(points) ?? '');

    const current = currentStep(steps, trained);
    layer(plot, 'counts')
      .selectAll<SVGTextElement, StepGeometry>('text.step-count')
      .data(steps, (d) => d.index)
      .join('text')
      .attr('class', (d) => {
        if (d.index === current && trained < total) return 'step-count current';
        return d.done >= d.models ? 'step-count complete' : 'step-count';
      })
      .attr('data-step', (d) => d.index)
      .text((d) => `${d.done}/${d.models}`)
      .each(function (d) {
        placeCount(this, d, x, y, h);
      });

    this.drawMarker(plot, steps, current, trained, x(trained), y, w, ms);
    emptyNote(plot, steps.length === 0 ? this.text('epsilon.empty') : null, w, h);
    this.svg.attr('data-total', total).attr('data-trained', trained);
  }

  private drawMarker(
    plot: ReturnType<typeof layer>,
    steps: StepGeometry[],
    current: number,
    trained: number,
    px: number,
    y: (v: number) => number,
    w: number,
    ms: number,
  ): void {
    const marker = layer(plot, 'marker');
    const step = steps[current];
    marker.attr('data-x', trained).style('display', step ? '' : 'none');
    if (!step) return;
    const h = y(0);
    const py = y(step.epsilon);
    const moved = ms > 0 ? marker.transition().duration(ms) : marker;
    moved.attr('transform', `translate(${px},0)`);
    let ln = marker.select<SVGLineElement>('line');
    if (ln.empty()) ln = marker.append('line');
    ln.attr('y1', -6).attr('y2', h);
    let dot = marker.select<SVGCircleElement>('circle');
    if (dot.empty()) dot = marker.append('circle').attr('r', 5.5);
    (ms > 0 ? dot.transition().duration(ms) : dot).attr('cy', py);
    let label = marker.select<SVGTextElement>('text');
    if (label.empty()) label = marker.append('text');
    const total = steps[steps.length - 1]!.end;
    const done = this.text(`epsilon.${this.data?.unit ?? 'models'}.done`, { count: trained });
    const text =
      trained >= total
        ? this.text('epsilon.complete', { done })
        : `ε = ${formatEpsilon(step.epsilon)} · ${done}`;
    const textW = measureText(text, `600 12px ${CANVAS_SANS}`);
    const anchor = px + textW / 2 > w ? 'end' : px - textW / 2 < 0 ? 'start' : 'middle';
    label
      .attr('y', -12)
      .attr('x', anchor === 'end' ? 4 : anchor === 'start' ? -4 : 0)
      .attr('text-anchor', anchor)
      .text(text);
  }
}

function geometry(data: EpsilonChartData | null): StepGeometry[] {
  if (!data) return [];
  let start = 0;
  return data.schedule.map((s, index) => {
    const models = Math.max(0, s.models);
    const g = {
      index,
      epsilon: s.epsilon,
      models,
      start,
      end: start + models,
      done: Math.max(0, data.trainedPerStep[index] ?? 0),
    };
    start += models;
    return g;
  });
}

/** The step the run is in: the first not yet full; the last once the schedule is exhausted. */
function currentStep(steps: StepGeometry[], trained: number): number {
  const i = steps.findIndex((s) => trained < s.end);
  return i === -1 ? steps.length - 1 : i;
}

/**
 * Puts a count label under its step line when it fits, above it when the area below is too
 * low, and rotated along the step when the step is too narrow for horizontal text.
 */
function placeCount(
  node: SVGTextElement,
  d: StepGeometry,
  x: (v: number) => number,
  y: (v: number) => number,
  h: number,
): void {
  const x0 = x(d.start);
  const x1 = x(d.end);
  const cx = (x0 + x1) / 2;
  const ly = y(d.epsilon);
  const below = h - ly;
  const textW = measureText(node.textContent ?? '', COUNT_FONT);
  node.setAttribute('dominant-baseline', 'central');
  if (x1 - x0 >= textW + 8) {
    node.setAttribute('text-anchor', 'middle');
    const ty = below >= 24 ? ly + 13 : ly - 11;
    node.setAttribute('transform', `translate(${cx},${ty})`);
  } else if (below >= textW + 10) {
    node.setAttribute('text-anchor', 'end');
    node.setAttribute('transform', `translate(${cx},${ly + 6}) rotate(-90)`);
  } else {
    node.setAttribute('text-anchor', 'start');
    node.setAttribute('transform', `translate(${cx},${ly - 6}) rotate(-90)`);
  }
}
