/**
 * What PNAS's views draw, from the run view's PNAS part: the scatter's points per level (cells
 * with both a prediction and a measurement) with their rank correlation, and each level's cell
 * rows. Pure functions: words come from the caller.
 */
import type { PnasScatterData } from '../../charts/PnasScatter';
import { spearman } from '../../nas/strategies/pnas/rank';
import { pnasCellOf, type PnasLevelView, type PnasView } from '../../nas/strategies/pnas/view';

/** Words the scatter writes. */
export interface PnasScatterWords {
  axisX: string;
  axisY: string;
  empty: string;
  /** The legend of a level, given its correlation (null: undefined yet). */
  legend(level: number, rho: number | null): string;
}

/** The rank correlation of a level's measured cells: as logged once closed, else over the cells measured so far. */
export function levelCorrelation(level: PnasLevelView): number | null {
  if (level.closed) return level.rankCorrelation;
  const measured = level.cells.filter((c) => c.predicted !== null && c.accuracy !== null);
  return spearman(
    measured.map((c) => c.predicted!),
    measured.map((c) => c.accuracy!),
  );
}

/** The scatter's data: one series per level with predictions and at least one measured cell. */
export function pnasScatterData(view: PnasView, words: PnasScatterWords): PnasScatterData {
  const levels = view.levels.flatMap((level) => {
    const points = level.cells.flatMap((c) =>
      c.predicted !== null && c.accuracy !== null
        ? [{ predicted: c.predicted, measured: c.accuracy, label: pnasCellOf(c.arch) }]
        : [],
    );
    return points.length === 0
      ? []
      : [{ level: level.level, points, legend: words.legend(level.level, levelCorrelation(level)) }];
  });
  return { levels, axisX: words.axisX, axisY: words.axisY, empty: words.empty };
}

/** A row of a level's beam table. */
export interface PnasBeamRow {
  /** The cell, `in1,in2:op1,op2:add|…`. */
  readonly cell: string;
  readonly predicted: number | null;
  readonly measured: number | null;
  /** Whether it is the level's best measured cell so far. */
  readonly best: boolean;
}

/** A level's rows in training order, its best measured cell marked. */
export function pnasBeamRows(level: PnasLevelView): PnasBeamRow[] {
  const best = Math.max(-Infinity, ...level.cells.flatMap((c) => (c.accuracy === null ? [] : [c.accuracy])));
  return level.cells.map((c) => ({
    cell: pnasCellOf(c.arch),
    predicted: c.predicted,
    measured: c.accuracy,
    best: c.accuracy !== null && c.accuracy === best,
  }));
}
