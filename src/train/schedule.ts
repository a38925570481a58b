/**
 * The MetaQNN training schedule (SPEC §2 "Training each sampled net"), shared by the tfjs
 * trainer (trainer.ts) and our WebGPU engine's (src/gpu/engineTrainer.ts): seeded shuffling per
 * epoch, an epoch's shorter last batch, the learning rate x lrDecayFactor every lrDecayEvery
 * epochs, validation accuracy after every epoch, reward = best validation accuracy, the restart
 * rule at a lower learning rate, throttled progress reports and yields to the event loop. What
 * trains a batch is an `Attempt`, one per (re)start. Pure module: no tfjs.
 */
import type { TrainingConfig } from '../nas/config';
import { Rng } from '../nas/rng';
import type { TrainingProgress } from '../worker/protocol';

/** Progress of the model being trained, reported between batches (the worker adds index and arch). */
export type BatchProgress = Omit<TrainingProgress, 'index' | 'arch'>;

/** How often to report and yield. */
export interface ScheduleOptions {
  /** Seed of weight initialisation, dropout and shuffling (EvalContext.trainingSeed). */
  seed: number;
  /** Called at most every `progressIntervalMs`, and always for the last batch of an epoch. */
  onProgress?: (p: BatchProgress) => void;
  /** Minimum time between two progress reports (default 50 ms: at most ~20 per second). */
  progressIntervalMs?: number;
  /** Longest stretch without yielding to the event loop (default 20 ms), so messages get in. */
  yieldIntervalMs?: number;
}

/** The seeds of one (re)start, forked from the model's seed. */
export interface StartSeeds {
  /** 0 for the first start. */
  restart: number;
  /** Seed of the weight initialisation. */
  init: number;
  /** Seed of dropout masks drawn outside tfjs (the engine's). */
  dropout: number;
  /** Adam's learning rate of the first epoch. */
  learningRate: number;
}

/** One (re)start of a model's training. */
export interface Attempt {
  /** Trainable parameters. */
  readonly params: number;
  /** Adam's learning rate from the next step on (its moments are kept). */
  setLearningRate(learningRate: number): void;
  /** Trains one batch of training images (indices into the training set). */
  step(indices: Int32Array): Promise<void>;
  /**
   * The loss of the last batch when `wanted` (or when the attempt must read it back anyway), else
   * null: an attempt may keep losses on the GPU between read-backs.
   */
  loss(wanted: boolean): Promise<number | null>;
  /** Fraction of validation images whose arg-max prediction is the label. */
  validate(): Promise<number>;
  /** Called once on the attempt whose result is returned (to hand out its trained model). */
  finish(): Promise<void>;
  dispose(): void;
}

/** The trained result, less what only the caller knows (backend, training path). */
export interface ScheduleResult {
  accuracy: number;
  curve: number[];
  params: number;
  trainMs: number;
  restarts: number;
}

/**
 * The restart rule's "no better than chance": validation accuracy at most 1/classes + 0.01
 * (one point of slack so that a constant predictor that lands a little above 10% by the class
 * mix of the validation subset still counts as chance).
 */
export function isNoBetterThanChance(accuracy: number, classes: number): boolean {
  return accuracy <= 1 / classes + 0.01;
}

/** Learning rate of a 1-based epoch of a start: decays every `lrDecayEvery` epochs. */
export function learningRateAt(training: TrainingConfig, restart: number, epoch: number): number {
  const start = training.learningRate * training.restartLrFactor ** restart;
  const every = Math.max(1, training.lrDecayEvery);
  return start * training.lrDecayFactor ** Math.floor((epoch - 1) / every);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates driven by `rng`). */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const now = (): number => performance.now();

/**
 * Trains a model under `training` on `data.nTrain` images of `data.classes` classes, one attempt
 * per (re)start from `begin`; the reward is the best validation accuracy of the last start.
 */
export async function runSchedule(
  training: TrainingConfig,
  data: { nTrain: number; classes: number },
  options: ScheduleOptions,
  begin: (seeds: StartSeeds) => Promise<Attempt> | Attempt,
): Promise<ScheduleResult> {
  const started = now();
  const progressInterval = options.progressIntervalMs ?? 50;
  const yieldInterval = options.yieldIntervalMs ?? 20;
  const epochs = Math.max(1, training.epochs);
  const batchSize = Math.max(1, training.batchSize);
  const batches = Math.ceil(data.nTrain / batchSize);
  let lastProgress = -Infinity;
  let lastYield = now();

  for (let restart = 0; ; restart++) {
    const start = new Rng(options.seed).fork(`start-${restart}`);
    const shuffle = start.fork('shuffle');
    const attempt = await begin({
      restart,
      init: start.fork('init').nextUint32(),
      dropout: start.fork('dropout').nextUint32(),
      learningRate: learningRateAt(training, restart, 1),
    });
    let again = false;
    let loss = NaN;
    const curve: number[] = [];
    try {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        attempt.setLearningRate(learningRateAt(training, restart, epoch));
        const order = permutation(data.nTrain, shuffle);
        const valAccuracy = curve.length > 0 ? curve[curve.length - 1]! : null;
        for (let batch = 1; batch <= batches; batch++) {
          await attempt.step(
            order.subarray((batch - 1) * batchSize, Math.min(batch * batchSize, data.nTrain)),
          );
          const t = now();
          const due =
            options.onProgress !== undefined && (batch === batches || t - lastProgress >= progressInterval);
          loss = (await attempt.loss(due || batch === batches)) ?? loss;
          if (due) {
            lastProgress = t;
            options.onProgress!({ epoch, epochs, batch, batches, loss, valAccuracy, restart });
          }
          if (t - lastYield >= yieldInterval) {
            await nextMacrotask();
            lastYield = now();
          }
        }
        const accuracy = await attempt.validate();
        curve.push(accuracy);
        options.onProgress?.({
          epoch,
          epochs,
          batch: batches,
          batches,
          loss,
          valAccuracy: accuracy,
          restart,
        });
        if (epoch === 1 && restart < training.maxRestarts && isNoBetterThanChance(accuracy, data.classes)) {
          again = true;
          break;
        }
      }
      if (!again) {
        await attempt.finish();
        return {
          accuracy: Math.max(...curve),
          curve,
          params: attempt.params,
          trainMs: now() - started,
          restarts: restart,
        };
      }
    } finally {
      attempt.dispose();
    }
  }
}
