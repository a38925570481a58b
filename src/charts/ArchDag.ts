/**
 * An architecture drawn as a DAG: dagre lays it out, d3 draws rounded boxes (layer label and
 * output shape, coloured by kind with Okabe-Ito) and arrows. Generic nodes and edges, so
 * chains, blocks and cells all reuse it. A long chain that would shrink below legible text
 * is wrapped into rows, like lines of text; where the fitted drawing would still shrink the text
 * below the `--chart-min-text` minimum (presentation mode), the boxes' text is enlarged and the
 * graph laid out again. Framework-free d3 class.
 */
import { Graph, layout } from '@dagrejs/dagre';
import { curveBasis, line, select } from 'd3';
import { CANVAS_MONO, CANVAS_SANS, measureText, minTextPx, motionMs, uniqueId } from './common';
import { SvgChart } from './svgChart';

/**
 * Layer kinds with their own colour; anything else is drawn as `other`. Chains use `pool`,
 * `fc`, `gap` and `softmax`; BlockQNN blocks use `max-pool`, `avg-pool`, `identity`, `add`,
 * `concat` and `output` (the block's output concat and 1×1 conv). Each has a CSS custom
 * property `--kind-<kind>` in charts.css, so tables can reuse the colours.
 */
export type ArchNodeKind =
  | 'input'
  | 'conv'
  | 'pool'
  | 'max-pool'
  | 'avg-pool'
  | 'identity'
  | 'add'
  | 'concat'
  | 'fc'
  | 'gap'
  | 'softmax'
  | 'output'
  | 'other';

export interface ArchNode {
  id: string;
  /** First line, e.g. `C(32,3,1)`. */
  label: string;
  kind: ArchNodeKind;
  /** Second line, e.g. the output shape `14×14×32`. */
  detail: string;
}

export interface ArchEdge {
  from: string;
  to: string;
}

export interface ArchDagData {
  nodes: readonly ArchNode[];
  edges: readonly ArchEdge[];
}

/** Every kind in legend order; the legend names them from `charts:dag.kind.<kind>`. */
const KINDS: readonly ArchNodeKind[] = [
  'input',
  'conv',
  'pool',
  'max-pool',
  'avg-pool',
  'identity',
  'add',
  'concat',
  'fc',
  'gap',
  'softmax',
  'output',
  'other',
];

const NODE_H = 46;
/** Font sizes of a node's label and detail at text scale 1, viewBox units. */
const LABEL_PX = 14;
const DETAIL_PX = 12;
/** Layouts tried while enlarging the text towards the minimum. */
const TEXT_FIT_TRIES = 4;
const PAD_X = 16;
const NODE_SEP = 26;
const RANK_SEP = 38;
const ROW_GAP = 40;
const MARGIN = 14;
/** Largest zoom applied to a small graph, so three boxes do not fill a wall. */
const MAX_SCALE = 1.35;

interface Placed {
  node: ArchNode;
  x: number;
  y: number;
  width: number;
}

interface Placement {
  /** How much the node text (and so the boxes) is enlarged over LABEL_PX and DETAIL_PX. */
  textScale: number;
  nodes: Placed[];
  edges: { key: string; points: [number, number][] }[];
  width: number;
  height: number;
  direction: 'TB' | 'LR' | 'wrap';
}

/** Layouts an ArchDag keeps (oldest dropped first). */
const PLACEMENTS_KEPT = 64;

export class ArchDag extends SvgChart<ArchDagData> {
  private readonly arrowId = uniqueId('arch-arrow');
  private readonly legend: HTMLDivElement;
  /** The legend's height, without forcing a layout at each redraw. */
  private readonly legendHeight: () => number;

  constructor(el: HTMLElement) {
    super(el, 'arch-dag');
    const marker = this.svg
      .append('defs')
      .append('marker')
      .attr('id', this.arrowId)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse');
    marker.append('path').attr('class', 'arrowhead').attr('d', 'M0,0 L10,5 L0,10 z');
    this.svg.append('g').attr('class', 'edges');
    this.svg.append('g').attr('class', 'nodes');
    this.legend = document.createElement('div');
    this.legend.className = 'arch-legend';
    this.root.appendChild(this.legend);
    this.legendHeight = this.observedHeight(this.legend);
    this.render(false);
  }

  /** Layouts computed lately, by graph and box: a search proposes the same networks again and
   * again, and each layout runs dagre in two directions (issue #22's long tasks). */
  private readonly placements = new Map<string, Placement>();

  private placement(data: ArchDagData, width: number, height: number, minPx: number): Placement {
    const key = JSON.stringify([data.nodes, data.edges, width, height, minPx]);
    const known = this.placements.get(key);
    if (known) return known;
    const placed = legiblePlacement(data, width, height, minPx);
    if (this.placements.size >= PLACEMENTS_KEPT) this.placements.delete(this.placements.keys().next().value!);
    this.placements.set(key, placed);
    return placed;
  }

  protected render(animate: boolean): void {
    const data = this.data ?? { nodes: [], edges: [] };
    const size = this.size();
    const width = size.width;
    const height = Math.max(80, size.height - this.legendHeight());
    const placement = this.placement(data, width, height, minTextPx(this.root));
    const scale = fitScale(placement, width, height);
    // Centre the drawing in a viewBox the size of the container at that scale.
    const vw = width / scale;
    const vh = height / scale;
    const ox = (placement.width - vw) / 2;
    const oy = (placement.height - vh) / 2;
    this.svg
      .attr('viewBox', `${ox} ${oy} ${vw} ${vh}`)
      .attr('data-direction', placement.direction)
      .attr('data-nodes', data.nodes.length)
      .attr('data-scale', scale.toFixed(3))
      .attr('data-text-scale', placement.textScale.toFixed(3));
    const ms = animate ? motionMs() : 0;

    const nodes = this.svg
      .select<SVGGElement>('g.nodes')
      .selectAll<SVGGElement, Placed>('g.node')
      .data(placement.nodes, (d) => d.node.id)
      .join(
        (enter) => {
          const g = enter.append('g').attr('class', 'node');
          g.append('rect').attr('class', 'node-box').attr('rx', 8).attr('ry', 8);
          g.append('rect').attr('class', 'node-stripe').attr('rx', 2);
          g.append('text').attr('class', 'node-label').attr('text-anchor', 'middle');
          g.append('text').attr('class', 'node-detail').attr('text-anchor', 'middle');
          g.attr('transform', (d) => `translate(${d.x},${d.y})`);
          if (ms > 0) g.style('opacity', 0).transition('fade').duration(ms).style('opacity', 1);
          return g;
        },
        // A node that was fading out comes back whole.
        (update) => update.interrupt('fade').style('opacity', null),
        // Leaving nodes lose the `node` class at once, so they are neither joined again nor
        // counted while they fade out.
        (exit) =>
          ms > 0
            ? exit.attr('class', 'node-exit').transition('fade').duration(ms).style('opacity', 0).remove()
            : exit.remove(),
      )
      .attr('data-label', (d) => d.node.label)
      .attr('data-kind', (d) => kindOf(d.node.kind))
      .attr('data-id', (d) => d.node.id);
    const k = placement.textScale;
    const nodeH = NODE_H * k;
    (ms > 0 ? nodes.transition('move').duration(ms) : nodes).attr(
      'transform',
      (d) => `translate(${d.x},${d.y})`,
    );
    nodes
      .select('rect.node-box')
      .attr('x', (d) => -d.width / 2)
      .attr('y', -nodeH / 2)
      .attr('width', (d) => d.width)
      .attr('height', nodeH);
    nodes
      .select('rect.node-stripe')
      .attr('x', (d) => -d.width / 2 + 5)
      .attr('y', -nodeH / 2 + 8 * k)
      .attr('width', 4)
      .attr('height', nodeH - 16 * k);
    // At text scale 1 the sizes come from charts.css; enlarged text overrides them inline.
    nodes
      .select('text.node-label')
      .attr('x', 3 * k)
      .attr('y', (d) => (d.node.detail ? -4 : 5) * k)
      .style('font-size', () => (k > 1 ? `${LABEL_PX * k}px` : null))
      .text((d) => d.node.label);
    nodes
      .select('text.node-detail')
      .attr('x', 3 * k)
      .attr('y', 14 * k)
      .style('font-size', () => (k > 1 ? `${DETAIL_PX * k}px` : null))
      .text((d) => d.node.detail);

    const edgePath = line<[number, number]>().curve(curveBasis);
    const edges = this.svg
      .select<SVGGElement>('g.edges')
      .selectAll<SVGPathElement, Placement['edges'][number]>('path.edge')
      .data(placement.edges, (d) => d.key)
      .join(
        (enter) => {
          const p = enter.append('path').attr('class', 'edge');
          if (ms > 0) p.style('opacity', 0).transition('fade').duration(ms).style('opacity', 1);
          return p;
        },
        (update) => update.interrupt('fade').style('opacity', null),
      )
      .attr('marker-end', `url(#${this.arrowId})`)
      .attr('data-from', (d) => d.key.split('\u0000')[0] ?? '')
      .attr('data-to', (d) => d.key.split('\u0000')[1] ?? '');
    (ms > 0 ? edges.transition('move').duration(ms) : edges).attr('d', (d) => edgePath(d.points) ?? '');

    this.renderLegend(data.nodes);
  }

  private renderLegend(nodes: readonly ArchNode[]): void {
    const present = KINDS.filter((k) => nodes.some((n) => kindOf(n.kind) === k));
    const key = `${present.join(',')}|${this.text('dag.kind.input')}`;
    if (this.legend.dataset.kinds === key) return;
    this.legend.dataset.kinds = key;
    select(this.legend)
      .selectAll('span.arch-legend-item')
      .data(present)
      .join((enter) => {
        const item = enter.append('span').attr('class', 'arch-legend-item');
        item.append('span').attr('class', 'arch-legend-swatch');
        item.append('span').attr('class', 'arch-legend-text');
        return item;
      })
      .attr('data-kind', (k) => k)
      .select('.arch-legend-text')
      .text((k) => this.text(`dag.kind.${k}`));
  }
}

function kindOf(kind: string): ArchNodeKind {
  return (KINDS as readonly string[]).includes(kind) ? (kind as ArchNodeKind) : 'other';
}

function nodeWidth(n: ArchNode, textScale: number): number {
  const label = measureText(n.label, `600 ${LABEL_PX * textScale}px ${CANVAS_MONO}`);
  const detail = measureText(n.detail, `${DETAIL_PX * textScale}px ${CANVAS_SANS}`);
  const pad = (2 * PAD_X + 8) * textScale;
  return Math.ceil(Math.max(84 * textScale, label + pad, detail + pad));
}

/** Zoom that fits `p` with its margins into `width`×`height`, at most MAX_SCALE. */
function fitScale(p: Placement, width: number, height: number): number {
  return Math.min(MAX_SCALE, width / (p.width + 2 * MARGIN), height / (p.height + 2 * MARGIN));
}

/**
 * The best placement whose detail text (the smaller) is drawn at least `minPx` CSS pixels: the
 * text is enlarged by what the fitted zoom lacks and the graph placed again, a few times, since
 * larger boxes shrink the zoom a little (the gaps between them do not grow).
 */
function legiblePlacement(data: ArchDagData, width: number, height: number, minPx: number): Placement {
  let placement = place(data, width, height, 1);
  for (let i = 0; i < TEXT_FIT_TRIES && minPx > 0; i++) {
    const drawn = DETAIL_PX * placement.textScale * fitScale(placement, width, height);
    if (drawn >= minPx - 0.01) break;
    placement = place(data, width, height, (placement.textScale * minPx) / drawn);
  }
  return placement;
}

/** Whether the graph is one simple path (every node at most one in and one out, connected). */
function chainOrder(data: ArchDagData): ArchNode[] | null {
  if (data.edges.length !== data.nodes.length - 1) return null;
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const next = new Map<string, string>();
  const hasIn = new Set<string>();
  for (const e of data.edges) {
    if (next.has(e.from) || hasIn.has(e.to) || !byId.has(e.from) || !byId.has(e.to)) return null;
    next.set(e.from, e.to);
    hasIn.add(e.to);
  }
  const start = data.nodes.find((n) => !hasIn.has(n.id));
  const order: ArchNode[] = [];
  for (let id = start?.id; id !== undefined; id = next.get(id)) {
    const n = byId.get(id);
    if (!n || order.length > data.nodes.length) return null;
    order.push(n);
  }
  return order.length === data.nodes.length ? order : null;
}

/**
 * Chooses the layout that draws the graph largest in a `width`×`height` box: dagre top-to-
 * bottom or left-to-right, or, for a chain, left-to-right rows wrapped like text; node text
 * enlarged by `textScale`.
 */
function place(data: ArchDagData, width: number, height: number, textScale: number): Placement {
  if (data.nodes.length === 0)
    return { textScale, nodes: [], edges: [], width: 1, height: 1, direction: 'LR' };
  const candidates: Placement[] = [
    dagrePlacement(data, 'LR', textScale),
    dagrePlacement(data, 'TB', textScale),
  ];
  const chain = chainOrder(data);
  if (chain && chain.length > 3) {
    for (let rows = 2; rows <= Math.ceil(chain.length / 2); rows++)
      candidates.push(wrappedPlacement(chain, rows, textScale));
  }
  const fit = (p: Placement) =>
    Math.min(MAX_SCALE, (width - 2 * MARGIN) / p.width, (height - 2 * MARGIN) / p.height);
  let best = candidates[0]!;
  for (const c of candidates) if (fit(c) > fit(best) + 0.02) best = c;
  return best;
}

function dagrePlacement(data: ArchDagData, rankdir: 'TB' | 'LR', textScale: number): Placement {
  const nodeH = NODE_H * textScale;
  const g = new Graph();
  g.setGraph({
    rankdir,
    nodesep: NODE_SEP,
    ranksep: rankdir === 'LR' ? RANK_SEP : RANK_SEP - 10,
    marginx: 0,
    marginy: 0,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const widths = new Map<string, number>();
  for (const n of data.nodes) {
    const w = nodeWidth(n, textScale);
    widths.set(n.id, w);
    g.setNode(n.id, { width: w, height: nodeH });
  }
  for (const e of data.edges) if (widths.has(e.from) && widths.has(e.to)) g.setEdge(e.from, e.to);
  layout(g);
  const nodes = data.nodes.map((node) => {
    const pos = g.node(node.id) as { x: number; y: number };
    return { node, x: pos.x, y: pos.y, width: widths.get(node.id) ?? 84 };
  });
  const edges = g.edges().map((e: { v: string; w: string }) => {
    const label = g.edge(e) as { points?: { x: number; y: number }[] };
    return {
      key: `${e.v}\u0000${e.w}`,
      points: (label.points ?? []).map((p) => [p.x, p.y] as [number, number]),
    };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return {
    textScale,
    nodes,
    edges,
    width: graph.width ?? 1,
    height: graph.height ?? 1,
    direction: rankdir,
  };
}

/** A chain in `rows` left-to-right rows; the edge to the next row runs back like a line break. */
function wrappedPlacement(chain: ArchNode[], rows: number, textScale: number): Placement {
  const nodeH = NODE_H * textScale;
  const perRow = Math.ceil(chain.length / rows);
  const widths = chain.map((n) => nodeWidth(n, textScale));
  const colW: number[] = [];
  widths.forEach((w, i) => {
    const c = i % perRow;
    colW[c] = Math.max(colW[c] ?? 0, w);
  });
  const colX: number[] = [];
  let x = 0;
  for (const w of colW) {
    colX.push(x + w / 2);
    x += w + RANK_SEP;
  }
  const totalW = x - RANK_SEP;
  const nodes: Placed[] = chain.map((node, i) => ({
    node,
    x: colX[i % perRow]!,
    y: nodeH / 2 + Math.floor(i / perRow) * (nodeH + ROW_GAP),
    width: widths[i]!,
  }));
  const edges = nodes.slice(1).map((b, i) => {
    const a = nodes[i]!;
    const key = `${a.node.id}\u0000${b.node.id}`;
    if (a.y === b.y) {
      return {
        key,
        points: [
          [a.x + a.width / 2, a.y],
          [(a.x + a.width / 2 + b.x - b.width / 2) / 2, a.y],
          [b.x - b.width / 2, b.y],
        ] as [number, number][],
      };
    }
    const midY = a.y + nodeH / 2 + ROW_GAP / 2;
    return {
      key,
      points: [
        [a.x, a.y + nodeH / 2],
        [a.x, midY],
        [a.x, midY],
        [b.x, midY],
        [b.x, midY],
        [b.x, b.y - nodeH / 2],
      ] as [number, number][],
    };
  });
  const used = Math.ceil(chain.length / perRow);
  const totalH = used * nodeH + (used - 1) * ROW_GAP;
  return { textScale, nodes, edges, width: totalW, height: totalH, direction: 'wrap' };
}
