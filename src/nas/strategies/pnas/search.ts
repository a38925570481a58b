/**
 * Progressive neural architecture search (Liu et al., ECCV 2018, Algorithm 1) as an ask/tell
 * search: train every b = 1 cell; fit the surrogate on every result so far; expand each cell of
 * the beam by one block, predict every expansion, keep the K best predicted; train them; refit;
 * and so on up to B blocks. Each level is one batch of proposals. Deterministic from the run seed
 * (the surrogate's stream is forked per level) for the same results, so a run restored from its
 * log by replaying its results continues with the same beam.
 * Pure module: no DOM, React or tfjs.
 */
import { Rng } from '../../rng';
import type { CellOp } from '../../spaces/cell';
import { expandCell, firstLevelCells, pnasNet, type PnasCell } from './cells';
import type { PnasBeamEvent, PnasLevelEvent } from './events';
import { spearman, topK } from './rank';
import { SurrogateEnsemble, type SurrogateSettings } from './surrogate';

/** What a PNAS search needs: its space, beam and surrogate. */
export interface PnasSettings {
  readonly ops: readonly CellOp[];
  /** B: blocks of the largest cells, the last level. */
  readonly blocks: number;
  /** K. */
  readonly beamSize: number;
  readonly surrogate: SurrogateSettings;
}

/** A cell of the current level's beam. */
export interface BeamCell {
  readonly cell: PnasCell;
  readonly net: string;
  /** The surrogate's prediction when the beam was chosen; null at level 1. */
  readonly predicted: number | null;
}

export class PnasSearch {
  private levelNow = 1;
  private beamNow: BeamCell[];
  /** Accuracies of the current level's cells, by net. */
  private readonly measured = new Map<string, number>();
  /** Every trained cell and its accuracy, in training order: the surrogate's data. */
  private readonly trained: { cell: PnasCell; accuracy: number }[] = [];
  private readonly surrogate: SurrogateEnsemble;
  private readonly surrogateRng: Rng;
  private finished = false;

  constructor(
    readonly settings: PnasSettings,
    seed: number,
  ) {
    if (!Number.isInteger(settings.blocks) || settings.blocks < 1)
      throw new Error(`PNAS needs B >= 1 blocks, got ${settings.blocks}`);
    if (!Number.isInteger(settings.beamSize) || settings.beamSize < 1)
      throw new Error(`PNAS needs a beam of K >= 1, got ${settings.beamSize}`);
    this.surrogate = new SurrogateEnsemble(settings.ops, settings.blocks, settings.surrogate);
    this.surrogateRng = new Rng(seed).fork('pnas/surrogate');
    this.beamNow = firstLevelCells(settings.ops).map((cell) => ({
      cell,
      net: pnasNet(cell),
      predicted: null,
    }));
  }

  /** Blocks per cell at the current level. */
  get level(): number {
    return this.levelNow;
  }

  /** Whether the last level has been trained. */
  get done(): boolean {
    return this.finished;
  }

  /** The current level's beam, in the order it is trained. */
  beam(): readonly BeamCell[] {
    return this.beamNow;
  }

  /** The beam's cells not trained yet, in order. */
  untrained(): BeamCell[] {
    return this.beamNow.filter((c) => !this.measured.has(c.net));
  }

  /**
   * Records the accuracy of a cell of the current beam. The level's last result closes the level:
   * the returned events say what was measured, how the refitted surrogate fits, and the next beam.
   */
  record(net: string, accuracy: number, index: number): (PnasLevelEvent | PnasBeamEvent)[] {
    if (this.finished) throw new Error('The PNAS search is done');
    const member = this.beamNow.find((c) => c.net === net);
    if (!member) throw new Error(`${net} is not in the beam of level ${this.levelNow}`);
    if (this.measured.has(net)) throw new Error(`${net} was already trained`);
    if (!(accuracy >= 0 && accuracy <= 1))
      throw new Error(`Accuracy of ${net} must be in [0, 1], got ${accuracy}`);
    this.measured.set(net, accuracy);
    this.trained.push({ cell: member.cell, accuracy });
    return this.measured.size === this.beamNow.length ? this.closeLevel(index) : [];
  }

  private closeLevel(index: number): (PnasLevelEvent | PnasBeamEvent)[] {
    const level = this.levelNow;
    const measured = this.beamNow.map((c) => ({
      arch: c.net,
      predicted: c.predicted,
      accuracy: this.measured.get(c.net)!,
    }));
    const rankCorrelation =
      level === 1
        ? null
        : spearman(
            measured.map((m) => m.predicted!),
            measured.map((m) => m.accuracy),
          );
    if (level === this.settings.blocks) {
      this.finished = true;
      return [{ type: 'pnasLevel', index, level, measured, rankCorrelation, fitted: 0, fitError: null }];
    }
    const fit = this.surrogate.fit(this.trained, this.surrogateRng.fork(`level/${level}`));
    const levelEvent: PnasLevelEvent = {
      type: 'pnasLevel',
      index,
      level,
      measured,
      rankCorrelation,
      fitted: fit.examples,
      fitError: fit.fitError,
    };
    const candidates = this.beamNow.flatMap((c) => expandCell(c.cell, this.settings.ops));
    const predicted = this.surrogate.predict(candidates);
    const nets = candidates.map(pnasNet);
    const kept = topK(predicted, nets, this.settings.beamSize);
    this.beamNow = kept.map((i) => ({ cell: candidates[i]!, net: nets[i]!, predicted: predicted[i]! }));
    this.levelNow = level + 1;
    this.measured.clear();
    const beamEvent: PnasBeamEvent = {
      type: 'pnasBeam',
      index,
      level: this.levelNow,
      candidates: candidates.length,
      beam: this.beamNow.map((c) => ({ arch: c.net, predicted: c.predicted! })),
    };
    return [levelEvent, beamEvent];
  }
}
