/** The Q-table view's data types and row layout: summary counts, depth groups and action columns. */
import { format } from 'd3';
import { chartText } from './chartText';

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
  /** Q at the ends of the colour scale, fixed by the caller (explain mode: the whole log's range,
   * so a colour keeps its value from step to step); absent: the table's own range and initialQ. */
  colorDomain?: readonly [number, number] | null;
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
/** Height of a state row, px. */
export const ROW_H = 20;
/** Gap between cells, px. */
export const CELL_GAP = 2;
/** Height of a depth group's title, px. */
export const GROUP_H = 30;
const fmtRange = format('.3f');
const KIND_ORDER = ['C', 'P', 'FC', 'GAP', 'SM'];

/** One line of the scrolling content at content y (px): a depth group's title or a state's row. */
export type Item =
  { kind: 'group'; y: number; depth: number; count: number } | { kind: 'row'; y: number; row: QTableRow };

/** Where everything is drawn: items, content height and column widths, px (columns null when packed). */
export interface Layout {
  items: Item[];
  total: number;
  columns: Map<string, number> | null;
  columnNames: string[];
  labelW: number;
  cellW: number;
}

/** The set key of a (state, action) cell. */
export const cellKey = (state: string, action: string) => `${state}\u0000${action}`;

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
export function firstVisible(items: Item[], y: number): number {
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

/** Groups the rows by depth and sizes the label and cell columns for a view `width` px wide. */
export function computeLayout(data: QTableData | null, width: number): Layout {
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
