import { describe, expect, it } from 'vitest';
import type { OneShotDerivedEvent, OneShotStepEvent } from '../../../nas/oneshot/events';
import { EMPTY_ONESHOT, type OneShotView } from '../../../nas/oneshot/view';
import { NB201_OPS } from '../../../nas/spaces/nb201';
import {
  alphaGrid,
  chosenWeights,
  controllerNumbers,
  edgeLabel,
  edgeStacks,
  entropySeries,
  gapRows,
  thin,
} from './oneShotData';

const SKIP = NB201_OPS.indexOf('skip_connect');
const CONV3 = NB201_OPS.indexOf('nor_conv_3x3');

/** A DARTS-like collapse: skip's weight on every edge grows from uniform (0.2) to `skip`. */
function snapshot(step: number, skip: number, extra: Partial<OneShotStepEvent> = {}): OneShotStepEvent {
  const rest = (1 - skip) / 4;
  const row = NB201_OPS.map((_, op) => (op === SKIP ? skip : rest));
  return {
    type: 'oneshot-step',
    step,
    epoch: 0,
    trainLoss: 2,
    trainAccuracy: 0.2,
    weights: Array.from({ length: 6 }, () => row),
    entropy: 1.5,
    lr: 0.025,
    ...extra,
  };
}

const view = (snapshots: OneShotStepEvent[], derived: OneShotDerivedEvent | null = null): OneShotView => ({
  ...EMPTY_ONESHOT,
  snapshots,
  derived,
});

describe('edge weights over time (stacked areas)', () => {
  const stacks = edgeStacks([snapshot(10, 0.2), snapshot(20, 0.5), snapshot(30, 0.9)]);

  it('draws six edges, each with one band per op over the snapshots steps', () => {
    expect(stacks.map((s) => s.edge)).toEqual(['0→1', '0→2', '1→2', '0→3', '1→3', '2→3']);
    expect(stacks[0]!.steps).toEqual([10, 20, 30]);
    expect(stacks[0]!.layers.map((l) => l.op)).toEqual([...NB201_OPS]);
  });

  it('stacks the bands without gaps up to 1', () => {
    const layers = stacks[3]!.layers;
    for (let i = 1; i < layers.length; i++) expect(layers[i]!.y0).toEqual(layers[i - 1]!.y1);
    expect(layers[0]!.y0).toEqual([0, 0, 0]);
    for (const top of layers.at(-1)!.y1) expect(top).toBeCloseTo(1, 12);
  });

  it('shows skip_connect taking over as its band growing', () => {
    const skip = stacks[0]!.layers[SKIP]!;
    const heights = skip.y1.map((top, i) => top - skip.y0[i]!);
    expect(heights[0]).toBeCloseTo(0.2);
    expect(heights[2]).toBeCloseTo(0.9);
  });

  it('renormalises a row that does not quite sum to 1', () => {
    const off = snapshot(5, 0.2);
    const [edge] = edgeStacks([{ ...off, weights: off.weights.map((r) => r.map((w) => w * 2)) }]);
    expect(edge!.layers.at(-1)!.y1[0]).toBeCloseTo(1, 12);
  });
});

describe('thinning a long run', () => {
  it('keeps at most the limit, the first and the last', () => {
    const list = Array.from({ length: 1001 }, (_, i) => i);
    const kept = thin(list, 400);
    expect(kept).toHaveLength(400);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(1000);
  });
});

describe('the heat map of the latest distribution', () => {
  it('is empty before the first snapshot', () => {
    expect(alphaGrid(EMPTY_ONESHOT)).toBeNull();
  });

  it('shows the last snapshot, edges by ops', () => {
    const grid = alphaGrid(view([snapshot(10, 0.2), snapshot(20, 0.6)]))!;
    expect(grid.step).toBe(20);
    expect(grid.edges[2]).toBe(edgeLabel(2));
    expect(grid.values).toHaveLength(6);
    expect(grid.values[0]![SKIP]).toBeCloseTo(0.6);
  });
});

describe('entropy and temperature', () => {
  it('carries the temperature only when the snapshots have one (SNAS)', () => {
    expect(entropySeries([snapshot(1, 0.2)])[0]).toEqual({ step: 1, entropy: 1.5 });
    expect(entropySeries([snapshot(1, 0.2, { temperature: 4 })])[0]).toEqual({
      step: 1,
      entropy: 1.5,
      temperature: 4,
    });
  });
});

describe('the derivation gap', () => {
  const derived: OneShotDerivedEvent = {
    type: 'oneshot-derived',
    arch: '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|nor_conv_3x3~2|',
    ops: [SKIP, SKIP, SKIP, SKIP, SKIP, CONV3],
    rule: 'argmax',
    supernetAccuracy: 0.62,
    inheritedAccuracy: 0.31,
  };

  it('is shown only once the cell is derived', () => {
    expect(gapRows(null, null)).toBeNull();
  });

  it('lists supernet, inherited, standalone and the benchmark reference in that order', () => {
    const rows = gapRows(derived, null)!;
    expect(rows.map((r) => r.key)).toEqual(['supernet', 'inherited', 'standalone', 'benchmark']);
    expect(rows.map((r) => r.accuracy)).toEqual([0.62, 0.31, null, null]);
    expect(gapRows({ ...derived, benchmarkAccuracy: 0.9 }, 0.8)!.map((r) => r.accuracy)).toEqual([
      0.62, 0.31, 0.8, 0.9,
    ]);
  });

  it('gives each edge the final weight of the op it kept', () => {
    const weights = chosenWeights(view([snapshot(30, 0.9)], derived));
    expect(weights[0]).toBeCloseTo(0.9);
    expect(weights[5]).toBeCloseTo(0.025);
  });
});

describe("ENAS's controller numbers", () => {
  it('sums up the last update', () => {
    const numbers = controllerNumbers(
      {
        type: 'enas-update',
        epoch: 2,
        children: [],
        accuracies: [0.4, 0.5, 0.6],
        rewards: [0.4, 0.5, 0.6],
        baseline: 0.45,
        entropy: 1.2,
        entropyWeight: 1e-4,
        loss: 0.1,
      },
      7,
    );
    expect(numbers).toMatchObject({
      children: 3,
      minReward: 0.4,
      maxReward: 0.6,
      baseline: 0.45,
      updates: 7,
    });
    expect(numbers!.meanReward).toBeCloseTo(0.5);
    expect(controllerNumbers(undefined, 0)).toBeNull();
  });
});
