/**
 * Base of the SVG charts: a root <div> inside the container, an <svg> filling it, a redraw
 * on resize, and the imperative API (`update`, `reset`, `destroy`). Framework-free.
 */
import { select, type Selection } from 'd3';
import { chartText, watchLanguage } from './chartText';
import { createRoot, watchSize, watchTheme } from './common';

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export abstract class SvgChart<D> {
  protected readonly root: HTMLDivElement;
  protected readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  /** The last data passed to `update`, or null after `reset`. */
  protected data: D | null = null;
  private readonly stopWatching: () => void;
  /** The root's size as the resize observer last reported it (null before its first report). */
  private measured: { width: number; height: number } | null = null;
  /** Observers of `observedHeight`, disconnected by `destroy`. */
  private readonly observers: ResizeObserver[] = [];
  private readonly stopWatchingTheme: () => void;
  private readonly stopWatchingLanguage: () => void;
  /** The chart's words in the interface language (`charts` namespace). */
  protected readonly text = chartText;

  protected constructor(el: HTMLElement, chartClass: string) {
    this.root = createRoot(el, chartClass);
    this.svg = select(this.root).append('svg').attr('xmlns', 'http://www.w3.org/2000/svg');
    this.stopWatching = watchSize(this.root, (width, height) => {
      this.measured = { width: Math.round(width), height: Math.round(height) };
      this.render(false);
    });
    // Canvas layers read theme colours when drawing, so a theme switch redraws.
    this.stopWatchingTheme = watchTheme(() => this.render(false));
    // Axis labels, legends and notes are words: a language switch redraws them.
    this.stopWatchingLanguage = watchLanguage(() => this.render(false));
  }

  /** Draws `data`, replacing what was shown (short transitions unless reduced motion). */
  update(data: D): void {
    this.data = data;
    this.render(true);
  }

  /** Back to the empty state (axes only). */
  reset(): void {
    this.data = null;
    this.render(false);
  }

  /**
   * The border-box height of `el` (a legend beside the drawing) as a resize observer last saw
   * it, read without forcing a layout; the chart redraws when it changes. Before the first
   * report, `offsetHeight`.
   */
  protected observedHeight(el: HTMLElement): () => number {
    let height: number | null = null;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      const next = Math.round(
        entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight,
      );
      if (next === height) return;
      height = next;
      this.render(false);
    });
    observer.observe(el);
    this.observers.push(observer);
    return () => height ?? el.offsetHeight;
  }

  /** Removes everything the chart added to its container and stops observing it. */
  destroy(): void {
    for (const observer of this.observers) observer.disconnect();
    this.stopWatching();
    this.stopWatchingTheme();
    this.stopWatchingLanguage();
    this.svg.selectAll('*').interrupt();
    this.root.remove();
  }

  /**
   * Current drawing size in CSS pixels (never 0, so a hidden chart still lays out). The resize
   * observer's last size once it reported one: reading clientWidth forces a layout, and a run's
   * update redraws several charts after DOM writes, so each read was a synchronous reflow (a
   * third of the main-thread time of a NAS-Bench-201 lesson).
   */
  protected size(): { width: number; height: number } {
    const { width, height } = this.measured ?? {
      width: this.root.clientWidth,
      height: this.root.clientHeight,
    };
    return { width: Math.max(120, width), height: Math.max(100, height) };
  }

  /** Redraws from `this.data`; `animate` is false for resizes. */
  protected abstract render(animate: boolean): void;
}

/** A child `<g class=...>` of `parent`, created on first use. */
export function layer<P extends SVGElement>(
  parent: Selection<P, unknown, null, undefined>,
  className: string,
): Selection<SVGGElement, unknown, null, undefined> {
  const existing = parent.select<SVGGElement>(`:scope > g.${className.split(' ').join('.')}`);
  if (!existing.empty()) return existing as unknown as Selection<SVGGElement, unknown, null, undefined>;
  return parent.append('g').attr('class', className) as unknown as Selection<
    SVGGElement,
    unknown,
    null,
    undefined
  >;
}

/** Sets or replaces the `<text class="axis-label <key>">` of `parent`, centred on (x, y), optionally rotated. */
export function axisLabel(
  parent: Selection<SVGGElement, unknown, null, undefined>,
  key: string,
  text: string,
  x: number,
  y: number,
  rotation: 0 | 90 | -90 = 0,
  anchor: 'start' | 'middle' | 'end' = 'middle',
): void {
  let label = parent.select<SVGTextElement>(`text.axis-label.${key}`);
  if (label.empty()) label = parent.append('text').attr('class', `axis-label ${key}`);
  label
    .attr('text-anchor', anchor)
    .attr('transform', rotation ? `translate(${x},${y}) rotate(${rotation})` : `translate(${x},${y})`)
    .text(text);
}

/** Shows `text` centred in the w×h plot while it has no data (`text` null removes the note). */
export function emptyNote(
  plot: Selection<SVGGElement, unknown, null, undefined>,
  text: string | null,
  w: number,
  h: number,
): void {
  let note = plot.select<SVGTextElement>('text.empty-note');
  if (text === null) {
    note.remove();
    return;
  }
  if (note.empty()) note = plot.append('text').attr('class', 'empty-note');
  note
    .attr('x', w / 2)
    .attr('y', h / 2)
    .attr('text-anchor', 'middle')
    .text(text);
}
