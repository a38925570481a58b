/** Painting of the Q-table view: colour legend, rotated column header, depth group titles, cell outlines. */
import { axisBottom, interpolateViridis, scaleLinear, select } from 'd3';
import { chartText } from './chartText';
import { CANVAS_MONO, CANVAS_SANS, cssVar, fitCanvas } from './common';
import { CELL_GAP, GROUP_H, type Item, type Layout } from './qtableLayout';

const HEADER_FONT = `12px ${CANVAS_MONO}`;
const GROUP_FONT = `600 13px ${CANVAS_SANS}`;

/** A cell to outline: its top-left corner on the canvas, px, and why. */
export interface Outline {
  x: number;
  y: number;
  kind: 'highlight' | 'touched' | 'hover' | 'focus';
}

/** Theme colours the canvas is painted with. */
export interface CanvasColors {
  fg: string;
  muted: string;
  grid: string;
  empty: string;
  bg: string;
  accent: string;
  accent2: string;
}

/** The viridis bar over Q in [lo, hi] with the initial Q marked, and the "not updated" swatch. */
export function drawLegend(
  legendEl: SVGSVGElement,
  root: HTMLElement,
  gradientId: string,
  [lo, hi]: [number, number],
  initial: number,
): void {
  const svg = select(legendEl);
  const barW = 180;
  const left = 118;
  const barY = 20;
  const width = left + barW + 72;
  const height = 50;
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const x = scaleLinear().domain([lo, hi]).range([0, barW]);
  if (svg.select('defs').empty()) {
    const grad = svg.append('defs').append('linearGradient').attr('id', gradientId);
    for (let i = 0; i <= 10; i++) {
      grad
        .append('stop')
        .attr('offset', `${i * 10}%`)
        .attr('stop-color', interpolateViridis(i / 10));
    }
    const unvisited = svg
      .append('g')
      .attr('class', 'legend unvisited')
      .attr('transform', `translate(0,${barY})`);
    unvisited
      .append('rect')
      .attr('class', 'unvisited-swatch')
      .attr('width', 14)
      .attr('height', 12)
      .attr('rx', 2);
    unvisited.append('text').attr('x', 20).attr('y', 6).attr('dominant-baseline', 'central');
    const bar = svg.append('g').attr('class', 'legend bar').attr('transform', `translate(${left},${barY})`);
    bar
      .append('rect')
      .attr('width', barW)
      .attr('height', 12)
      .attr('rx', 2)
      .attr('fill', `url(#${gradientId})`);
    bar.append('g').attr('class', 'axis').attr('transform', 'translate(0,12)');
    bar.append('path').attr('class', 'initial-marker');
    bar.append('text').attr('class', 'initial-label').attr('y', -9);
    bar
      .append('text')
      .attr('class', 'legend-title')
      .attr('x', barW + 10)
      .attr('y', 6)
      .attr('dominant-baseline', 'central');
  }
  svg.select('.legend.unvisited text').text(chartText('qtable.notUpdated'));
  svg.select('.legend-title').text(chartText('qtable.qValue'));
  svg.select('.unvisited-swatch').attr('fill', cssVar(root, '--cell-empty', '#e3e6ea'));
  const bar = svg.select<SVGGElement>('.legend.bar');
  bar
    .select<SVGGElement>('.axis')
    .call(axisBottom(x).ticks(3).tickFormat(x.tickFormat(3)).tickSize(4).tickSizeOuter(0))
    .call((g) => g.select('.domain').remove());
  const mx = x(initial);
  bar.select('.initial-marker').attr('d', `M${mx - 5},-7 L${mx + 5},-7 L${mx},-1 Z`);
  const label = chartText('qtable.initial', { value: initial });
  const anchor = mx < 30 ? 'start' : mx > barW - 30 ? 'end' : 'middle';
  bar
    .select('.initial-label')
    .attr('x', anchor === 'start' ? mx - 6 : anchor === 'end' ? mx + 6 : mx)
    .attr('text-anchor', anchor)
    .text(label);
  svg.attr('data-initial-q', initial).attr('data-domain', `${lo},${hi}`);
}

/** The action names, rotated, above aligned columns; hidden when cells are packed per row. */
export function drawHeader(
  header: HTMLCanvasElement,
  root: HTMLElement,
  layout: Layout,
  width: number,
): void {
  const { columnNames, labelW, cellW, columns } = layout;
  if (!columns || columnNames.length === 0) {
    header.style.display = 'none';
    return;
  }
  header.style.display = 'block';
  const ctx0 = header.getContext('2d');
  if (!ctx0) return;
  ctx0.font = HEADER_FONT;
  const longest = Math.max(...columnNames.map((n) => ctx0.measureText(n).width));
  const height = Math.ceil(longest + 12);
  const ctx = fitCanvas(header, width, height);
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  ctx.font = HEADER_FONT;
  ctx.fillStyle = cssVar(root, '--muted', '#5b6673');
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const every = Math.max(1, Math.ceil(14 / cellW));
  columnNames.forEach((name, i) => {
    if (i % every !== 0) return;
    const cx = labelW + i * cellW + (cellW - CELL_GAP) / 2;
    ctx.save();
    ctx.translate(cx, height - 6);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(name, 0, 0);
    ctx.restore();
  });
  ctx.fillStyle = cssVar(root, '--muted', '#5b6673');
  ctx.font = `12px ${CANVAS_SANS}`;
  ctx.textBaseline = 'bottom';
  ctx.fillText(chartText('qtable.corner'), 4, height - 4);
}

/** A depth group's title, its state count and a rule, on an opaque band `y` px from the top. */
export function drawGroup(
  ctx: CanvasRenderingContext2D,
  item: Extract<Item, { kind: 'group' }>,
  y: number,
  width: number,
  colors: { fg: string; muted: string; grid: string; bg: string },
): void {
  ctx.fillStyle = colors.bg;
  ctx.fillRect(0, y, width, GROUP_H - 4);
  ctx.font = GROUP_FONT;
  ctx.fillStyle = colors.fg;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const title = chartText('qtable.depth', { depth: item.depth });
  ctx.fillText(title, 4, y + GROUP_H / 2 - 2);
  const tw = ctx.measureText(title).width;
  ctx.font = `12px ${CANVAS_SANS}`;
  ctx.fillStyle = colors.muted;
  const note = chartText('qtable.states', { count: item.count });
  ctx.fillText(note, 14 + tw, y + GROUP_H / 2 - 2);
  const nw = ctx.measureText(note).width;
  ctx.fillStyle = colors.grid;
  ctx.fillRect(24 + tw + nw, y + GROUP_H / 2 - 2, Math.max(0, width - 30 - tw - nw), 1);
}

/** Outlines cells `cw` x `cellH` px; sorts `outlines` in place. */
export function drawOutlines(
  ctx: CanvasRenderingContext2D,
  outlines: Outline[],
  cw: number,
  cellH: number,
  colors: CanvasColors,
): void {
  // The focus is drawn last, on top of its neighbours' outlines.
  outlines.sort((a, b) => Number(a.kind === 'focus') - Number(b.kind === 'focus'));
  for (const o of outlines) {
    if (o.kind === 'focus') {
      ctx.strokeStyle = colors.accent2;
      ctx.lineWidth = 4;
      ctx.strokeRect(o.x - 2, o.y - 2, cw + 4, cellH + 4);
      ctx.strokeStyle = colors.bg;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(o.x + 0.75, o.y + 0.75, cw - 1.5, cellH - 1.5);
    } else if (o.kind === 'touched') {
      ctx.strokeStyle = colors.accent2;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(o.x + 0.75, o.y + 0.75, cw - 1.5, cellH - 1.5);
    } else {
      // Dark and light rings together stay visible on every viridis colour in both themes.
      ctx.strokeStyle = o.kind === 'hover' ? colors.accent : colors.fg;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(o.x - 1.25, o.y - 1.25, cw + 2.5, cellH + 2.5);
      ctx.strokeStyle = colors.bg;
      ctx.lineWidth = 1;
      ctx.strokeRect(o.x + 0.5, o.y + 0.5, cw - 1, cellH - 1);
    }
  }
}
