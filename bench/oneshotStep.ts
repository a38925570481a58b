/**
 * One-shot supernet steps per second (`npm run bench:oneshot`): the very minibatch step the
 * worker's one-shot loop runs (`OneShotMethod.step` of src/nas/strategies/{darts,snas,enas} on
 * `createNb201Supernet`, as `SupernetSearch.trainStep` calls it), timed on whatever tfjs backend
 * is active, with the peak of tfjs's memory and the tensors a step leaves behind.
 * The epoch's other work (snapshots, the validation pass, ENAS's controller phase) is not timed.
 */
import * as tf from '@tensorflow/tfjs';
import { type RunConfig, datasetImageSize } from '../src/nas/config';
import { Rng } from '../src/nas/rng';
import { cosineLr } from '../src/nas/oneshot/schedules';
import type { DartsConfig } from '../src/nas/strategies/darts/config';
import { dartsMethod } from '../src/nas/strategies/darts/method';
import { enasMethod } from '../src/nas/strategies/enas/method';
import { supernetOptionsOf, type OneShotCommonConfig } from '../src/nas/strategies/oneshot/config';
import { batchesOf, type OneShotMethod } from '../src/nas/strategies/oneshot/search';
import { snasMethod } from '../src/nas/strategies/snas/method';
import type { TrainingTensors } from '../src/train/data';
import { createNb201Supernet } from '../src/train/supernet';
import { markdownTable } from './table';
import { median } from './throughput';

/** The methods timed: DARTS first and second order (`darts2`, the unrolled step), SNAS, ENAS. */
export const ONESHOT_BENCH_METHODS = ['darts', 'darts2', 'snas', 'enas'] as const;
export type OneShotBenchMethod = (typeof ONESHOT_BENCH_METHODS)[number];

export const METHOD_LABELS: Record<OneShotBenchMethod, string> = {
  darts: 'DARTS (1st order)',
  darts2: 'DARTS (2nd order)',
  snas: 'SNAS',
  enas: 'ENAS',
};

export interface OneShotRow {
  method: OneShotBenchMethod;
  backend: string;
  /** Images per minibatch. */
  batch: number;
  /** Timed steps (0 when the row could not run). */
  steps: number;
  /** Median over the timed steps. */
  msPerStep: number;
  stepsPerSec: number;
  /** MB (2^20 bytes) tfjs held before the timed steps: images, weights, optimizer slots. */
  baseMB: number;
  /** Most MB tfjs held at once during a step (the last warm-up step, profiled). */
  peakMB: number;
  /** Tensors alive after the timed steps minus before them: 0 when a step frees what it makes. */
  tensorsLeaked: number;
  error?: string;
}

/** The method's section of `config` and its step functions, as the strategy builds them. */
export function methodOf(
  id: OneShotBenchMethod,
  config: RunConfig,
): { section: OneShotCommonConfig; method: OneShotMethod } {
  switch (id) {
    case 'darts':
    case 'darts2': {
      const section: DartsConfig = { ...config.darts, order: id === 'darts2' ? 'second' : 'first' };
      return { section, method: dartsMethod(section) };
    }
    case 'snas':
      return {
        section: config.snas,
        method: snasMethod(config.snas, datasetImageSize(config)),
      };
    case 'enas':
      return { section: config.enas, method: enasMethod(config.enas, config.seed) };
  }
}

const MB = 2 ** 20;

/** A row that says why it could not run. */
export function failedRow(
  method: OneShotBenchMethod,
  backend: string,
  batch: number,
  error: string,
): OneShotRow {
  const nan = { msPerStep: NaN, stepsPerSec: NaN, baseMB: NaN, peakMB: NaN, tensorsLeaked: NaN };
  return { method, backend, batch, steps: 0, ...nan, error };
}

/**
 * Times `steps` steps of `id` on a fresh supernet over `tensors` after `warmup` untimed ones (at
 * least 1: the first step compiles the kernels and makes the optimizer slots; the last warm-up
 * step runs under `tf.profile` for the peak, since profiling reads every kernel's output back).
 * The batches are a shuffled epoch's full minibatches, the learning rate epoch 0's.
 */
export async function measureOneShotStep(
  id: OneShotBenchMethod,
  config: RunConfig,
  tensors: TrainingTensors,
  options: { steps: number; warmup: number },
): Promise<OneShotRow> {
  const { section, method } = methodOf(id, config);
  const trainer = createNb201Supernet(tensors, supernetOptionsOf(section, config.seed));
  try {
    const rng = new Rng(config.seed).fork('bench:oneshot');
    const full = (n: number, name: string) => {
      const all = batchesOf(n, section.batchSize, rng.fork(name));
      const whole = all.filter((b) => b.length === section.batchSize);
      return whole.length > 0 ? whole : all;
    };
    const batches = full(trainer.trainImages, 'train');
    const valBatches = full(trainer.valImages, 'val');
    const lr = cosineLr(0, section.epochs, section.learningRate, section.learningRateMin);
    const step = async (s: number) => {
      // A StepContext; `explain: false`: the ordinary step, not the one an epoch that the app
      // also logs for explain mode.
      const context = {
        epoch: 0,
        step: s,
        totalSteps: section.epochs * batches.length,
        lr,
        rng: rng.fork(`step ${s}`),
        valBatch: valBatches[s % valBatches.length]!,
        explain: false,
      };
      await method.step(trainer, batches[s % batches.length]!, context);
    };
    const warmup = Math.max(1, options.warmup);
    for (let s = 0; s < warmup - 1; s++) await step(s);
    const profile = await tf.profile(() => step(warmup - 1));
    const before = tf.memory();
    const times: number[] = [];
    for (let s = warmup; s < warmup + options.steps; s++) {
      const t0 = performance.now();
      await step(s); // resolves once the step's loss is read back: its work is done
      times.push(performance.now() - t0);
    }
    const msPerStep = median(times);
    return {
      method: id,
      backend: tf.getBackend(),
      batch: section.batchSize,
      steps: options.steps,
      msPerStep,
      stepsPerSec: 1000 / msPerStep,
      baseMB: before.numBytes / MB,
      peakMB: Math.max(profile.peakBytes, before.numBytes, tf.memory().numBytes) / MB,
      tensorsLeaked: tf.memory().numTensors - before.numTensors,
    };
  } finally {
    trainer.dispose();
  }
}

/** Three significant digits or so: 0.0123, 1.23, 45.6, 789. */
const figure = (x: number): string =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3);

/** The table: a row per method and backend, `n/a` and the reason where it could not run. */
export function formatOneShotTable(rows: readonly OneShotRow[]): string {
  const body = rows.map((r) =>
    r.error
      ? [METHOD_LABELS[r.method], r.backend, 'n/a', 'n/a', 'n/a', `n/a (${r.error})`]
      : [
          METHOD_LABELS[r.method],
          r.backend,
          figure(r.stepsPerSec),
          r.msPerStep.toFixed(0),
          r.peakMB.toFixed(1),
          String(r.tensorsLeaked),
        ],
  );
  return markdownTable(['method', 'backend', 'steps/s', 'ms/step', 'peak MB', 'tensors leaked'], body, 2);
}
