/**
 * The Q-table as a canvas heat map: one row per state (grouped by depth), one column per
 * action, each cell coloured by Q with viridis (colour-blind safe). Only the rows in view are
 * drawn, so thousands of entries scroll smoothly. Framework-free class.
 */
import { format, interpolateViridis } from 'd3';
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
import { drawGroup, drawHeader, drawLegend, drawOutlines, type Outline } from './qtableDraw';
import {
  CELL_GAP,
  GROUP_H,
  ROW_H,
  cellKey,
  computeLayout,
  firstVisible,
  summarize,
  summaryText,
  type Item,
  type Layout,
  type QTableAction,
  type QTableCellRef,
  type QTableData,
  type QTableSummary,
} from './qtableLayout';

export {
  summarize,
  summaryText,
  type QTableAction,
  type QTableCellRef,
  type QTableData,
  type QTableRow,
  type QTableSummary,
} from './qtableLayout';

const LABEL_FONT = `12px ${CANVAS_MONO}`;
const LABEL_FONT_BOLD = `bold 12px ${CANVAS_MONO}`;
const fmtQ = format('.4f');

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

  /** What the header was last drawn from (see relayout). */
  private headerKey = '';

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
    drawLegend(this.legendEl, this.root, this.gradientId, this.colorDomain(), this.data?.initialQ ?? 0.5);
    // The rotated action names change only with the columns, the width or the theme: redrawing
    // them at every update cost the NAS-Bench-201 lesson's main thread (issue #22's long tasks).
    const { columnNames, labelW, cellW, columns } = this.layout;
    const headerKey = JSON.stringify([
      columnNames,
      labelW,
      cellW,
      columns,
      width,
      globalThis.devicePixelRatio ?? 1,
      cssVar(this.root, '--muted', ''),
    ]);
    if (headerKey !== this.headerKey) drawHeader(this.header, this.root, this.layout, width);
    this.headerKey = headerKey;
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

  /** Q at the ends of the viridis scale: the data's fixed domain, else the table's range with Q0. */
  private colorDomain(): [number, number] {
    const initial = this.data?.initialQ ?? 0.5;
    const fixed = this.data?.colorDomain;
    let lo = fixed ? fixed[0] : Math.min(this.stats.min ?? initial, initial);
    let hi = fixed ? fixed[1] : Math.max(this.stats.max ?? initial, initial);
    if (hi - lo < 1e-6) {
      lo -= 0.05;
      hi += 0.05;
    }
    return [lo, hi];
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
      ctx.fillText(chartText('qtable.empty'), 8, 20);
      return;
    }
    const scrollTop = this.scroller.scrollTop;
    const [lo, hi] = this.colorDomain();
    const color = (q: number) => interpolateViridis(Math.max(0, Math.min(1, (q - lo) / (hi - lo))));
    const cellH = ROW_H - CELL_GAP;
    const cw = cellW - CELL_GAP;
    const outlines: Outline[] = [];

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
        drawGroup(ctx, item, y, width, colors);
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
    drawOutlines(ctx, outlines, cw, cellH, colors);
    // The group of the top row stays pinned so the depth is always visible.
    if (currentGroup && currentGroup.y < scrollTop) drawGroup(ctx, currentGroup, 0, width, colors);
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
