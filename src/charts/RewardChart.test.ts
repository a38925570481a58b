// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RewardChart, type RewardPoint } from './RewardChart';

/** The reward panel's chart box at 1920×1080 is about 380×300 CSS px. */
const WIDTH = 380;
const HEIGHT = 300;

/** Eight proposals at ε 1.0, then four at ε 0.1, rewards from 0 (bottom) to 1 (top of the plot). */
function points(): RewardPoint[] {
  return Array.from({ length: 12 }, (_, index) => ({
    index,
    reward: [0, 1, 0.02, 0.5, 0.9, 0.01, 0.7, 0.03, 0.98, 0, 0.05, 1][index]!,
    epsilon: index < 8 ? 1 : 0.1,
    cached: index === 5,
    arch: `net-${index}`,
  }));
}

describe('RewardChart', () => {
  let host: HTMLElement;
  let chart: RewardChart;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    // happy-dom does no layout: give the chart's root the panel's size.
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => WIDTH });
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => HEIGHT });
    chart = new RewardChart(host);
    chart.update({ points: points() });
  });

  afterEach(() => {
    chart.destroy();
    host.remove();
    delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
    delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  });

  it('names both lines in a legend that is shown at the panel width', () => {
    const legend = host.querySelector<SVGGElement>('g.legend')!;
    expect(legend.style.display).not.toBe('none');
    const labels = Array.from(legend.querySelectorAll('g.legend-item text')).map((t) => t.textContent);
    expect(labels).toContain('best so far');
    expect(labels).toContain('mean per ε step');
    expect(legend.querySelector('.swatch-best')).not.toBeNull();
    expect(legend.querySelector('.swatch-mean')).not.toBeNull();
    // Every item starts inside the chart: the legend wraps rather than run off or hide.
    for (const item of Array.from(legend.querySelectorAll('g.legend-item'))) {
      const [x] = /translate\(([-\d.]+),/
        .exec(item.getAttribute('transform') ?? '')!
        .slice(1)
        .map(Number);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(WIDTH - 60);
    }
  });

  it('puts the ε labels above the plot, clear of every point and of the legend', () => {
    const labels = Array.from(host.querySelectorAll<SVGTextElement>('text.band-label')).filter(
      (t) => t.style.display !== 'none',
    );
    expect(labels.map((t) => t.textContent)).toEqual(['ε 1.0', 'ε 0.1']);
    const circles = Array.from(host.querySelectorAll<SVGCircleElement>('circle.point'));
    expect(circles).toHaveLength(12);
    // Labels and points share the plot's coordinates: a label's baseline is above every point's top.
    const pointsTop = Math.min(
      ...circles.map((c) => Number(c.getAttribute('cy')) - Number(c.getAttribute('r'))),
    );
    const pointsBottom = Math.max(
      ...circles.map((c) => Number(c.getAttribute('cy')) + Number(c.getAttribute('r'))),
    );
    expect(pointsBottom).toBeGreaterThan(pointsTop + 100);
    for (const label of labels) expect(Number(label.getAttribute('y'))).toBeLessThan(pointsTop);
    // The legend's last row (12 px text, centred) ends above the labels' 12 px text.
    const legend = host.querySelector('g.legend')!;
    const legendY = Number(/translate\(0,([-\d.]+)\)/.exec(legend.getAttribute('transform') ?? '')![1]);
    const rows = Math.max(
      ...Array.from(legend.querySelectorAll('g.legend-item')).map((g) =>
        Number(/,([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '')![1]),
      ),
    );
    for (const label of labels) expect(legendY + rows + 6).toBeLessThan(Number(label.getAttribute('y')) - 12);
  });

  it('draws no ε labels without a schedule', () => {
    chart.update({ points: points(), noSchedule: true });
    const shown = Array.from(host.querySelectorAll<SVGTextElement>('text.band-label')).filter(
      (t) => t.style.display !== 'none',
    );
    expect(shown).toHaveLength(0);
  });
});
