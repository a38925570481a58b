import { describe, expect, it } from 'vitest';
import { buildTokenSpec, type TokenSpec } from '../../nas/reinforce';
import {
  deltaDirection,
  groupSteps,
  isSkipRow,
  probabilityDelta,
  sparkline,
  stepRows,
} from './controllerData';

describe('stepRows', () => {
  it('lists a plain chain as filter height, filter width, filters per layer', () => {
    const spec = buildTokenSpec({ layers: 2, filterSizes: [1, 3, 5], filterCounts: [24, 36] });
    expect(stepRows(spec)).toEqual([
      { group: 'Layer 1', name: 'filter height', labels: ['1', '3', '5'] },
      { group: 'Layer 1', name: 'filter width', labels: ['1', '3', '5'] },
      { group: 'Layer 1', name: 'filters', labels: ['24', '36'] },
      { group: 'Layer 2', name: 'filter height', labels: ['1', '3', '5'] },
      { group: 'Layer 2', name: 'filter width', labels: ['1', '3', '5'] },
      { group: 'Layer 2', name: 'filters', labels: ['24', '36'] },
    ]);
  });

  it('adds strides and one skip per earlier layer, named by 1-based layers', () => {
    const spec = buildTokenSpec({
      layers: 3,
      filterSizes: [3],
      filterCounts: [36],
      strides: [1, 2],
      skips: true,
    });
    const rows = stepRows(spec);
    expect(rows.filter((r) => r.group === 'Layer 1').map((r) => r.name)).toEqual([
      'filter height',
      'filter width',
      'stride h',
      'stride w',
      'filters',
    ]);
    expect(rows.filter((r) => r.group === 'Layer 3').map((r) => r.name)).toEqual([
      'filter height',
      'filter width',
      'stride h',
      'stride w',
      'filters',
      'skip from layer 1',
      'skip from layer 2',
    ]);
    const skips = rows.filter(isSkipRow);
    expect(skips).toHaveLength(3);
    expect(skips.every((r) => r.labels.join() === 'no,yes')).toBe(true);
    expect(rows.find((r) => r.name === 'stride h')!.labels).toEqual(['1', '2']);
  });

  it("uses a step's own labels when it has them, and labelsOf over both", () => {
    const spec: TokenSpec = {
      layers: 1,
      steps: [
        { kind: 'choice', layer: 0, name: 'filters', choices: [24, 36], labels: ['narrow', 'wide'] } as never,
        { kind: 'choice', layer: 0, name: 'filterHeight', choices: [1, 3] },
      ],
    };
    expect(stepRows(spec).map((r) => r.labels)).toEqual([
      ['narrow', 'wide'],
      ['1', '3'],
    ]);
    const px = stepRows(spec, (step) =>
      step.kind === 'choice' && step.name !== 'filters' ? ['1px', '3px'] : undefined,
    );
    expect(px[1]!.labels).toEqual(['1px', '3px']);
    expect(() => stepRows(spec, () => ['only one'])).toThrow(/2 outcomes/);
  });
});

describe('groupSteps', () => {
  it('cuts rows into runs of one group with the index of their first step', () => {
    const spec = buildTokenSpec({ layers: 2, filterSizes: [3], filterCounts: [36], skips: true });
    const groups = groupSteps(stepRows(spec));
    expect(groups.map((g) => [g.group, g.start, g.rows.length])).toEqual([
      ['Layer 1', 0, 3],
      ['Layer 2', 3, 4],
    ]);
  });
});

describe('probability changes', () => {
  const now = [
    [0.5, 0.5],
    [0.2, 0.8],
  ];
  const before = [
    [0.5, 0.5],
    [0.3, 0.7],
  ];

  it('is the difference to the previous sample, or null without one', () => {
    expect(probabilityDelta(now, before, 1, 1)).toBeCloseTo(0.1);
    expect(probabilityDelta(now, null, 1, 1)).toBeNull();
    expect(probabilityDelta(now, before, 5, 0)).toBeNull();
  });

  it('marks only changes of at least half a percentage point', () => {
    expect(deltaDirection(probabilityDelta(now, before, 1, 1))).toBe('up');
    expect(deltaDirection(probabilityDelta(now, before, 1, 0))).toBe('down');
    expect(deltaDirection(0.004)).toBeNull();
    expect(deltaDirection(null)).toBeNull();
  });
});

describe('sparkline', () => {
  it('needs two points', () => {
    expect(sparkline([], 100, 20)).toBeNull();
    expect(sparkline([{ reward: 0.5, baseline: 0.1 }], 100, 20)).toBeNull();
  });

  it('spans the box: the highest value at the top, the lowest at the bottom', () => {
    const line = sparkline(
      [
        { reward: 0.2, baseline: 0 },
        { reward: 1, baseline: 0.5 },
      ],
      100,
      20,
      0,
    )!;
    expect(line.domain).toEqual([0, 1]);
    expect(line.reward).toBe('M0.0,16.0L100.0,0.0');
    expect(line.baseline).toBe('M0.0,20.0L100.0,10.0');
  });
});
