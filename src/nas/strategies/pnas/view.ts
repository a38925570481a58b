/**
 * PNAS's part of the run view: each level's beam with the predicted and the measured accuracy of
 * its cells, the surrogate's rank correlation on it and its fit, folded from the log.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunEvent } from '../../runlog';
import type { ViewFold } from '../contract';

/** A cell of a level's beam as the views draw it. */
export interface PnasViewCell {
  /** Architecture string (normal and reduction cell: the same cell). */
  readonly arch: string;
  /** The surrogate's prediction when it chose the cell; null at level 1. */
  readonly predicted: number | null;
  /** Measured accuracy, or null while it trains. */
  readonly accuracy: number | null;
}

/** One level of a PNAS run. */
export interface PnasLevelView {
  /** Blocks per cell. */
  readonly level: number;
  /** Expansions the surrogate ranked to choose the beam; null at level 1 (all cells are trained). */
  readonly candidates: number | null;
  readonly cells: readonly PnasViewCell[];
  /** Spearman's correlation of predicted and measured accuracy, once the level is trained. */
  readonly rankCorrelation: number | null;
  /** Mean absolute error of the surrogate refitted after the level, and on how many cells. */
  readonly fitError: number | null;
  readonly fitted: number;
  /** Whether every cell of the level is trained. */
  readonly closed: boolean;
}

/** A PNAS run as its views draw it. */
export interface PnasView {
  readonly levels: readonly PnasLevelView[];
}

export const EMPTY_PNAS_VIEW: PnasView = { levels: [] };

const openLevel = (level: number, candidates: number | null, cells: PnasViewCell[]): PnasLevelView => ({
  level,
  candidates,
  cells,
  rankCorrelation: null,
  fitError: null,
  fitted: 0,
  closed: false,
});

function withLast(view: PnasView, last: PnasLevelView): PnasView {
  return { levels: [...view.levels.slice(0, -1), last] };
}

/** The view after one more event. */
function applyPnas(view: PnasView, event: RunEvent): PnasView {
  const last = view.levels.at(-1);
  switch (event.type) {
    case 'result': {
      if (event.cached) return view;
      if (!last)
        return {
          levels: [openLevel(1, null, [{ arch: event.arch, predicted: null, accuracy: event.accuracy }])],
        };
      if (last.closed) return view;
      const k = last.cells.findIndex((c) => c.arch === event.arch);
      const cells = [...last.cells];
      if (k >= 0) cells[k] = { ...cells[k]!, accuracy: event.accuracy };
      else if (last.level === 1) cells.push({ arch: event.arch, predicted: null, accuracy: event.accuracy });
      else return view;
      return withLast(view, { ...last, cells });
    }
    case 'pnasLevel': {
      const level: PnasLevelView = {
        ...(last && last.level === event.level ? last : openLevel(event.level, null, [])),
        cells: event.measured.map((m) => ({ ...m })),
        rankCorrelation: event.rankCorrelation,
        fitError: event.fitError,
        fitted: event.fitted,
        closed: true,
      };
      return last && last.level === event.level ? withLast(view, level) : { levels: [...view.levels, level] };
    }
    case 'pnasBeam':
      return {
        levels: [
          ...view.levels,
          openLevel(
            event.level,
            event.candidates,
            event.beam.map((b) => ({ arch: b.arch, predicted: b.predicted, accuracy: null })),
          ),
        ],
      };
    default:
      return view;
  }
}

export const PNAS_VIEW: ViewFold<PnasView> = { initial: EMPTY_PNAS_VIEW, apply: applyPnas };

/** The PNAS part of a run view (`RunView.strategyView`). */
export const pnasViewOf = (strategyView: unknown): PnasView =>
  (strategyView as PnasView | null) ?? EMPTY_PNAS_VIEW;

/** The cell of an architecture string `N[<cell>] R[<cell>]`: its normal cell's blocks. */
export function pnasCellOf(arch: string): string {
  return /^N\[([^\]]*)\]/.exec(arch)?.[1] ?? arch;
}
