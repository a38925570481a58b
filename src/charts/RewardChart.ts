/**
 * Every proposal's reward in order, the running best, and the mean reward per epsilon step
 * (the paper's "average accuracy per epsilon" figure). Up to SVG_POINT_LIMIT points are SVG
 * circles; beyond that the points go to one canvas so 3,000+ points stay smooth.
 * Framework-free d3 class.
 */
import { axisBottom, axisLeft, curveStepAfter, format, line, quadtree, scaleLinear, type Quadtree } from 'd3';
import { CANVAS_SANS, formatEpsilon, Tooltip, measureText, motionMs } from './common';
import { drawAccuracy, drawBands, drawPointsCanvas } from './rewardLayers';
import { epsilonGroups, runningBest, type EpsilonGroup, type RewardPoint } from './rewardSeries';
import { axisLabel, emptyNote, layer, type Margins, SvgChart } from './svgChart';

export type { RewardPoint } from './rewardSeries';

export interface RewardChartData {
  points: readonly RewardPoint[];
  /** The strategy has no epsilon schedule: no ε labels (the mean band covers the whole run). */
  noSchedule?: boolean;
}

/** Above this many points the chart draws them on a canvas instead of SVG circles. */
export const SVG_POINT_LIMIT = 1000;

/** `top` is the least: the legend's rows and the ε strip above the plot add to it (`topMargin`). */
const MARGIN: Margins = { top: 8, right: 20, bottom: 50, left: 60 };
/** Height of one legend row, px. */
const LEGEND_ROW = 18;
/** Height of the strip between the legend and the plot where the ε labels stand, px. */
export const EPSILON_STRIP = 20;
const LEGEND_FONT = `12px ${CANVAS_SANS}`;
const fmtReward = format('.4f');

export class RewardChart extends SvgChart<RewardChartData> {
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: Tooltip;
  private finder: Quadtree<[number, number, RewardPoint]> | null = null;

  constructor(el: HTMLElement) {
    super(el, 'reward-chart');
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'points-canvas';
    this.root.insertBefore(this.canvas, this.svg.node());
    this.tooltip = new Tooltip(this.root);
    this.render(false);
  }

  protected render(animate: boolean): void {
    const { width, height } = this.size();
    const w = Math.max(10, width - MARGIN.left - MARGIN.right);
    const points = this.data?.points ?? [];
    const noSchedule = this.data?.noSchedule ?? false;
    // Accuracy drawn apart from the reward when they differ (BlockQNN's early-stop reward).
    const penalised = points.filter((p) => p.accuracy !== undefined && p.accuracy !== p.reward);
    const shaped = penalised.length > 0;
    const plot = layer(this.svg, 'plot');
    // The legend wraps onto as many rows as the width needs; the ε labels get a strip of their
    // own under it, so neither covers a point.
    const legendRows = this.drawLegend(plot, w, shaped);
    const strip = noSchedule ? 6 : EPSILON_STRIP;
    const top = MARGIN.top + legendRows * LEGEND_ROW + strip;
    layer(plot, 'legend').attr('transform', `translate(0,${MARGIN.top + LEGEND_ROW / 2 - top})`);
    plot.attr('transform', `translate(${MARGIN.left},${top})`);
    const h = Math.max(10, height - top - MARGIN.bottom);
    if (points.length === 0) this.tooltip.hide();
    const useCanvas = points.length > SVG_POINT_LIMIT;
    this.svg
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('data-points', points.length)
      .attr('data-mode', useCanvas ? 'canvas' : 'svg');

    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      lo = Math.min(lo, p.index);
      hi = Math.max(hi, p.index);
    }
    if (points.length === 0) {
      lo = 0;
      hi = 0;
    }
    const x = scaleLinear()
      .domain([lo - 0.5, Math.max(hi + 0.5, lo + 9.5)])
      .range([0, w]);
    let yLo = 0;
    let yHi = 1;
    for (const p of points) {
      yLo = Math.min(yLo, p.reward);
      yHi = Math.max(yHi, p.reward);
    }
    const y = scaleLinear().domain([yLo, yHi]).nice().range([h, 0]);

    const groups = epsilonGroups(points);
    drawBands(plot, groups, x, h, noSchedule, strip);

    layer(plot, 'grid').call(
      axisLeft(y)
        .ticks(5)
        .tickSize(-w)
        .tickFormat(() => ''),
    );
    const xTicks = x.ticks(Math.max(2, Math.min(10, Math.floor(w / 70)))).filter(Number.isInteger);
    layer(plot, 'axis x-axis')
      .attr('transform', `translate(0,${h})`)
      .call(axisBottom(x).tickValues(xTicks).tickFormat(format('d')).tickSizeOuter(0));
    // Rewards are accuracies (or accuracy minus penalties): read in %, with d3's precision for the domain.
    layer(plot, 'axis y-axis').call(axisLeft(y).ticks(5).tickFormat(y.tickFormat(5, '%')).tickSizeOuter(0));
    const labels = layer(plot, 'labels');
    axisLabel(labels, 'x', this.text('reward.axisX'), w / 2, h + 40);
    axisLabel(labels, 'y', this.text(shaped ? 'reward.axisYShaped' : 'reward.axisY'), -44, h / 2, -90);

    const radius = points.length <= 200 ? 4.5 : 3;
    const ms = animate ? motionMs() : 0;
    const pointLayer = layer(plot, 'points');
    pointLayer
      .selectAll<SVGCircleElement, RewardPoint>('circle.point')
      .data(useCanvas ? [] : points, (d) => d.index)
      .join(
        (enter) => {
          const c = enter.append('circle').attr('r', ms > 0 ? 0 : radius);
          if (ms > 0) c.transition().duration(ms).attr('r', radius);
          return c;
        },
        (update) => update.attr('r', radius),
      )
      .attr('class', (d) => (d.cached ? 'point cached' : 'point'))
      .attr('cx', (d) => x(d.index))
      .attr('cy', (d) => y(d.reward));
    drawPointsCanvas(
      this.canvas,
      this.root,
      { ...MARGIN, top },
      useCanvas ? points : [],
      x,
      y,
      width,
      height,
    );
    drawAccuracy(plot, useCanvas ? [] : penalised, x, y);

    // Means per epsilon step, then the running best, above the points.
    layer(plot, 'means')
      .selectAll<SVGLineElement, EpsilonGroup>('line.step-mean')
      .data(groups, (d) => d.key)
      .join('line')
      .attr('class', 'step-mean')
      .attr('data-epsilon', (d) => d.epsilon)
      .attr('data-mean', (d) => d.mean)
      .attr('x1', (d) => x(d.first - 0.5) + 3)
      .attr('x2', (d) => Math.max(x(d.first - 0.5) + 3, x(d.last + 0.5) - 3))
      .attr('y1', (d) => y(d.mean))
      .attr('y2', (d) => y(d.mean));

    const best = runningBest(points);
    const lines = layer(plot, 'lines');
    let bestPath = lines.select<SVGPathElement>('path.best-line');
    if (bestPath.empty()) bestPath = lines.append('path').attr('class', 'best-line');
    bestPath.attr(
      'd',
      line<[number, number]>()
        .x((d) => x(d[0]))
        .y((d) => y(d[1]))
        .curve(curveStepAfter)(best) ?? '',
    );

    this.finder = quadtree<[number, number, RewardPoint]>()
      .x((d) => d[0])
      .y((d) => d[1])
      .addAll(points.map((p) => [x(p.index), y(p.reward), p]));
    this.attachHover(plot, w, h, radius, top);

    emptyNote(plot, points.length === 0 ? this.text('reward.empty') : null, w, h);
  }

  /** The key to the marks, wrapped into rows no wider than the plot; returns the number of rows. */
  private drawLegend(plot: ReturnType<typeof layer>, w: number, shaped: boolean): number {
    const legend = layer(plot, 'legend');
    // Rebuilt when the items or their language change.
    const key = `${shaped}|${this.text('reward.trained')}`;
    if (legend.attr('data-key') !== key) {
      legend.selectAll('*').remove();
      legend.attr('data-shaped', String(shaped)).attr('data-key', key);
      const items: { label: string; draw: (g: ReturnType<typeof layer>) => void }[] = [
        {
          label: this.text(shaped ? 'reward.shaped' : 'reward.trained'),
          draw: (g) => g.append('circle').attr('class', 'swatch-point').attr('r', 4.5),
        },
        ...(shaped
          ? [
              {
                label: this.text('reward.accuracy'),
                draw: (g: ReturnType<typeof layer>) =>
                  g
                    .append('rect')
                    .attr('class', 'swatch-accuracy')
                    .attr('width', 7)
                    .attr('height', 7)
                    .attr('transform', 'rotate(45) translate(-3.5,-3.5)'),
              },
            ]
          : []),
        {
          label: this.text('reward.cached'),
          draw: (g) => g.append('circle').attr('class', 'swatch-cached').attr('r', 4.5),
        },
        {
          label: this.text('reward.best'),
          draw: (g) => g.append('line').attr('class', 'swatch-best').attr('x1', -9).attr('x2', 9),
        },
        {
          label: this.text('reward.mean'),
          draw: (g) => g.append('line').attr('class', 'swatch-mean').attr('x1', -8).attr('x2', 8),
        },
      ];
      for (const item of items) {
        const g = legend.append('g').attr('class', 'legend-item').attr('data-label', item.label);
        item.draw(g);
        g.append('text').attr('x', 14).attr('dominant-baseline', 'central').text(item.label);
      }
    }
    // Each item: swatch (centred at 0), 14 px to its text, 22 px to the next item.
    let cursor = 10;
    let row = 0;
    legend.selectAll<SVGGElement, unknown>('g.legend-item').each(function () {
      const width = 14 + measureText(this.querySelector('text')?.textContent ?? '', LEGEND_FONT);
      if (cursor > 10 && cursor + width > w + MARGIN.right) {
        cursor = 10;
        row += 1;
      }
      this.setAttribute('transform', `translate(${cursor},${row * LEGEND_ROW})`);
      cursor += width + 22;
    });
    return row + 1;
  }

  private attachHover(
    plot: ReturnType<typeof layer>,
    w: number,
    h: number,
    radius: number,
    top: number,
  ): void {
    let target = plot.select<SVGRectElement>('rect.hover-target');
    if (target.empty()) target = plot.append('rect').attr('class', 'hover-target');
    target.attr('width', w).attr('height', h).attr('fill', 'transparent').style('pointer-events', 'all');
    let ring = plot.select<SVGCircleElement>('circle.hover-point');
    if (ring.empty()) ring = plot.append('circle').attr('class', 'hover-point').style('display', 'none');
    const hide = () => {
      ring.style('display', 'none');
      this.tooltip.hide();
    };
    target
      .on('pointermove', (event: PointerEvent) => {
        const rect = (event.currentTarget as SVGRectElement).getBoundingClientRect();
        const mx = event.clientX - rect.left;
        const my = event.clientY - rect.top;
        const hit = this.finder?.find(mx, my, 24);
        if (!hit) return hide();
        const [px, py, p] = hit;
        ring
          .style('display', null)
          .attr('cx', px)
          .attr('cy', py)
          .attr('r', radius + 3);
        this.tooltip.show(
          [
            p.arch,
            this.text('reward.tipReward', { index: p.index, reward: fmtReward(p.reward) }) +
              (p.accuracy !== undefined && p.accuracy !== p.reward
                ? this.text('reward.tipAccuracy', { accuracy: fmtReward(p.accuracy) })
                : ''),
            `${this.data?.noSchedule ? '' : `ε = ${formatEpsilon(p.epsilon)} · `}${this.text(p.cached ? 'reward.tipCached' : 'reward.tipTrained')}`,
          ],
          px + MARGIN.left,
          py + top,
        );
      })
      .on('pointerleave', hide);
  }
}
