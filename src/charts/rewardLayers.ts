/** Layers of the reward chart drawn from plain data: epsilon bands, accuracy marks and the points canvas. */
import { CANVAS_SANS, cssVar, fitCanvas, formatEpsilon, measureText } from './common';
import type { EpsilonGroup, RewardPoint } from './rewardSeries';
import { layer, type Margins } from './svgChart';

/**
 * Alternate epsilon steps shaded, each labelled `ε value` where it fits (no labels without a
 * schedule). The labels stand in the `strip` px above the plot, never over its points; the
 * shading reaches up into the strip so each label sits on its band.
 */
export function drawBands(
  plot: ReturnType<typeof layer>,
  groups: EpsilonGroup[],
  x: (v: number) => number,
  h: number,
  noSchedule: boolean,
  strip: number,
): void {
  const rise = noSchedule ? 0 : strip;
  const bands = layer(plot, 'bands');
  bands
    .selectAll<SVGRectElement, EpsilonGroup>('rect.band')
    .data(
      groups.filter((_, i) => i % 2 === 1),
      (d) => d.key,
    )
    .join('rect')
    .attr('class', 'band')
    .attr('x', (d) => x(d.first - 0.5))
    .attr('width', (d) => Math.max(0, x(d.last + 0.5) - x(d.first - 0.5)))
    .attr('y', -rise)
    .attr('height', h + rise);
  bands
    .selectAll<SVGTextElement, EpsilonGroup>('text.band-label')
    .data(groups, (d) => d.key)
    .join('text')
    .attr('class', 'band-label')
    .attr('text-anchor', 'middle')
    .attr('x', (d) => (x(d.first - 0.5) + x(d.last + 0.5)) / 2)
    .attr('y', -6)
    .text((d) => `ε ${formatEpsilon(d.epsilon)}`)
    .style('display', (d) => {
      if (noSchedule) return 'none';
      const room = x(d.last + 0.5) - x(d.first - 0.5);
      return room >= measureText(`ε ${formatEpsilon(d.epsilon)}`, `12px ${CANVAS_SANS}`) + 6 ? null : 'none';
    });
}

/** Accuracy marks linked to their reward: the link's length is the early-stop penalty. */
export function drawAccuracy(
  plot: ReturnType<typeof layer>,
  points: readonly RewardPoint[],
  x: (v: number) => number,
  y: (v: number) => number,
): void {
  const group = layer(plot, 'accuracy');
  group
    .selectAll<SVGLineElement, RewardPoint>('line.penalty-link')
    .data(points, (d) => d.index)
    .join('line')
    .attr('class', 'penalty-link')
    .attr('x1', (d) => x(d.index))
    .attr('x2', (d) => x(d.index))
    .attr('y1', (d) => y(d.accuracy!))
    .attr('y2', (d) => y(d.reward));
  group
    .selectAll<SVGRectElement, RewardPoint>('rect.accuracy-point')
    .data(points, (d) => d.index)
    .join('rect')
    .attr('class', 'accuracy-point')
    .attr('width', 7)
    .attr('height', 7)
    .attr('transform', (d) => `translate(${x(d.index)},${y(d.accuracy!)}) rotate(45) translate(-3.5,-3.5)`);
}

/** Points drawn on `canvas` (beyond SVG_POINT_LIMIT): trained ones filled, cached ones as rings. */
export function drawPointsCanvas(
  canvas: HTMLCanvasElement,
  root: HTMLElement,
  margin: Margins,
  points: readonly RewardPoint[],
  x: (v: number) => number,
  y: (v: number) => number,
  width: number,
  height: number,
): void {
  const ctx = fitCanvas(canvas, width, height);
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  if (points.length === 0) return;
  const accent = cssVar(root, '--accent', '#0072b2');
  ctx.save();
  ctx.translate(margin.left, margin.top);
  ctx.fillStyle = accent;
  ctx.globalAlpha = 0.6;
  ctx.beginPath();
  for (const p of points) {
    if (p.cached) continue;
    const px = x(p.index);
    const py = y(p.reward);
    ctx.moveTo(px + 2.4, py);
    ctx.arc(px, py, 2.4, 0, Math.PI * 2);
  }
  ctx.fill();
  ctx.globalAlpha = 0.8;
  ctx.strokeStyle = accent;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const p of points) {
    if (!p.cached) continue;
    const px = x(p.index);
    const py = y(p.reward);
    ctx.moveTo(px + 2.4, py);
    ctx.arc(px, py, 2.4, 0, Math.PI * 2);
  }
  ctx.stroke();
  ctx.restore();
}
