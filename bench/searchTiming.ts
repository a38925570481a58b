/**
 * "Architectures per minute": a short search that does not learn from its rewards (MetaQNN or
 * BlockQNN at epsilon 1, or random search: every path trains the very same architectures in the
 * same order) at a fidelity preset, timed end to end with the real
 * trainers: the tfjs trainer (src/train/trainer.ts) on whatever tfjs backend is active, or the
 * worker's `engine` path (src/worker/enginePath.ts: our WebGPU engine, tfjs for what it cannot
 * train). Used by bench/search-rate.ts and bench/node-train.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseDatasetFile, splitTrainVal } from '../src/data/format';
import { type DatasetId, type FidelityId, type RunConfig, datasetImageSize } from '../src/nas/config';
import { presetConfig } from '../src/nas/presets';
import { Rng } from '../src/nas/rng';
import type { Architecture } from '../src/nas/architecture';
import { SearchRun, type EvalContext, type EvalResult, type Evaluate } from '../src/nas/search';
import { disposeTrainingTensors, toTrainingTensors, type TrainingTensors } from '../src/train/data';
import { trainArchitecture } from '../src/train/trainer';
import { EnginePath } from '../src/worker/enginePath';
import type { Acquired } from '../src/gpu/device';
import type { GpuEngine } from '../src/gpu/engine';
import { markdownTable } from './table';

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
  /** Engine path: pipelines compiled when first recorded (in the hot path), and their seconds. */
  compiledInPath: number;
  compileSeconds: number;
  /** Engine path: pipelines compiled ahead, in the background, before their model needed them. */
  compiledAhead: number;
}

/** The paths timed: the engine (compiling the next model's kernels ahead, or not) and tfjs. */
export const PATHS = ['engine', 'engine-no-ahead', 'tfjs'] as const;
export type PathKind = (typeof PATHS)[number];

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
    const side = datasetImageSize(config);
    const rng = new Rng(42);
    const split = (n: number) => ({
      n,
      size: side,
      channels: 1 as const,
      x: Float32Array.from({ length: n * side * side }, () => rng.next()),
      labels: Int32Array.from({ length: n }, () => rng.int(10)),
    });
    return {
      tensors: toTrainingTensors({ train: split(trainImages), val: split(valImages), classes: 10 }),
      data: 'synthetic',
    };
  }
}

export interface TimeSearchOptions {
  fidelity: FidelityId;
  dataset?: DatasetId;
  models: number;
  /** Project root (for public/data). */
  root: string;
  /** Our engine's device: selects the engine path; without it, the tfjs trainer trains every model. */
  acquire?: () => Promise<Acquired>;
  log?: (line: string) => void;
  search?: SearchKind;
  /** Engine path: compile the next model's kernels while one trains, when it is known (default true). */
  compileAhead?: boolean;
  /**
   * Engine path: models trained at once on the one device (default 1, the app's way). Above 1,
   * the search's proposals are taken first (it does not learn from rewards here), then a pool
   * of that many lanes trains them.
   */
  concurrency?: number;
}

/** A stand-in result for sampling a search's proposals without training (it learns nothing from them). */
export const UNTRAINED: EvalResult = {
  accuracy: 0,
  curve: [0],
  params: 0,
  trainMs: 0,
  backend: 'none',
  restarts: 0,
};

/** Runs the search with one trainer and times it. */
export async function timeSearch(o: TimeSearchOptions): Promise<SearchTiming> {
  const { fidelity, models, root, acquire, log = console.log, search = 'metaqnn' } = o;
  const compileAhead = o.compileAhead ?? true;
  const concurrency = acquire ? (o.concurrency ?? 1) : 1;
  const config = searchConfig(fidelity, o.dataset, models, search);
  const { tensors, data } = searchData(config, root);
  let engine: GpuEngine | null = null;
  const enginePath = acquire
    ? new EnginePath(async () => {
        const acquired = await acquire();
        if (acquired.ok) engine = acquired.engine;
        return acquired;
      }, compileAhead)
    : null;
  let trainMs = 0;
  let accuracy = 0;
  let onEngine = 0;
  let trained = 0;
  const evaluate: Evaluate = async (arch, ctx) => {
    const options = { seed: ctx.trainingSeed };
    const result: EvalResult = enginePath
      ? await enginePath.train(arch, tensors, config.training, { ...options, next: ctx.next }, (to) =>
          trainArchitecture(arch, tensors, config.training, to),
        )
      : await trainArchitecture(arch, tensors, config.training, options);
    trainMs += result.trainMs;
    accuracy += result.accuracy;
    trained++;
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
  let seconds: number;
  if (concurrency === 1) {
    const t0 = performance.now();
    while (!run.done) await run.step(evaluate);
    seconds = (performance.now() - t0) / 1000;
  } else {
    const jobs: { arch: Architecture; ctx: EvalContext }[] = [];
    while (!run.done)
      await run.step(async (arch, ctx) => {
        jobs.push({ arch, ctx });
        return UNTRAINED;
      });
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        await evaluate(job.arch, job.ctx);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, lane));
    seconds = (performance.now() - t0) / 1000;
  }
  disposeTrainingTensors(tensors);
  const pipelines = (engine as GpuEngine | null)?.pipelines;
  const enginePathName = `${compileAhead ? 'engine' : 'engine-no-ahead'}${concurrency > 1 ? ` x${concurrency}` : ''}`;
  return {
    search,
    path: enginePath ? enginePathName : `tfjs ${tf.getBackend()}`,
    fidelity,
    dataset: config.dataset,
    data,
    models: trained,
    seconds,
    archsPerMinute: (trained * 60) / seconds,
    meanTrainMs: trainMs / Math.max(1, trained),
    meanAccuracy: accuracy / Math.max(1, trained),
    onEngine,
    compiledInPath: pipelines?.compiled ?? 0,
    compileSeconds: (pipelines?.compileMs ?? 0) / 1000,
    compiledAhead: pipelines?.compiledAhead ?? 0,
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
    'compiled (s)',
    'ahead',
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
    r.onEngine > 0 ? `${r.compiledInPath} (${r.compileSeconds.toFixed(1)})` : '-',
    r.onEngine > 0 ? String(r.compiledAhead) : '-',
  ]);
  return markdownTable(header, body, 4);
}
