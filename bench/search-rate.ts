/**
 * `npm run bench:search`: architectures per minute of a search (MetaQNN or BlockQNN at epsilon 1,
 * or random NAS-RL or NASNet search: every path trains the same architectures in the same order,
 * with the same seeds), our WebGPU engine
 * (the worker's `engine` path) against stock tfjs-backend-webgpu, in one Node + Dawn process on
 * one adapter. Real images from ./public/data (written by `npm install`; run from the project root;
 * without the file, seeded noise of the same shape, marked `synthetic` in the table).
 *
 *   npx tsx bench/search-rate.ts [--fidelity test|class] [--models 5] [--dataset mnist-14]
 *       [--paths engine,engine-no-ahead,tfjs] [--search metaqnn,blockqnn,nasrl,cell]
 *       [--concurrency 1,2]
 *   `engine-no-ahead` is the engine without compiling the next model's kernels while one trains
 *   (BlockQNN's batches are the searches here whose next model is known ahead). `--concurrency`
 *   lists how many models the engine paths train at once on the one device (tfjs: always 1).
 *   GPU machine: ../shared/gpu/prepare.sh bench/search-rate.ts, then node .gpu/search-rate.cjs
 *   with public/data/mnist-14.bin carried (docs/gpu-engine.md). Locally it runs on SwiftShader (CPU
 *   emulation of a GPU: the numbers say nothing of a real GPU).
 *
 * Writes the rows as JSON to $OUT/search-rate.json when OUT is set.
 */
import { formatMessage } from '../src/nas/message';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { acquireEngine } from '../src/gpu/device';
import { installNodeWebGpu } from '../src/gpu/nodeDevice';
import { DATASETS, FIDELITIES, type DatasetId, type FidelityId } from '../src/nas/config';
import {
  formatSearchTable,
  PATHS,
  SEARCHES,
  timeSearch,
  type SearchKind,
  type SearchTiming,
} from './searchTiming';

const { values } = parseArgs({
  options: {
    fidelity: { type: 'string', default: 'class' },
    models: { type: 'string', default: '5' },
    dataset: { type: 'string' },
    paths: { type: 'string', default: 'engine,tfjs' },
    search: { type: 'string', default: 'metaqnn' },
    concurrency: { type: 'string', default: '1' },
  },
});

async function main(): Promise<void> {
  const fidelity = values.fidelity as FidelityId;
  if (!FIDELITIES.includes(fidelity)) throw new Error(`--fidelity must be one of ${FIDELITIES.join(', ')}`);
  const models = Number(values.models);
  if (!Number.isInteger(models) || models < 1) throw new Error('--models needs a positive integer');
  const dataset = values.dataset as DatasetId | undefined;
  if (dataset !== undefined && !(DATASETS as readonly string[]).includes(dataset))
    throw new Error(`--dataset must be one of ${DATASETS.join(', ')}`);
  const paths = values.paths
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = paths.filter((p) => !(PATHS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown path ${unknown.join(', ')} (known: ${PATHS.join(', ')})`);

  const searches = values.search.split(',').map((x) => x.trim()) as SearchKind[];
  const unknownSearch = searches.filter((x) => !(SEARCHES as readonly string[]).includes(x));
  if (unknownSearch.length)
    throw new Error(`unknown search ${unknownSearch.join(', ')} (known: ${SEARCHES.join(', ')})`);

  const lanes = values.concurrency.split(',').map(Number);
  if (lanes.some((n) => !Number.isInteger(n) || n < 1 || n > 8))
    throw new Error('--concurrency needs integers from 1 to 8, e.g. 1,2');

  const gpuError = await installNodeWebGpu();
  if (gpuError) throw new Error(gpuError);
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend did not initialise');
  await tf.ready();
  const probe = await acquireEngine();
  if (!probe.ok) throw new Error(formatMessage(probe.reason));
  console.log(`adapter: ${probe.engine.adapter}`);
  probe.engine.device.destroy();

  const root = process.cwd();
  const rows: SearchTiming[] = [];
  for (const search of searches)
    for (const path of paths) {
      console.log(`${search}, ${path}: ${models} models at the ${fidelity} fidelity`);
      const acquire = path === 'tfjs' ? undefined : acquireEngine;
      for (const concurrency of path === 'tfjs' ? [1] : lanes)
        rows.push(
          await timeSearch({
            fidelity,
            ...(dataset ? { dataset } : {}),
            models,
            root,
            ...(acquire ? { acquire } : {}),
            search,
            compileAhead: path !== 'engine-no-ahead',
            concurrency,
          }),
        );
    }
  if (process.env.OUT)
    writeFileSync(
      join(process.env.OUT, 'search-rate.json'),
      `${JSON.stringify({ adapter: probe.engine.adapter, rows }, null, 2)}\n`,
    );
  console.log(`\nadapter: ${probe.engine.adapter}`);
  console.log(formatSearchTable(rows));
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
