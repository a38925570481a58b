/**
 * Browser entry of `npm run bench:oneshot` (bundled by scripts/bench-oneshot.mjs): exposes
 * `nasOneShotBench(options)` on the page, which times the one-shot methods' supernet steps
 * (bench/oneshotStep.ts) at a fidelity preset's supernet and minibatch on each tfjs backend in
 * turn, on the images the app loads (public/data through the worker's own loader), or on seeded
 * noise of their shape where the file is missing (marked `synthetic`).
 */
import { loadDataset } from '../src/data/dataset';
import type { TrainValSplit } from '../src/data/format';
import { type FidelityId, datasetImageSize } from '../src/nas/config';
import { presetConfig } from '../src/nas/presets';
import { Rng } from '../src/nas/rng';
import { disposeTrainingTensors, toTrainingTensors } from '../src/train/data';
import {
  failedRow,
  formatOneShotTable,
  measureOneShotStep,
  METHOD_LABELS,
  type OneShotBenchMethod,
  type OneShotRow,
} from './oneshotStep';
import { adapterOf, switchBackend } from './tfBackend';

export interface OneShotBenchOptions {
  fidelity: FidelityId;
  methods: OneShotBenchMethod[];
  backends: string[];
  steps: number;
  warmup: number;
  /** Images per minibatch; the preset's when absent. */
  batch?: number;
}

export interface OneShotBenchResult {
  rows: OneShotRow[];
  adapters: Record<string, string>;
  /** What was trained on: the dataset, real or synthetic, and the supernet's shape. */
  setup: {
    dataset: string;
    data: 'real' | 'synthetic';
    imageSize: number;
    trainImages: number;
    channels: number;
    cellsPerStage: number;
    batch: number;
  };
  table: string;
}

/** Seeded noise with random labels: `size` x `size` images, as many as the preset asks for. */
function syntheticSplit(size: number, trainImages: number, valImages: number): TrainValSplit {
  const rng = new Rng(42);
  const split = (n: number) => ({
    n,
    size,
    channels: 1 as const,
    x: Float32Array.from({ length: n * size * size }, () => rng.next()),
    labels: Int32Array.from({ length: n }, () => rng.int(10)),
  });
  return { train: split(trainImages), val: split(valImages), classes: 10 };
}

async function nasOneShotBench(options: OneShotBenchOptions): Promise<OneShotBenchResult> {
  const config = presetConfig(options.fidelity, 1);
  if (options.batch !== undefined)
    for (const section of [config.darts, config.snas, config.enas]) section.batchSize = options.batch;
  let split: TrainValSplit;
  let data: 'real' | 'synthetic' = 'real';
  try {
    split = await loadDataset(config.dataset, config.data);
  } catch (err) {
    console.log(`bench: ${err instanceof Error ? err.message : String(err)}; timing on seeded noise`);
    const { trainImages, valImages } = config.data;
    split = syntheticSplit(datasetImageSize(config), trainImages, valImages);
    data = 'synthetic';
  }
  const rows: OneShotRow[] = [];
  const adapters: Record<string, string> = {};
  const batch = config.darts.batchSize;
  for (const backend of options.backends) {
    if (!(await switchBackend(backend))) {
      rows.push(...options.methods.map((m) => failedRow(m, backend, batch, 'backend unavailable')));
      continue;
    }
    adapters[backend] = adapterOf(backend);
    const tensors = toTrainingTensors(split);
    try {
      for (const method of options.methods) {
        let row: OneShotRow;
        try {
          row = await measureOneShotStep(method, config, tensors, options);
          console.log(
            `bench: ${METHOD_LABELS[method]} on ${backend}: ${row.msPerStep.toFixed(0)} ms/step, ` +
              `peak ${row.peakMB.toFixed(1)} MB, ${row.tensorsLeaked} tensors leaked`,
          );
        } catch (err) {
          row = failedRow(method, backend, batch, err instanceof Error ? err.message : String(err));
          console.log(`bench: ${METHOD_LABELS[method]} on ${backend}: failed: ${row.error}`);
        }
        rows.push(row);
      }
    } finally {
      disposeTrainingTensors(tensors);
    }
  }
  return {
    rows,
    adapters,
    setup: {
      dataset: config.dataset,
      data,
      imageSize: split.train.size,
      trainImages: split.train.n,
      channels: config.darts.channels,
      cellsPerStage: config.darts.cellsPerStage,
      batch,
    },
    table: formatOneShotTable(rows),
  };
}

(globalThis as unknown as { nasOneShotBench: typeof nasOneShotBench }).nasOneShotBench = nasOneShotBench;
