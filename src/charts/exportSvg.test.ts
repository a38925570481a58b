// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { TITLE_BAND, chartSvg, serializeChartSvg } from './exportSvg';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Pretends `el` is laid out at `rect` (happy-dom does no layout). */
function place(el: Element, x: number, y: number, width: number, height: number): void {
  el.getBoundingClientRect = () =>
    ({ x, y, left: x, top: y, width, height, right: x + width, bottom: y + height, toJSON() {} }) as DOMRect;
}

/**
 * A chart like the app's: CSS-variable colours per theme, an SVG with a styled line, a tooltip.
 * (The variables sit on the chart root: happy-dom does not inherit custom properties from <html>.)
 */
function mountChart(): HTMLElement {
  const style = document.createElement('style');
  style.textContent = `
    .nas-chart { --bg-elev: #ffffff; --fg: #1d2530; --accent: #0072b2; }
    [data-theme='dark'] .nas-chart { --bg-elev: #1a1e25; --fg: #e4e8ed; --accent: #56b4e9; }
    .nas-chart .line { stroke: var(--accent); fill: none; stroke-width: 2px; }
    .nas-chart text { fill: var(--fg); }
  `;
  document.head.appendChild(style);
  const host = document.createElement('div');
  host.innerHTML = `<div class="nas-chart reward-chart">
      <svg xmlns="${SVG_NS}" viewBox="0 0 400 200">
        <g class="plot"><path class="line" d="M0,0 L10,10"></path><text x="5" y="5">reward</text>
        <circle r="3" fill="var(--accent)"></circle></g>
      </svg>
      <div class="chart-tooltip" hidden>tooltip</div>
    </div>`;
  document.body.appendChild(host);
  const root = host.firstElementChild as HTMLElement;
  place(root, 100, 50, 400, 200);
  place(root.querySelector('svg')!, 100, 50, 400, 200);
  return root;
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('data-theme');
});

describe('chartSvg', () => {
  it('is a standalone document: xmlns, size and viewBox with the title band, a title and a background', () => {
    const root = mountChart();
    const svg = chartSvg(root, { title: 'Reward per model' });
    expect(svg.namespaceURI).toBe(SVG_NS);
    expect(svg.getAttribute('width')).toBe('400');
    expect(svg.getAttribute('height')).toBe(String(200 + TITLE_BAND));
    expect(svg.getAttribute('viewBox')).toBe(`0 0 400 ${200 + TITLE_BAND}`);
    expect(svg.querySelector('title')?.textContent).toBe('Reward per model');
    const background = svg.querySelector(':scope > rect')!;
    expect(background.getAttribute('style')).toMatch(/fill:\s*#ffffff/i);
  });

  it('writes the computed colours inline and drops attributes that read CSS variables', () => {
    const root = mountChart();
    const svg = chartSvg(root, { title: 't' });
    const line = svg.querySelector('path.line')!;
    const style = line.getAttribute('style') ?? '';
    expect(style).not.toContain('var(');
    expect(style).toMatch(/stroke:\s*(#0072b2|rgb\(0,\s*114,\s*178\))/i);
    expect(style).toMatch(/fill:\s*none/);
    const circle = svg.querySelector('circle')!;
    expect(circle.hasAttribute('fill')).toBe(false);
    expect(svg.querySelector('text:not(:first-of-type)') ?? svg.querySelector('g text')).not.toBeNull();
  });

  it('places the chart SVG at its offset in the root, below the title band, and leaves tooltips out', () => {
    const root = mountChart();
    const svg = chartSvg(root, { title: 't' });
    const chart = svg.querySelector(':scope > g')!;
    expect(chart.getAttribute('transform')).toBe(`translate(0,${TITLE_BAND})`);
    const inner = chart.querySelector('svg')!;
    expect([inner.getAttribute('x'), inner.getAttribute('y'), inner.getAttribute('width')]).toEqual([
      '0',
      '0',
      '400',
    ]);
    expect(inner.getAttribute('viewBox')).toBe('0 0 400 200');
    expect(svg.outerHTML).not.toContain('tooltip');
  });

  it('follows the theme: dark colours and background under data-theme="dark"', () => {
    document.documentElement.setAttribute('data-theme', 'dark');
    const root = mountChart();
    const svg = chartSvg(root, { title: 't' });
    expect(svg.querySelector(':scope > rect')!.getAttribute('style')).toMatch(/#1a1e25/i);
    expect(svg.querySelector('path.line')!.getAttribute('style')).toMatch(/#56b4e9|rgb\(86,\s*180,\s*233\)/i);
  });
});

describe('serializeChartSvg', () => {
  it('is well-formed XML with one svg root in the SVG namespace', () => {
    const text = serializeChartSvg(mountChart(), { title: 'A & B <chart>' });
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.documentElement.tagName.toLowerCase()).toBe('svg');
    expect(doc.documentElement.getAttribute('xmlns') ?? doc.documentElement.namespaceURI).toBe(SVG_NS);
    expect(text.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)?.length).toBeGreaterThanOrEqual(1);
    expect(text).toContain('A &amp; B &lt;chart&gt;');
    expect(doc.querySelectorAll('path').length).toBe(1);
  });
});
