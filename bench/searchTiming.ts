/**
 * "Architectures per minute": a short MetaQNN search (epsilon 1, so every path trains the very
 * same architectures in the same order) at a fidelity preset, timed end to end with the real
 * trainers: the tfjs trainer (src/train/trainer.ts) on whatever tfjs backend is active, or the
 * worker's `engine` path (src/worker/enginePath.ts: our WebGPU engine, tfjs for what it cannot
 * train). Used by bench/search-rate.ts and bench/node-train.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseDatasetFile, splitTrainVal } from '../src/data/format';
import {
  presetConfig,
  DATASET_SIZES,
  type DatasetId,
  type FidelityId,
  type RunConfig,
} from '../src/nas/config';
import { Rng } from '../src/nas/rng';
import { SearchRun, type EvalResult, type Evaluate } from '../src/nas/search';
import { disposeTrainingTensors, toTrainingTensors, type TrainingTensors } from '../src/train/data';
import { trainArchitecture } from '../src/train/trainer';
import { EnginePath } from '../src/worker/enginePath';
import type { Acquired } from '../src/gpu/device';

/** The searches timed: MetaQNN chains, BlockQNN blocks, random NAS-RL layers or NASNet cells. */
export const SEARCHES = ['metaqnn', 'blockqnn', 'nasrl', 'cell'] as const;
export type SearchKind = (typeof SEARCHES)[number];

export interface SearchTiming {
  search: SearchKind;
  /** `tfjs <backend>` or `engine`. */
  path: string;
  fidelity: FidelityId;
  dataset: DatasetId;
  /** Where the images came from: the app's dataset file, or seeded noise of its shape. */
  data: 'real' | 'synthetic';
  models: number;
  seconds: number;
  archsPerMinute: number;
  meanTrainMs: number;
  meanAccuracy: number;
  /** Models the engine trained (the others fell back to tfjs); 0 on the tfjs path. */
  onEngine: number;
}

/**
 * The search's config: the preset, `models` models sampled without learning from them (epsilon 1,
 * or random search), so that every path trains the same architectures with the same seeds.
 */
export function searchConfig(
  fidelity: FidelityId,
  dataset: DatasetId | undefined,
  models: number,
  search: SearchKind = 'metaqnn',
): RunConfig {
  const config = presetConfig(fidelity, 1);
  if (dataset) config.dataset = dataset;
  if (search === 'metaqnn') config.metaqnn.epsilonSchedule = [{ epsilon: 1, models }];
  else if (search === 'blockqnn') {
    config.strategy = 'blockqnn';
    config.space = 'block';
    config.blockqnn.batchSize = models;
    config.blockqnn.epsilonSchedule = [{ epsilon: 1, iterations: 1 }];
  } else {
    config.strategy = 'random';
    config.space = search;
    config.random.models = models;
  }
  return config;
}

/**
 * The run's images: the dataset file `npm install` writes (public/data) when it is there, else
 * seeded noise of the same shape (random labels: every model restarts as the trainer's rule says).
 */
export function searchData(
  config: RunConfig,
  root: string,
): { tensors: TrainingTensors; data: 'real' | 'synthetic' } {
  const { trainImages, valImages } = config.data;
  try {
    const bytes = readFileSync(join(root, 'public', 'data', `${config.dataset}.bin`));
    const raw = parseDatasetFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { tensors: toTrainingTensors(splitTrainVal(raw, trainImages, valImages)), data: 'real' };
  } catch {
    const side = DATASET_SIZES[config.dataset].imageSize;
    const rng = new Rng(42);
    const split = (n: number) => ({
      n,
      size: side,
      x: Float32Array.from({ length: n * side * side }, () => rng.next()),
      labels: Int32Array.from({ length: n }, () => rng.int(10)),
    });
    return {
      tensors: toTrainingTensors({ train: split(trainImages), val: split(valImages), classes: 10 }),
      data: 'synthetic',
    };
  }
}

/**
 * Runs the search with one trainer and times it. `acquire` (our engine's device) selects the
 * engine path; without it, the tfjs trainer on the active tfjs backend trains every model.
 */
export async function timeSearch(
  fidelity: FidelityId,
  dataset: DatasetId | undefined,
  models: number,
  root: string,
  acquire?: () => Promise<Acquired>,
  log: (line: string) => void = console.log,
  search: SearchKind = 'metaqnn',
): Promise<SearchTiming> {
  const config = searchConfig(fidelity, dataset, models, search);
  const { tensors, data } = searchData(config, root);
  const enginePath = acquire ? new EnginePath(acquire) : null;
  let trainMs = 0;
  let accuracy = 0;
  let onEngine = 0;
  const evaluate: Evaluate = async (arch, ctx) => {
    const options = { seed: ctx.trainingSeed };
    const result: EvalResult = enginePath
      ? await enginePath.train(arch, tensors, config.training, options, (o) =>
          trainArchitecture(arch, tensors, config.training, o),
        )
      : await trainArchitecture(arch, tensors, config.training, options);
    trainMs += result.trainMs;
    accuracy += result.accuracy;
    if (result.trainedOn === 'engine') onEngine++;
    const where = enginePath ? ` on ${result.trainedOn ?? 'tfjs'}` : '';
    const why = result.engineFallback ? ` (${result.engineFallback})` : '';
    log(
      `  model ${ctx.index}: ${(result.trainMs / 1000).toFixed(2)} s${where}${why}, val ${result.accuracy.toFixed(3)}`,
    );
    return result;
  };
  const run = new SearchRun(config, () => {});
  run.begin();
  const t0 = performance.now();
  while (!run.done) await run.step(evaluate);
  const seconds = (performance.now() - t0) / 1000;
  disposeTrainingTensors(tensors);
  return {
    search,
    path: enginePath ? 'engine' : `tfjs ${tf.getBackend()}`,
    fidelity,
    dataset: config.dataset,
    data,
    models: run.trained,
    seconds,
    archsPerMinute: (run.trained * 60) / seconds,
    meanTrainMs: trainMs / Math.max(1, run.trained),
    meanAccuracy: accuracy / Math.max(1, run.trained),
    onEngine,
  };
}

/** The timings as one small table. */
export function formatSearchTable(rows: readonly SearchTiming[]): string {
  const header = [
    'search',
    'path',
    'fidelity',
    'dataset',
    'models',
    'on engine',
    'seconds',
    'archs/min',
    's/model',
    'mean val acc',
  ];
  const body = rows.map((r) => [
    r.search,
    r.path,
    r.fidelity,
    `${r.dataset}${r.data === 'synthetic' ? ' (synthetic)' : ''}`,
    String(r.models),
    String(r.onEngine),
    r.seconds.toFixed(1),
    r.archsPerMinute.toFixed(2),
    (r.meanTrainMs / 1000).toFixed(2),
    r.meanAccuracy.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w, i) => (i < 4 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
    ...body.map(line),
  ].join('\n');
}
