/**
 * A chart as a standalone SVG document, and that SVG as a PNG: for the per-chart export buttons.
 *
 * The charts style their SVG with classes and CSS custom properties (charts.css), which a file
 * on its own does not have. So the export copies the chart's SVG with every element's computed
 * style written inline (colours resolved), puts canvas layers in as images and HTML labels
 * (legends, summaries) in as text at their place, and adds xmlns, width/height/viewBox, a
 * background of the theme and a title. Framework-free: DOM only.
 */
import { cssVar } from './common';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Computed properties written inline on every exported SVG element (all that SVG rendering reads). */
export const INLINED_PROPERTIES = [
  'display',
  'visibility',
  'opacity',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant-numeric',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'shape-rendering',
  'overflow',
] as const;

/** Height of the title band above the chart, CSS pixels. */
export const TITLE_BAND = 30;

export interface ChartSvgOptions {
  /** Shown in the title band and written as the document's <title>. */
  title: string;
  /** Background colour; default: the theme's panel colour (`--bg-elev`). */
  background?: string;
}

const isTransparent = (color: string): boolean =>
  color === '' || color === 'transparent' || /^rgba\(.*,\s*0\)$/.test(color.replace(/\s+/g, ' '));

/** Writes the computed style of `source` and its descendants onto the clone `target`, in parallel. */
function inlineStyles(source: Element, target: Element): void {
  const style = getComputedStyle(source);
  const inline = INLINED_PROPERTIES.map((name) => [name, style.getPropertyValue(name).trim()] as const)
    .filter(([, value]) => value !== '' && !value.includes('var('))
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
  // Attributes that read CSS variables mean nothing outside the page: the inline style has their value.
  for (const attr of Array.from(target.attributes)) {
    if (attr.value.includes('var(')) target.removeAttribute(attr.name);
  }
  if (inline !== '') target.setAttribute('style', inline);
  else target.removeAttribute('style');
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length && i < targetChildren.length; i++) {
    inlineStyles(sourceChildren[i]!, targetChildren[i]!);
  }
}

/** A box relative to the chart's root, CSS pixels. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boxOf(el: Element | Range, origin: DOMRect): Box {
  const r = el.getBoundingClientRect();
  return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
}

const visibleIn = (box: Box, width: number, height: number): boolean =>
  box.width > 0 &&
  box.height > 0 &&
  box.x < width &&
  box.y < height &&
  box.x + box.width > 0 &&
  box.y + box.height > 0;

function svgElement<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = doc.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

/** Text of an HTML element's own text nodes, as SVG <text> at their place (legends, summaries). */
function htmlText(el: HTMLElement, origin: DOMRect, size: Box, out: SVGGElement): void {
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden') return;
  const doc = out.ownerDocument;
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType !== 3 || (node.textContent ?? '').trim() === '') continue;
    const range = doc.createRange();
    range.selectNodeContents(node);
    const box = boxOf(range, origin);
    if (!visibleIn(box, size.width, size.height)) continue;
    const text = svgElement(doc, 'text', {
      x: box.x,
      y: box.y + box.height / 2,
      'dominant-baseline': 'central',
      style: [
        `fill:${style.color}`,
        `font-family:${style.fontFamily}`,
        `font-size:${style.fontSize}`,
        `font-weight:${style.fontWeight}`,
        `font-style:${style.fontStyle}`,
      ].join(';'),
    });
    text.textContent = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
    out.appendChild(text);
  }
}

/** The visual layers of a chart root, bottom to top: SVGs, canvases, and HTML boxes and text. */
function appendLayers(el: Element, origin: DOMRect, size: Box, out: SVGGElement): void {
  const doc = out.ownerDocument;
  for (const child of Array.from(el.children)) {
    // Tooltips, hidden parts and controls laid over the chart (data-export="skip") are not the chart.
    if (
      child.classList.contains('chart-tooltip') ||
      child.hasAttribute('hidden') ||
      child.getAttribute('data-export') === 'skip'
    )
      continue;
    const box = boxOf(child, origin);
    if (child instanceof SVGSVGElement) {
      if (!visibleIn(box, size.width, size.height)) continue;
      const clone = child.cloneNode(true) as SVGSVGElement;
      inlineStyles(child, clone);
      clone.setAttribute('x', String(box.x));
      clone.setAttribute('y', String(box.y));
      clone.setAttribute('width', String(box.width));
      clone.setAttribute('height', String(box.height));
      out.appendChild(clone);
    } else if (child instanceof HTMLCanvasElement) {
      if (!visibleIn(box, size.width, size.height) || child.width === 0 || child.height === 0) continue;
      out.appendChild(
        svgElement(doc, 'image', {
          x: box.x,
          y: box.y,
          width: box.width,
          height: box.height,
          href: child.toDataURL('image/png'),
          preserveAspectRatio: 'none',
        }),
      );
    } else if (child instanceof HTMLElement) {
      const style = getComputedStyle(child);
      if (style.display === 'none') continue;
      const background = style.backgroundColor;
      if (!isTransparent(background) && visibleIn(box, size.width, size.height)) {
        out.appendChild(
          svgElement(doc, 'rect', {
            ...box,
            rx: parseFloat(style.borderTopLeftRadius) || 0,
            style: `fill:${background}`,
          }),
        );
      }
      htmlText(child, origin, size, out);
      appendLayers(child, origin, size, out);
    }
  }
}

/**
 * The chart inside `root` (a chart host or a `.nas-chart` root) as a standalone <svg> element:
 * a title band, then the chart at its on-screen size, every style inline.
 */
export function chartSvg(root: HTMLElement, options: ChartSvgOptions): SVGSVGElement {
  const doc = root.ownerDocument;
  const origin = root.getBoundingClientRect();
  const size: Box = {
    x: 0,
    y: 0,
    width: Math.max(1, Math.round(origin.width || root.clientWidth)),
    height: Math.max(1, Math.round(origin.height || root.clientHeight)),
  };
  const width = size.width;
  const height = size.height + TITLE_BAND;
  const rootStyle = getComputedStyle(root);
  const background = options.background ?? cssVar(root, '--bg-elev', '#ffffff');
  const svg = svgElement(doc, 'svg', {
    version: '1.1',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
  });
  svg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS);
  const title = svgElement(doc, 'title', {});
  title.textContent = options.title;
  svg.appendChild(title);
  svg.appendChild(svgElement(doc, 'rect', { x: 0, y: 0, width, height, style: `fill:${background}` }));
  const heading = svgElement(doc, 'text', {
    x: 12,
    y: TITLE_BAND / 2 + 2,
    'dominant-baseline': 'central',
    style: `fill:${cssVar(root, '--fg', rootStyle.color || '#1d2530')};font-family:${rootStyle.fontFamily};font-size:15px;font-weight:600`,
  });
  heading.textContent = options.title;
  svg.appendChild(heading);
  const chart = svgElement(doc, 'g', { transform: `translate(0,${TITLE_BAND})` });
  svg.appendChild(chart);
  appendLayers(root, origin, size, chart);
  return svg;
}

/** `chartSvg` as the text of an .svg file (XML declaration, UTF-8). */
export function serializeChartSvg(root: HTMLElement, options: ChartSvgOptions): string {
  const svg = chartSvg(root, options);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** Size of an SVG document from its width and height attributes, CSS pixels. */
function svgSize(svgText: string): { width: number; height: number } {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const el = doc.documentElement;
  return {
    width: parseFloat(el.getAttribute('width') ?? '0'),
    height: parseFloat(el.getAttribute('height') ?? '0'),
  };
}

/** Renders an SVG document onto a canvas at `scale` pixels per CSS pixel and encodes it as PNG. */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svgText);
  if (!(width > 0 && height > 0)) throw new Error('The SVG has no size to render');
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas to render the PNG');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
