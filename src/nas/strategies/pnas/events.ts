/**
 * The run-log events PNAS adds: a level's measured beam with the surrogate's fit, and the next
 * level's beam as the surrogate chose it. Pure module: no DOM, React or tfjs.
 */

/** A cell of a level's beam as trained: what the surrogate predicted (none at b = 1) and what it measured. */
export interface PnasMeasuredCell {
  /** Architecture string (the cell as normal and reduction cell), as in the propose events. */
  readonly arch: string;
  /** The surrogate's prediction before training it; null at level 1, which is not predicted. */
  readonly predicted: number | null;
  /** Best validation accuracy. */
  readonly accuracy: number;
}

/** PNAS: every cell of level `level` is trained; the surrogate was refitted on all results so far. */
export interface PnasLevelEvent {
  readonly type: 'pnasLevel';
  /** Proposal index of the level's last model. */
  readonly index: number;
  /** Blocks per cell at this level, 1..B. */
  readonly level: number;
  /** The level's cells in the order trained. */
  readonly measured: readonly PnasMeasuredCell[];
  /** Spearman's rank correlation of predicted and measured accuracy over the level; null at level 1 or when undefined. */
  readonly rankCorrelation: number | null;
  /** Cells the surrogate was refitted on (every model trained so far); 0 at the last level, where it is not refitted. */
  readonly fitted: number;
  /** Mean absolute error of the refitted surrogate over those cells; null at the last level. */
  readonly fitError: number | null;
}

/** A cell of the next beam with its predicted accuracy. */
export interface PnasBeamCell {
  readonly arch: string;
  readonly predicted: number;
}

/** PNAS: the next level's candidates (every one-block expansion of the beam), predicted; the top K kept. */
export interface PnasBeamEvent {
  readonly type: 'pnasBeam';
  /** Proposal index of the model whose result closed the previous level. */
  readonly index: number;
  /** Blocks per cell at the new level, 2..B. */
  readonly level: number;
  /** Candidates the surrogate ranked. */
  readonly candidates: number;
  /** The kept beam, best predicted first: the level's proposals, in this order. */
  readonly beam: readonly PnasBeamCell[];
}

declare module '../../runlog' {
  interface StrategyEvents {
    pnasLevel: PnasLevelEvent;
    pnasBeam: PnasBeamEvent;
  }
}
