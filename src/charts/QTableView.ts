/**
 * The Q-table as a canvas heat map: one row per state (grouped by depth), one column per
 * action, each cell coloured by Q with viridis (colour-blind safe). Only the rows in view are
 * drawn, so thousands of entries scroll smoothly. Framework-free class.
 */
import { axisBottom, format, interpolateViridis, scaleLinear, select } from 'd3';
import { chartText, watchLanguage } from './chartText';
import {
  CANVAS_MONO,
  CANVAS_SANS,
  Tooltip,
  createRoot,
  cssVar,
  ellipsize,
  fitCanvas,
  uniqueId,
  watchSize,
  watchTheme,
} from './common';

/** One Q-value of a state. */
export interface QTableAction {
  /** Canonical action string, e.g. `C(32,3,1)`, `P(2,2)`, `SM`. */
  action: string;
  q: number;
  /** True once Q(state, action) has been updated at least once. */
  visited: boolean;
}

/** One state and the Q-values of its legal actions. */
export interface QTableRow {
  /** Canonical state string, e.g. `2:P(2,2)|R4|fc0`. */
  state: string;
  /** Layer depth of the state, used to group rows. */
  depth: number;
  actions: readonly QTableAction[];
}

/** A (state, action) pair, e.g. one step of a trajectory. */
export interface QTableCellRef {
  state: string;
  action: string;
}

export interface QTableData {
  rows: readonly QTableRow[];
  /** Initial value of every Q(s, u); marked on the legend, and "updated" means q !== initialQ. */
  initialQ: number;
  /** Cells of the last trajectory: drawn with a strong outline. */
  highlight: readonly QTableCellRef[];
  /** Cells changed by the last learning step (e.g. replay): drawn with a thin outline. */
  touched?: readonly QTableCellRef[];
  /** Explain mode: the one cell being explained, drawn with the thickest outline and scrolled
   * into view; the root's `data-focus-state|action|q` name it and the Q it is drawn with. */
  focus?: QTableCellRef | null;
}

/** Counts shown in `.qtable-summary`. `min`/`max` are null while the table is empty. */
export interface QTableSummary {
  states: number;
  values: number;
  /** Entries whose q !== initialQ. */
  updated: number;
  min: number | null;
  max: number | null;
}

/** Above this many distinct actions, cells are packed per row instead of aligned in columns. */
const MAX_COLUMNS = 48;
const ROW_H = 20;
const CELL_GAP = 2;
const GROUP_H = 30;
const HEADER_FONT = `12px ${CANVAS_MONO}`;
const LABEL_FONT = `12px ${CANVAS_MONO}`;
const LABEL_FONT_BOLD = `bold 12px ${CANVAS_MONO}`;
const GROUP_FONT = `600 13px ${CANVAS_SANS}`;
const fmtQ = format('.4f');
const fmtRange = format('.3f');
const KIND_ORDER = ['C', 'P', 'FC', 'GAP', 'SM'];

type Item =
  { kind: 'group'; y: number; depth: number; count: number } | { kind: 'row'; y: number; row: QTableRow };

interface Layout {
  items: Item[];
  total: number;
  columns: Map<string, number> | null;
  columnNames: string[];
  labelW: number;
  cellW: number;
}

const cellKey = (state: string, action: string) => `${state}\u0000${action}`;

export class QTableView {
  private readonly root: HTMLDivElement;
  private readonly summaryEl: HTMLDivElement;
  private readonly legendEl: SVGSVGElement;
  private readonly header: HTMLCanvasElement;
  private readonly scroller: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer: HTMLDivElement;
  private readonly tooltip: Tooltip;
  private readonly disposers: (() => void)[] = [];
  private data: QTableData | null = null;
  private layout: Layout = { items: [], total: 0, columns: null, columnNames: [], labelW: 0, cellW: 0 };
  private stats: QTableSummary = { states: 0, values: 0, updated: 0, min: null, max: null };
  private highlight = new Set<string>();
  private highlightStates = new Set<string>();
  private touched = new Set<string>();
  private focus: string | null = null;
  private hover: { state: string; action: string } | null = null;
  private frame = 0;
  private readonly gradientId = uniqueId('qtable-gradient');

  constructor(el: HTMLElement) {
    this.root = createRoot(el, 'qtable-view');
    const top = document.createElement('div');
    top.className = 'qtable-top';
    this.summaryEl = document.createElement('div');
    this.summaryEl.className = 'qtable-summary';
    this.legendEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.legendEl.setAttribute('class', 'qtable-legend');
    top.append(this.summaryEl, this.legendEl);
    this.header = document.createElement('canvas');
    this.header.className = 'qtable-header';
    this.scroller = document.createElement('div');
    this.scroller.className = 'qtable-scroll';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'qtable-canvas';
    this.spacer = document.createElement('div');
    this.spacer.className = 'qtable-spacer';
    this.scroller.append(this.canvas, this.spacer);
    this.root.append(top, this.header, this.scroller);
    this.tooltip = new Tooltip(this.root);

    const onScroll = () => this.schedule();
    this.scroller.addEventListener('scroll', onScroll, { passive: true });
    const onMove = (e: PointerEvent) => this.onPointer(e);
    const onLeave = () => this.setHover(null);
    this.canvas.addEventListener('pointermove', onMove);
    this.canvas.addEventListener('pointerleave', onLeave);
    this.disposers.push(
      () => this.scroller.removeEventListener('scroll', onScroll),
      () => this.canvas.removeEventListener('pointermove', onMove),
      () => this.canvas.removeEventListener('pointerleave', onLeave),
      watchSize(this.root, () => this.relayout()),
      watchTheme(() => this.relayout()),
      // The summary, legend and group titles are words: a language switch redraws them.
      watchLanguage(() => this.relayout()),
    );
    this.relayout();
  }

  /** Shows `data`; keeps the scroll position. */
  update(data: QTableData): void {
    this.data = data;
    this.highlight = new Set(data.highlight.map((c) => cellKey(c.state, c.action)));
    this.highlightStates = new Set(data.highlight.map((c) => c.state));
    this.touched = new Set((data.touched ?? []).map((c) => cellKey(c.state, c.action)));
    const focus = data.focus ? cellKey(data.focus.state, data.focus.action) : null;
    const moved = focus !== this.focus;
    this.focus = focus;
    this.stats = summarize(data);
    this.relayout();
    this.markFocus(data);
    if (moved && data.focus) this.scrollToCell(data.focus);
  }

  /** Names the focused cell and the Q it is drawn with on the root (for tests and tools). */
  private markFocus(data: QTableData): void {
    const cell = data.focus;
    const row = cell ? data.rows.find((r) => r.state === cell.state) : undefined;
    const entry = cell ? row?.actions.find((a) => a.action === cell.action) : undefined;
    if (!cell || !entry) {
      delete this.root.dataset.focusState;
      delete this.root.dataset.focusAction;
      delete this.root.dataset.focusQ;
      return;
    }
    this.root.dataset.focusState = cell.state;
    this.root.dataset.focusAction = cell.action;
    this.root.dataset.focusQ = String(entry.q);
  }

  /** Scrolls the cell's row into view if it is not. */
  private scrollToCell(cell: QTableCellRef): void {
    const item = this.layout.items.find((it) => it.kind === 'row' && it.row.state === cell.state);
    if (!item) return;
    const top = this.scroller.scrollTop;
    const vh = this.viewportHeight();
    if (item.y < top + GROUP_H || item.y + ROW_H > top + vh) {
      this.scroller.scrollTop = Math.max(0, item.y - Math.floor(vh / 3));
    }
  }

  /** Back to the empty table. */
  reset(): void {
    this.data = null;
    this.highlight.clear();
    this.highlightStates.clear();
    this.touched.clear();
    this.focus = null;
    delete this.root.dataset.focusState;
    delete this.root.dataset.focusAction;
    delete this.root.dataset.focusQ;
    this.hover = null;
    this.tooltip.hide();
    this.stats = { states: 0, values: 0, updated: 0, min: null, max: null };
    this.scroller.scrollTop = 0;
    this.relayout();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    for (const dispose of this.disposers) dispose();
    this.root.remove();
  }

  /** Counts behind the `.qtable-summary` line. */
  summary(): QTableSummary {
    return { ...this.stats };
  }

  /** Scrolls so the first row of `state` is in view (no-op when absent). */
  scrollToState(state: string): void {
    const item = this.layout.items.find((it) => it.kind === 'row' && it.row.state === state);
    if (item) this.scroller.scrollTop = Math.max(0, item.y - ROW_H * 2);
  }

  private relayout(): void {
    // One span per part so a narrow panel wraps between parts, never inside one.
    const parts = summaryText(this.stats).split(' · ');
    this.summaryEl.replaceChildren(
      ...parts.flatMap((part, i) => {
        const span = document.createElement('span');
        span.textContent = part;
        return i === 0 ? [span] : [' · ', span];
      }),
    );
    const width = Math.max(200, this.scroller.clientWidth || this.root.clientWidth);
    this.layout = computeLayout(this.data, width);
    this.spacer.style.height = `${Math.max(0, this.layout.total - this.viewportHeight())}px`;
    this.drawLegend();
    this.drawHeader(width);
    this.draw();
  }

  private viewportHeight(): number {
    return Math.max(40, this.scroller.clientHeight);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private colorDomain(): [number, number] {
    const initial = this.data?.initialQ ?? 0.5;
    let lo = Math.min(this.stats.min ?? initial, initial);
    let hi = Math.max(this.stats.max ?? initial, initial);
    if (hi - lo < 1e-6) {
      lo -= 0.05;
      hi += 0.05;
    }
    return [lo, hi];
  }

  private drawLegend(): void {
    const svg = select(this.legendEl);
    const barW = 180;
    const left = 118;
    const barY = 20;
    const width = left + barW + 72;
    const height = 50;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    const [lo, hi] = this.colorDomain();
    const x = scaleLinear().domain([lo, hi]).range([0, barW]);
    if (svg.select('defs').empty()) {
      const grad = svg.append('defs').append('linearGradient').attr('id', this.gradientId);
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
        .attr('fill', `url(#${this.gradientId})`);
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
    svg.select('.unvisited-swatch').attr('fill', cssVar(this.root, '--cell-empty', '#e3e6ea'));
    const bar = svg.select<SVGGElement>('.legend.bar');
    bar
      .select<SVGGElement>('.axis')
      .call(axisBottom(x).ticks(3).tickFormat(x.tickFormat(3)).tickSize(4).tickSizeOuter(0))
      .call((g) => g.select('.domain').remove());
    const initial = this.data?.initialQ ?? 0.5;
    const mx = x(initial);
    bar.select('.initial-marker').attr('d', `M${mx - 5},-7 L${mx + 5},-7 L${mx},-1 Z`);
    const label = chartText('qtable.initial', { value: initial });
    const anchor = mx < 30 ? 'start' : mx > barW - 30 ? 'end' : 'middle';
    bar
      .select('.initial-label')
      .attr('x', anchor === 'start' ? mx - 6 : anchor === 'end' ? mx + 6 : mx)
      .attr('text-anchor', anchor)
      .text(label);
    svg.attr('data-initial-q', initial);
  }

  private drawHeader(width: number): void {
    const { columnNames, labelW, cellW, columns } = this.layout;
    if (!columns || columnNames.length === 0) {
      this.header.style.display = 'none';
      return;
    }
    this.header.style.display = 'block';
    const ctx0 = this.header.getContext('2d');
    if (!ctx0) return;
    ctx0.font = HEADER_FONT;
    const longest = Math.max(...columnNames.map((n) => ctx0.measureText(n).width));
    const height = Math.ceil(longest + 12);
    const ctx = fitCanvas(this.header, width, height);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    ctx.font = HEADER_FONT;
    ctx.fillStyle = cssVar(this.root, '--muted', '#5b6673');
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
    ctx.fillStyle = cssVar(this.root, '--muted', '#5b6673');
    ctx.font = `12px ${CANVAS_SANS}`;
    ctx.textBaseline = 'bottom';
    ctx.fillText(chartText('qtable.corner'), 4, height - 4);
  }

  private draw(): void {
    const width = Math.max(200, this.scroller.clientWidth || this.root.clientWidth);
    const vh = this.viewportHeight();
    const ctx = fitCanvas(this.canvas, width, vh);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, vh);
    const { items, columns, labelW, cellW } = this.layout;
    const colors = {
      fg: cssVar(this.root, '--fg', '#1d2530'),
      muted: cssVar(this.root, '--muted', '#5b6673'),
      grid: cssVar(this.root, '--grid', '#e2e6eb'),
      empty: cssVar(this.root, '--cell-empty', '#e3e6ea'),
      bg: cssVar(this.root, '--bg-elev', '#ffffff'),
      accent: cssVar(this.root, '--accent', '#0072b2'),
      accent2: cssVar(this.root, '--accent-2', '#d55e00'),
    };
    if (items.length === 0) {
      ctx.fillStyle = colors.muted;
      ctx.font = `italic 13px ${CANVAS_SANS}`;
      ctx.textBaseline = 'middle';
      ctx.fillText('Q-values appear here once the first model has been trained', 8, 20);
      return;
    }
    const scrollTop = this.scroller.scrollTop;
    const [lo, hi] = this.colorDomain();
    const color = (q: number) => interpolateViridis(Math.max(0, Math.min(1, (q - lo) / (hi - lo))));
    const cellH = ROW_H - CELL_GAP;
    const cw = cellW - CELL_GAP;
    const outlines: { x: number; y: number; kind: 'highlight' | 'touched' | 'hover' | 'focus' }[] = [];

    let i = firstVisible(items, scrollTop);
    let currentGroup: Extract<Item, { kind: 'group' }> | null = null;
    for (let g = i; g >= 0; g--) {
      const candidate = items[g]!;
      if (candidate.kind === 'group') {
        currentGroup = candidate;
        break;
      }
    }
    for (; i < items.length; i++) {
      const item = items[i]!;
      const y = item.y - scrollTop;
      if (y > vh) break;
      if (item.kind === 'group') {
        this.drawGroup(ctx, item, y, width, colors);
        continue;
      }
      const row = item.row;
      const rowHighlighted = this.highlightStates.has(row.state);
      ctx.font = rowHighlighted ? LABEL_FONT_BOLD : LABEL_FONT;
      ctx.fillStyle = rowHighlighted ? colors.fg : colors.muted;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      if (rowHighlighted) {
        ctx.fillStyle = colors.accent2;
        ctx.fillRect(0, y + 2, 3, cellH - 4);
        ctx.fillStyle = colors.fg;
      }
      ctx.fillText(ellipsize(ctx, row.state, labelW - 18), 8, y + cellH / 2 + 0.5);
      row.actions.forEach((a, j) => {
        const col = columns ? (columns.get(a.action) ?? j) : j;
        const x = labelW + col * cellW;
        ctx.fillStyle = a.visited ? color(a.q) : colors.empty;
        ctx.fillRect(x, y, cw, cellH);
        const key = cellKey(row.state, a.action);
        if (key === this.focus) outlines.push({ x, y, kind: 'focus' });
        else if (this.highlight.has(key)) outlines.push({ x, y, kind: 'highlight' });
        else if (this.touched.has(key)) outlines.push({ x, y, kind: 'touched' });
        if (this.hover && this.hover.state === row.state && this.hover.action === a.action)
          outlines.push({ x, y, kind: 'hover' });
      });
    }
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
    // The group of the top row stays pinned so the depth is always visible.
    if (currentGroup && currentGroup.y < scrollTop) this.drawGroup(ctx, currentGroup, 0, width, colors);
  }

  private drawGroup(
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

  private onPointer(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const cell = this.cellAt(px, py + this.scroller.scrollTop);
    this.setHover(cell);
    if (!cell) return;
    const rootRect = this.root.getBoundingClientRect();
    this.tooltip.show(
      [
        `${cell.state} · ${cell.action} · Q = ${fmtQ(cell.q)}`,
        cell.visited
          ? chartText('qtable.tipUpdated')
          : chartText('qtable.tipInitial', { value: this.data?.initialQ ?? '' }),
        ...(this.highlight.has(cellKey(cell.state, cell.action)) ? [chartText('qtable.tipLast')] : []),
      ],
      e.clientX - rootRect.left,
      e.clientY - rootRect.top,
    );
  }

  private setHover(cell: { state: string; action: string } | null): void {
    const same = cell?.state === this.hover?.state && cell?.action === this.hover?.action;
    this.hover = cell ? { state: cell.state, action: cell.action } : null;
    if (!cell) this.tooltip.hide();
    if (!same) this.schedule();
  }

  /** The cell under content coordinates (x, y), or null. */
  private cellAt(x: number, y: number): (QTableAction & { state: string }) | null {
    const { items, columns, labelW, cellW } = this.layout;
    const i = firstVisible(items, y);
    const item = items[i];
    if (!item || item.kind !== 'row' || y > item.y + ROW_H - CELL_GAP) return null;
    // The pinned group header covers the top of the viewport.
    if (
      y - this.scroller.scrollTop < GROUP_H - 4 &&
      items.some((it) => it.kind === 'group' && it.y < this.scroller.scrollTop)
    )
      return null;
    if (x < labelW) return null;
    const col = Math.floor((x - labelW) / cellW);
    if (x - labelW - col * cellW > cellW - CELL_GAP) return null;
    const action = columns
      ? item.row.actions.find((a) => columns.get(a.action) === col)
      : item.row.actions[col];
    return action ? { ...action, state: item.row.state } : null;
  }
}

/** Counts, updated entries (q !== initialQ) and the observed range of a table. */
export function summarize(data: QTableData): QTableSummary {
  let values = 0;
  let updated = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const row of data.rows) {
    for (const a of row.actions) {
      values += 1;
      if (a.q !== data.initialQ) updated += 1;
      if (a.q < min) min = a.q;
      if (a.q > max) max = a.q;
    }
  }
  return {
    states: data.rows.length,
    values,
    updated,
    min: values > 0 ? min : null,
    max: values > 0 ? max : null,
  };
}

/** "N states · M Q-values · K updated · range a–b". */
export function summaryText(s: QTableSummary): string {
  const base = chartText('qtable.summary', { states: s.states, values: s.values, updated: s.updated });
  return s.min === null || s.max === null
    ? base
    : chartText('qtable.summaryRange', { base, min: fmtRange(s.min), max: fmtRange(s.max) });
}

/** Index of the last item starting at or above content y (binary search). */
function firstVisible(items: Item[], y: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (items[mid]!.y <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** Orders actions by kind (C, P, FC, GAP, SM, others) and then by their numbers. */
function compareActions(a: string, b: string): number {
  const ka = actionKey(a);
  const kb = actionKey(b);
  if (ka.kind !== kb.kind) return ka.kind - kb.kind;
  for (let i = 0; i < Math.max(ka.nums.length, kb.nums.length); i++) {
    const d = (ka.nums[i] ?? -1) - (kb.nums[i] ?? -1);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function actionKey(action: string): { kind: number; nums: number[] } {
  const m = /^([A-Za-z]+)(?:\(([^)]*)\))?/.exec(action);
  const idx = m ? KIND_ORDER.indexOf(m[1]!.toUpperCase()) : -1;
  const nums = (m?.[2] ?? '').split(',').map(Number).filter(Number.isFinite);
  return { kind: idx === -1 ? KIND_ORDER.length : idx, nums };
}

function computeLayout(data: QTableData | null, width: number): Layout {
  const labelW = Math.round(Math.max(140, Math.min(250, width * 0.3)));
  if (!data || data.rows.length === 0)
    return { items: [], total: 0, columns: null, columnNames: [], labelW, cellW: 0 };
  const names = new Set<string>();
  let widest = 0;
  for (const row of data.rows) {
    widest = Math.max(widest, row.actions.length);
    for (const a of row.actions) names.add(a.action);
  }
  const aligned = names.size <= MAX_COLUMNS;
  const columnNames = aligned ? [...names].sort(compareActions) : [];
  const columns = aligned ? new Map(columnNames.map((n, i) => [n, i])) : null;
  const count = aligned ? columnNames.length : widest;
  const cellW = Math.max(8, Math.min(40, Math.floor((width - labelW - 8) / Math.max(1, count))));

  const byDepth = new Map<number, QTableRow[]>();
  for (const row of data.rows) {
    const list = byDepth.get(row.depth);
    if (list) list.push(row);
    else byDepth.set(row.depth, [row]);
  }
  const items: Item[] = [];
  let y = 0;
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const rows = byDepth.get(depth)!;
    items.push({ kind: 'group', y, depth, count: rows.length });
    y += GROUP_H;
    for (const row of rows) {
      items.push({ kind: 'row', y, row });
      y += ROW_H;
    }
    y += 6;
  }
  return { items, total: y, columns, columnNames, labelW, cellW };
}
