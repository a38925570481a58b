/**
 * The search loop every one-shot strategy shares (DARTS, SNAS, ENAS; SPEC §5, issue #18), one
 * minibatch per `step()`: epochs of supernet steps (the method's own step: DARTS's alpha then
 * weight step, SNAS's joint step, ENAS's child step), a snapshot in the log every
 * `snapshotEvery` steps, a validation pass after each epoch, ENAS's controller phase after it,
 * then the derivation, and last the derived cell trained alone (the run's one `result`).
 *
 * Randomness: the batches of epoch e come from `rng.fork('epoch e')` of the run's one-shot stream
 * and each step's draws (Gumbel noise, a child) from `rng.fork('step s')`, so a run resumed at an
 * epoch boundary draws what the uninterrupted run drew.
 * Pure module: no DOM, React or tfjs (the supernet comes in as a `SupernetTrainer`).
 */
import type { Rng } from '../../rng';
import type { ProposeEvent, ResultEvent, RunEvent } from '../../runlog';
import type { LoopState, OneShotCheckpoint } from '../../oneshot/checkpoint';
import type { OneShotDerivedEvent, OneShotStepEvent } from '../../oneshot/events';
import { meanEntropy } from '../../oneshot/gumbel';
import type { OneShotSpace } from '../../oneshot/spaces';
import { cosineLr } from '../../oneshot/schedules';
import {
  standaloneResultFields,
  type BatchStats,
  type EdgeMix,
  type SupernetTrainer,
} from '../../oneshot/trainer';
import type { OneShotModelProgress, OneShotSearch, OneShotStep } from '../contract';
import { standaloneOptionsOf, type OneShotCommonConfig } from './config';

/** What one supernet step of a method reports beyond its batch's loss and accuracy. */
export interface MethodStep extends BatchStats {
  readonly temperature?: number;
  readonly penalty?: number;
  readonly child?: readonly number[];
  /** The step with its numbers for explain mode (`darts-alpha`, `snas-gumbel`), when asked. */
  readonly explained?: RunEvent;
}

/** Where the search is, for a method's step. */
export interface StepContext {
  /** Epoch, from 0. */
  readonly epoch: number;
  /** Step of the whole search, from 0. */
  readonly step: number;
  /** Steps of the whole search (epochs x batches per epoch). */
  readonly totalSteps: number;
  /** Learning rate of the shared weights in this epoch. */
  readonly lr: number;
  /** This step's random stream. */
  readonly rng: Rng;
  /** The validation batch of this step (DARTS's alpha step). */
  readonly valBatch: readonly number[];
  /** Log this step's numbers for explain mode (the first step of each epoch). */
  readonly explain: boolean;
}

/** What a one-shot method adds to the shared loop. */
export interface OneShotMethod {
  /** One minibatch of the supernet (and alpha). */
  step(trainer: SupernetTrainer, batch: readonly number[], context: StepContext): Promise<MethodStep>;
  /** The architecture distribution now, [edges][ops], rows summing to 1. */
  distribution(trainer: SupernetTrainer): Promise<number[][]>;
  /** The mix of the validation pass after epoch `epoch` (ENAS: one per child sampled). */
  validationMixes(epoch: number, rng: Rng): EdgeMix[];
  /** ENAS: the controller updates after epoch `epoch`, one `step()` each. */
  readonly controllerSteps?: number;
  controllerStep?(
    trainer: SupernetTrainer,
    epoch: number,
    rng: Rng,
    valBatches: (k: number) => number[],
  ): Promise<RunEvent>;
  /** The derived cell (one op per edge) and how it was found. */
  derive(
    trainer: SupernetTrainer,
    rng: Rng,
  ): Promise<Pick<OneShotDerivedEvent, 'ops' | 'rule' | 'candidates'>>;
  /** Resume: what the method holds beyond the trainer (ENAS's controller). */
  getState?(): unknown;
  setState?(state: unknown): void;
}

type Phase = 'train' | 'controller' | 'derive' | 'standalone' | 'over';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** A Fisher-Yates permutation of 0..n-1 from `rng`. */
export function permutation(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Minibatches of one pass over `n` images in the order of `rng` (the last one may be short). */
export function batchesOf(n: number, batchSize: number, rng: Rng): number[][] {
  const order = permutation(n, rng);
  const batches: number[][] = [];
  for (let i = 0; i < n; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

/** The shared-weight search of a one-shot strategy, one minibatch per step. */
export class SupernetSearch implements OneShotSearch {
  private phase: Phase = 'train';
  private epoch = 0;
  private stepCount = 0;
  private batchInEpoch = 0;
  private batches: number[][] = [];
  private valBatches: number[][] = [];
  private controllerDone = 0;
  private elapsedMs = 0;
  private lastValAccuracy: number | null = null;
  /** Loss and accuracy of the steps since the last snapshot, and since the epoch began. */
  private sinceSnapshot: BatchStats[] = [];
  private sinceEpoch: BatchStats[] = [];
  private derived: OneShotDerivedEvent | null = null;
  /** Epoch boundary last checkpointed (0: none). */
  private checkpointedEpoch = 0;
  readonly batchesPerEpoch: number;

  constructor(
    private readonly trainer: SupernetTrainer,
    private readonly method: OneShotMethod,
    private readonly section: OneShotCommonConfig,
    private readonly seed: number,
    /** The cell space: the derived cell's string is its `archOf`. */
    private readonly space: OneShotSpace,
    /** NAS-Bench-201's CIFAR-10 accuracy of a cell string, when the table is at hand. */
    private readonly benchmark?: (arch: string) => Promise<number | undefined>,
    /** Progress of the derived cell's standalone training (proposal 0). */
    private readonly onProgress?: (progress: OneShotModelProgress) => void,
  ) {
    this.batchesPerEpoch = Math.ceil(trainer.trainImages / section.batchSize);
  }

  private get totalSteps(): number {
    return this.section.epochs * this.batchesPerEpoch;
  }

  async step(_index: number, rng: Rng): Promise<OneShotStep> {
    const started = performance.now();
    try {
      switch (this.phase) {
        case 'train':
          return { events: await this.trainStep(rng), done: false };
        case 'controller':
          return { events: await this.controllerStep(rng), done: false };
        case 'derive':
          return { events: await this.deriveStep(rng), done: false };
        case 'standalone':
          return { events: await this.standaloneStep(), done: true };
        case 'over':
          throw new Error('The one-shot search is over');
      }
    } finally {
      this.elapsedMs += performance.now() - started;
    }
  }

  private async trainStep(rng: Rng): Promise<RunEvent[]> {
    if (this.batchInEpoch === 0) {
      const epochRng = rng.fork(`epoch ${this.epoch}`);
      this.batches = batchesOf(this.trainer.trainImages, this.section.batchSize, epochRng.fork('train'));
      this.valBatches = batchesOf(this.trainer.valImages, this.section.batchSize, epochRng.fork('val'));
    }
    const lr = cosineLr(
      this.epoch,
      this.section.epochs,
      this.section.learningRate,
      this.section.learningRateMin,
    );
    const batch = this.batches[this.batchInEpoch]!;
    const context: StepContext = {
      epoch: this.epoch,
      step: this.stepCount,
      totalSteps: this.totalSteps,
      lr,
      rng: rng.fork(`step ${this.stepCount}`),
      valBatch: this.valBatches[this.batchInEpoch % this.valBatches.length]!,
      explain: this.batchInEpoch === 0,
    };
    const result = await this.method.step(this.trainer, batch, context);
    this.stepCount++;
    this.batchInEpoch++;
    this.sinceSnapshot.push(result);
    this.sinceEpoch.push(result);
    const events: RunEvent[] = result.explained ? [result.explained] : [];
    const lastOfEpoch = this.batchInEpoch === this.batches.length;
    if (lastOfEpoch || this.stepCount % this.section.snapshotEvery === 0)
      events.push(await this.snapshot(result, lr));
    if (lastOfEpoch) {
      events.push(await this.endEpoch(rng));
      this.batchInEpoch = 0;
      this.phase = (this.method.controllerSteps ?? 0) > 0 ? 'controller' : this.nextEpochPhase();
      this.controllerDone = 0;
    }
    return events;
  }

  private nextEpochPhase(): Phase {
    this.epoch++;
    return this.epoch < this.section.epochs ? 'train' : 'derive';
  }

  private async snapshot(result: MethodStep, lr: number): Promise<OneShotStepEvent> {
    const weights = await this.method.distribution(this.trainer);
    const event: OneShotStepEvent = {
      type: 'oneshot-step',
      step: this.stepCount,
      epoch: this.epoch,
      trainLoss: mean(this.sinceSnapshot.map((s) => s.loss)),
      trainAccuracy: mean(this.sinceSnapshot.map((s) => s.accuracy)),
      weights,
      entropy: meanEntropy(weights),
      lr,
      ...(result.temperature !== undefined ? { temperature: result.temperature } : {}),
      ...(result.penalty !== undefined ? { penalty: result.penalty } : {}),
      ...(result.child !== undefined ? { child: [...result.child] } : {}),
    };
    this.sinceSnapshot = [];
    return event;
  }

  private async endEpoch(rng: Rng): Promise<RunEvent> {
    const mixes = this.method.validationMixes(this.epoch, rng.fork(`validation ${this.epoch}`));
    const stats: BatchStats[] = [];
    for (const mix of mixes) stats.push(await this.trainer.evaluate(mix));
    const valLoss = mean(stats.map((s) => s.loss));
    const valAccuracy = mean(stats.map((s) => s.accuracy));
    this.lastValAccuracy = valAccuracy;
    const event: RunEvent = {
      type: 'oneshot-epoch',
      epoch: this.epoch,
      step: this.stepCount,
      trainLoss: mean(this.sinceEpoch.map((s) => s.loss)),
      trainAccuracy: mean(this.sinceEpoch.map((s) => s.accuracy)),
      valLoss,
      valAccuracy,
      elapsedMs: Math.round(this.elapsedMs),
    };
    this.sinceEpoch = [];
    return event;
  }

  private async controllerStep(rng: Rng): Promise<RunEvent[]> {
    const k = this.controllerDone;
    const stepRng = rng.fork(`epoch ${this.epoch} controller ${k}`);
    const event = await this.method.controllerStep!(this.trainer, this.epoch, stepRng, (j) => {
      const batches = this.valBatches;
      return batches[(k * 7919 + j) % batches.length]!;
    });
    this.controllerDone++;
    if (this.controllerDone >= this.method.controllerSteps!) this.phase = this.nextEpochPhase();
    return [event];
  }

  private async deriveStep(rng: Rng): Promise<RunEvent[]> {
    const { ops, rule, candidates } = await this.method.derive(this.trainer, rng.fork('derive'));
    const arch = this.space.archOf(ops);
    const inherited = await this.trainer.evaluate({ kind: 'child', ops });
    const benchmark = await this.benchmark?.(arch);
    this.derived = {
      type: 'oneshot-derived',
      arch,
      ops: [...ops],
      rule,
      ...(candidates ? { candidates } : {}),
      supernetAccuracy: this.lastValAccuracy ?? 0,
      inheritedAccuracy: inherited.accuracy,
      ...(benchmark !== undefined ? { benchmarkAccuracy: benchmark } : {}),
    };
    const propose: ProposeEvent = { type: 'propose', index: 0, arch, trajectory: [], decisions: [...ops] };
    this.phase = 'standalone';
    return [this.derived, propose];
  }

  private async standaloneStep(): Promise<RunEvent[]> {
    const derived = this.derived!;
    const report = this.onProgress;
    const alone = await this.trainer.trainAlone(
      derived.ops,
      standaloneOptionsOf(this.section, this.seed),
      report && ((p) => report({ ...p, index: 0, arch: derived.arch, restart: 0 })),
    );
    const result: ResultEvent = {
      type: 'result',
      index: 0,
      arch: derived.arch,
      reward: alone.accuracy,
      ...standaloneResultFields(alone),
      cached: false,
    };
    this.phase = 'over';
    return [result];
  }

  /**
   * Whether the loop has just finished an epoch (its controller phase included) and has not yet
   * been checkpointed there: the boundary a resume restarts from.
   */
  get checkpointDue(): boolean {
    const boundary = (this.phase === 'train' && this.batchInEpoch === 0) || this.phase === 'derive';
    return boundary && this.epoch > 0 && this.checkpointedEpoch !== this.epoch;
  }

  /** The state at this boundary (`events` is the run's to fill in). */
  async checkpoint(): Promise<Omit<OneShotCheckpoint, 'events'>> {
    this.checkpointedEpoch = this.epoch;
    const loop: LoopState = {
      epoch: this.epoch,
      step: this.stepCount,
      elapsedMs: this.elapsedMs,
      lastValAccuracy: this.lastValAccuracy,
    };
    return { loop, method: this.method.getState?.() ?? null, trainer: await this.trainer.saveState() };
  }

  /** Continues from a checkpoint: the supernet's and the method's state, and the loop's place. */
  restore(checkpoint: Omit<OneShotCheckpoint, 'events'>): void {
    const { loop } = checkpoint;
    if (!Number.isInteger(loop.epoch) || loop.epoch < 1 || loop.epoch > this.section.epochs)
      throw new Error(
        `A checkpoint after epoch ${loop.epoch} does not fit a search of ${this.section.epochs} epochs`,
      );
    this.trainer.loadState(checkpoint.trainer);
    if (this.method.setState) this.method.setState(checkpoint.method);
    this.epoch = loop.epoch;
    this.stepCount = loop.step;
    this.elapsedMs = loop.elapsedMs;
    this.lastValAccuracy = loop.lastValAccuracy;
    this.phase = this.epoch < this.section.epochs ? 'train' : 'derive';
    this.batchInEpoch = 0;
    this.checkpointedEpoch = this.epoch;
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
