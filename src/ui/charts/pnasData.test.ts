import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../nas/runlog';
import { PNAS_VIEW, type PnasView } from '../../nas/strategies/pnas/view';
import { levelCorrelation, pnasBeamRows, pnasScatterData } from './pnasData';

const A = 'N[0,0:max_pool_3x3,max_pool_3x3:add] R[0,0:max_pool_3x3,max_pool_3x3:add]';
const B = 'N[0,1:max_pool_3x3,sep_conv_3x3:add] R[0,1:max_pool_3x3,sep_conv_3x3:add]';
const A2 =
  'N[0,0:max_pool_3x3,max_pool_3x3:add|0,2:sep_conv_3x3,sep_conv_3x3:add] R[0,0:max_pool_3x3,max_pool_3x3:add|0,2:sep_conv_3x3,sep_conv_3x3:add]';
const B2 =
  'N[0,1:max_pool_3x3,sep_conv_3x3:add|1,2:sep_conv_3x3,sep_conv_3x3:add] R[0,1:max_pool_3x3,sep_conv_3x3:add|1,2:sep_conv_3x3,sep_conv_3x3:add]';
const C2 =
  'N[0,1:max_pool_3x3,sep_conv_3x3:add|0,0:sep_conv_3x3,sep_conv_3x3:add] R[0,1:max_pool_3x3,sep_conv_3x3:add|0,0:sep_conv_3x3,sep_conv_3x3:add]';

const result = (index: number, arch: string, accuracy: number): RunEvent => ({
  type: 'result',
  index,
  arch,
  reward: accuracy,
  accuracy,
  curve: [accuracy],
  params: 1,
  trainMs: 1,
  backend: 'cpu',
  restarts: 0,
  cached: false,
});

function fold(events: RunEvent[]): PnasView {
  return events.reduce(PNAS_VIEW.apply, PNAS_VIEW.initial);
}

const words = {
  axisX: 'predicted',
  axisY: 'measured',
  empty: 'none',
  legend: (level: number, rho: number | null) => `L${level} ${rho === null ? '-' : rho.toFixed(2)}`,
};

const LOG: RunEvent[] = [
  result(0, A, 0.6),
  result(1, B, 0.7),
  {
    type: 'pnasLevel',
    index: 1,
    level: 1,
    measured: [
      { arch: A, predicted: null, accuracy: 0.6 },
      { arch: B, predicted: null, accuracy: 0.7 },
    ],
    rankCorrelation: null,
    fitted: 2,
    fitError: 0.01,
  },
  {
    type: 'pnasBeam',
    index: 1,
    level: 2,
    candidates: 42,
    beam: [
      { arch: B2, predicted: 0.8 },
      { arch: C2, predicted: 0.75 },
      { arch: A2, predicted: 0.7 },
    ],
  },
  result(2, B2, 0.9),
  result(3, C2, 0.5),
];

describe('PNAS views data', () => {
  it('folds levels: all b = 1 cells measured, then the beam with predictions, accuracies as they come', () => {
    const view = fold(LOG);
    expect(view.levels.map((l) => [l.level, l.candidates, l.closed, l.cells.length])).toEqual([
      [1, null, true, 2],
      [2, 42, false, 3],
    ]);
    expect(view.levels[1]!.cells.map((c) => c.accuracy)).toEqual([0.9, 0.5, null]);
    expect(pnasBeamRows(view.levels[1]!).map((r) => [r.cell.split('|')[1], r.best])).toEqual([
      ['1,2:sep_conv_3x3,sep_conv_3x3:add', true],
      ['0,0:sep_conv_3x3,sep_conv_3x3:add', false],
      ['0,2:sep_conv_3x3,sep_conv_3x3:add', false],
    ]);
  });

  it('plots only predicted and measured cells, per level, with the correlation so far', () => {
    const view = fold(LOG);
    const data = pnasScatterData(view, words);
    expect(data.levels).toHaveLength(1);
    expect(data.levels[0]!.points.map((p) => [p.predicted, p.measured])).toEqual([
      [0.8, 0.9],
      [0.75, 0.5],
    ]);
    expect(data.levels[0]!.legend).toBe('L2 1.00');
    // Level 1 has no predictions: nothing to plot before level 2.
    expect(pnasScatterData(fold(LOG.slice(0, 4)), words).levels).toEqual([]);
  });

  it('uses the logged correlation once the level is closed', () => {
    const closed = fold([
      ...LOG,
      result(4, A2, 0.95),
      {
        type: 'pnasLevel',
        index: 4,
        level: 2,
        measured: [
          { arch: B2, predicted: 0.8, accuracy: 0.9 },
          { arch: C2, predicted: 0.75, accuracy: 0.5 },
          { arch: A2, predicted: 0.7, accuracy: 0.95 },
        ],
        rankCorrelation: -0.5,
        fitted: 0,
        fitError: null,
      },
    ]);
    expect(closed.levels[1]!.closed).toBe(true);
    expect(levelCorrelation(closed.levels[1]!)).toBe(-0.5);
  });
});
