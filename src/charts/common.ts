/**
 * Small shared pieces of the chart classes: motion preference, theme colours read from CSS
 * custom properties (for canvas drawing), size observation and a DOM tooltip.
 * Framework-free: no React, no store.
 */

/** Longest transition any chart uses, in milliseconds (STYLE: short and calm). */
export const TRANSITION_MS = 220;

/** True when the user asked the OS for reduced motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Transition duration in milliseconds: `ms`, or 0 under `prefers-reduced-motion`. */
export function motionMs(ms: number = TRANSITION_MS): number {
  return prefersReducedMotion() ? 0 : ms;
}

/** Value of a CSS custom property as seen from `el` (e.g. `cssVar(el, '--fg')`). */
export function cssVar(el: Element, name: string, fallback = '#888'): string {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/**
 * Calls `onChange` when the colour theme may have changed: the OS scheme flips, or the
 * `data-theme` / `class` attribute of <html> changes. Returns a disposer.
 */
export function watchTheme(onChange: () => void): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme', 'class', 'style'],
  });
  return () => {
    media?.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** Observes the content box of `el`; calls `onResize(width, height)` in CSS pixels when it changes. */
export function watchSize(el: HTMLElement, onResize: (width: number, height: number) => void): () => void {
  let last = '';
  const observer = new ResizeObserver((entries) => {
    const rect = entries[entries.length - 1]?.contentRect;
    if (!rect) return;
    const key = `${Math.round(rect.width)}x${Math.round(rect.height)}`;
    if (key === last) return;
    last = key;
    onResize(rect.width, rect.height);
  });
  observer.observe(el);
  return () => observer.disconnect();
}

/** The root <div> each chart puts inside its container: fills it and anchors the tooltip. */
export function createRoot(el: HTMLElement, chartClass: string): HTMLDivElement {
  const root = document.createElement('div');
  root.className = `nas-chart ${chartClass}`;
  el.appendChild(root);
  return root;
}

/** A DOM tooltip (`.chart-tooltip`) positioned inside a chart root, kept within its bounds. */
export class Tooltip {
  readonly el: HTMLDivElement;

  constructor(private readonly root: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'chart-tooltip';
    this.el.setAttribute('role', 'tooltip');
    this.el.hidden = true;
    root.appendChild(this.el);
  }

  /** Shows `lines` (first line emphasised) near (x, y), in pixels relative to the root. */
  show(lines: readonly string[], x: number, y: number): void {
    this.el.replaceChildren(
      ...lines.map((line, i) => {
        const div = document.createElement('div');
        div.className = i === 0 ? 'chart-tooltip-title' : 'chart-tooltip-line';
        div.textContent = line;
        return div;
      }),
    );
    this.el.hidden = false;
    const pad = 12;
    const rootW = this.root.clientWidth;
    const rootH = this.root.clientHeight;
    const w = this.el.offsetWidth;
    const h = this.el.offsetHeight;
    let left = x + pad;
    if (left + w > rootW - 4) left = Math.max(4, x - pad - w);
    let top = y + pad;
    if (top + h > rootH - 4) top = Math.max(4, y - pad - h);
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
  }

  hide(): void {
    this.el.hidden = true;
  }
}

/** Sizes a canvas for `width`×`height` CSS pixels at the device pixel ratio; returns its 2D context. */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const dpr = Math.max(1, window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** `text` cut with an ellipsis to fit `maxWidth` pixels in the context's current font. */
export function ellipsize(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo)}…`;
}

let measureCtx: CanvasRenderingContext2D | null = null;
/** Widths measured so far, by font and text: a DAG's layout measures each label several times per
 * redraw (each direction, each text size tried), and setting a canvas font is slow (issue #22's
 * long tasks: 0.5 s of the NAS-Bench-201 lesson's main thread). */
const measured = new Map<string, number>();
/** Entries kept at most; the map starts over beyond (labels repeat, so it rarely does). */
const MEASURED_MAX = 20_000;
let watchingFonts = false;

/** Width in pixels of `text` rendered in the CSS `font` (for laying out SVG text before drawing). */
export function measureText(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  const known = measured.get(key);
  if (known !== undefined) return known;
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 8;
  if (!watchingFonts && typeof document !== 'undefined' && document.fonts) {
    // A font that loads later draws the same text wider or narrower: measure again.
    watchingFonts = true;
    document.fonts.addEventListener('loadingdone', () => measured.clear());
  }
  measureCtx.font = font;
  const width = measureCtx.measureText(text).width;
  if (measured.size >= MEASURED_MAX) measured.clear();
  measured.set(key, width);
  return width;
}

/**
 * Smallest legible text for `el`, CSS pixels: the `--chart-min-text` custom property (presentation
 * mode sets it), else 0. Charts that scale their drawing to fit enlarge their text to reach it.
 */
export function minTextPx(el: Element): number {
  const value = parseFloat(getComputedStyle(el).getPropertyValue('--chart-min-text'));
  return Number.isFinite(value) && value > 0 ? value : 0;
}

let uid = 0;

/** A document-unique id for SVG defs (markers, clip paths) of one chart instance. */
export function uniqueId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Sans-serif and monospace font stacks for canvas text and text measurement (match charts.css). */
export const CANVAS_SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const CANVAS_MONO = 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace';

/** Epsilon as written in the paper's schedule: one decimal (`1.0`, `0.9`), more only when needed. */
export function formatEpsilon(epsilon: number): string {
  const tenths = Math.round(epsilon * 10);
  return Math.abs(tenths - epsilon * 10) < 1e-9
    ? (tenths / 10).toFixed(1)
    : String(Number(epsilon.toFixed(3)));
}
