/**
 * A one-shot search's architecture distribution as a heat map: one row per cell edge, one column
 * per op (its label on a bar of the op's colour), each cell shaded from paper (0) to ink (1) in one hue and its weight printed on it; the
 * heaviest op of each row is outlined and bold. Framework-free d3 class.
 */
import { interpolateHcl, select } from 'd3';
import './charts.css';
import './oneshotCharts.css';
import { CANVAS_SANS, cssVar, measureText } from './common';
import { emptyNote, layer, SvgChart } from './svgChart';

export interface AlphaHeatmapData {
  /** NAS-Bench-201 op ids, the columns (labelled `charts:dag.op.<op>`). */
  ops: readonly string[];
  /** Row labels, e.g. `0→1`. */
  rows: readonly string[];
  /** Weight of column `j` in row `i`, in [0, 1]; null before the first snapshot (an empty grid). */
  values: readonly (readonly number[])[] | null;
}

interface Cell {
  row: number;
  col: number;
  value: number | null;
  top: boolean;
}

const HEADER_FONT = `13px ${CANVAS_SANS}`;
const HEADER_LINE = 16;
const ROW_LABEL_W = 44;
/** Weights from which the printed number switches to the light-on-dark ink. */
const INK_SWITCH = 0.5;

export class AlphaHeatmap extends SvgChart<AlphaHeatmapData> {
  constructor(el: HTMLElement) {
    super(el, 'oneshot-chart alpha-heatmap');
    this.render();
  }

  /** Redraws only for new data: the store's source hands the same object back when nothing changed. */
  override update(data: AlphaHeatmapData): void {
    if (data !== this.data) super.update(data);
  }

  protected render(): void {
    const { width, height } = this.size();
    const ops = this.data?.ops ?? [];
    const rows = this.data?.rows ?? [];
    const values = this.data?.values ?? null;
    const cellW = Math.max(30, (width - ROW_LABEL_W - 4) / Math.max(1, ops.length));
    const labels = ops.map((op) => this.text(`dag.op.${op}`, { defaultValue: op }));
    const lines = labels.map((label) => wrap(label, cellW - 8));
    const headerH = Math.max(1, ...lines.map((l) => l.length)) * HEADER_LINE + 16;
    const cellH = Math.max(24, Math.min(44, (height - headerH - 4) / Math.max(1, rows.length)));
    this.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('data-rows', values ? rows.length : 0);

    const low = cssVar(this.root, '--heat-low', '#eef3f8');
    const high = cssVar(this.root, '--heat-high', '#0b4a84');
    const inkHigh = cssVar(this.root, '--heat-ink-high', '#ffffff');
    const ink = cssVar(this.root, '--fg', '#1d2530');
    const empty = cssVar(this.root, '--band', 'transparent');
    const shade = interpolateHcl(low, high);

    const header = layer(this.svg, 'header').attr('transform', `translate(${ROW_LABEL_W},0)`);
    const cols = header
      .selectAll<SVGGElement, string>('g.col')
      .data(ops)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'col');
        g.append('text').attr('class', 'col-label').attr('text-anchor', 'middle');
        g.append('rect').attr('class', 'col-swatch').attr('height', 3).attr('rx', 1.5);
        return g;
      })
      .attr('data-op', (op) => op)
      .attr('transform', (_, j) => `translate(${j * cellW + cellW / 2},0)`);
    // Each column's label sits on a bar of its op's colour (the stacked areas' colours).
    cols
      .select('rect.col-swatch')
      .attr('x', -cellW / 2 + 4)
      .attr('y', headerH - 7)
      .attr('width', Math.max(0, cellW - 8));
    cols.each(function (_, j) {
      const textLines = lines[j] ?? [];
      select(this)
        .select('text.col-label')
        .attr('y', headerH - 12 - textLines.length * HEADER_LINE)
        .selectAll('tspan')
        .data(textLines)
        .join('tspan')
        .attr('x', 0)
        .attr('dy', HEADER_LINE)
        .text((l) => l);
    });

    const body = layer(this.svg, 'body').attr('transform', `translate(0,${headerH})`);
    body
      .selectAll<SVGTextElement, string>('text.row-label')
      .data(rows)
      .join('text')
      .attr('class', 'row-label')
      .attr('x', ROW_LABEL_W - 10)
      .attr('y', (_, i) => i * cellH + cellH / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((r) => r);

    const cells: Cell[] = rows.flatMap((_, row) => {
      const rowValues = values?.[row] ?? null;
      const best = rowValues ? rowValues.indexOf(Math.max(...rowValues)) : -1;
      return ops.map((__, col) => ({ row, col, value: rowValues?.[col] ?? null, top: col === best }));
    });
    const grid = layer(body, 'grid').attr('transform', `translate(${ROW_LABEL_W},0)`);
    layer(body, 'note');
    const joined = grid
      .selectAll<SVGGElement, Cell>('g.cell')
      .data(cells, (c) => `${c.row}:${c.col}`)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'cell');
        g.append('rect').attr('class', 'fill');
        g.append('rect').attr('class', 'ring');
        g.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
        g.append('title');
        return g;
      })
      .classed('top', (c) => c.top && c.value !== null)
      .attr('data-value', (c) => (c.value === null ? null : c.value.toFixed(4)))
      .attr('transform', (c) => `translate(${c.col * cellW},${c.row * cellH})`);
    joined
      .select('rect.fill')
      .attr('width', cellW)
      .attr('height', cellH)
      .attr('rx', 4)
      .attr('fill', (c) => (c.value === null ? empty : shade(clamp01(c.value))));
    joined
      .select('rect.ring')
      .attr('x', 2.5)
      .attr('y', 2.5)
      .attr('width', Math.max(0, cellW - 5))
      .attr('height', Math.max(0, cellH - 5))
      .attr('rx', 3)
      .style('display', (c) => (c.top && c.value !== null ? null : 'none'))
      .style('stroke', (c) => (c.value !== null && c.value >= INK_SWITCH ? inkHigh : ink));
    joined
      .select('text')
      .attr('x', cellW / 2)
      .attr('y', cellH / 2)
      .style('fill', (c) => (c.value !== null && c.value >= INK_SWITCH ? inkHigh : ink))
      .text((c) => (c.value === null ? '' : c.value.toFixed(2)));
    joined
      .select('title')
      .text((c) => (c.value === null ? '' : `${rows[c.row]} · ${labels[c.col]}: ${c.value.toFixed(3)}`));

    // In a layer above the cells, which a later update may add after the note.
    emptyNote(
      layer(body, 'note').attr('transform', `translate(${ROW_LABEL_W},0)`),
      values === null ? this.text('oneshot.waiting') : null,
      cellW * Math.max(1, ops.length),
      cellH * Math.max(1, rows.length),
    );
  }
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/** `label` on one line when it fits `maxWidth`, else split at its last space onto two. */
function wrap(label: string, maxWidth: number): string[] {
  if (measureText(label, HEADER_FONT) <= maxWidth) return [label];
  const cut = label.lastIndexOf(' ');
  return cut > 0 ? [label.slice(0, cut), label.slice(cut + 1)] : [label];
}
