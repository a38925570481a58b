/**
 * Node entry for real-GPU runs (shared/gpu/README.md): WebGPU from the `webgpu` package (Dawn),
 * the same tfjs WebGPU backend and model builder as the app. Prints the adapter, the training
 * throughput table (webgpu vs cpu) and "architectures per minute": a short MetaQNN search at the
 * `class` fidelity with the real trainer on the app's images (bench/searchTiming.ts).
 *
 *   npx tsx bench/node-train.ts [--steps 10] [--warmup 3] [--batch 64,256] [--backends webgpu,cpu]
 *                               [--models 5] [--search-backend webgpu] [--dataset mnist-14]
 *   (GPU machine: ../shared/gpu/prepare.sh bench/node-train.ts, then node .gpu/node-train.cjs)
 *   Locally on SwiftShader (Debian's chromium ships the Vulkan loader and the driver):
 *     LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *       npx tsx bench/node-train.ts --steps 2 --batch 32 --models 1
 *
 * Writes the results as JSON to $OUT/node-train.json when OUT is set.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { DATASETS, type DatasetId } from '../src/nas/config';
import { BENCH_ARCHS } from './archs';
import { formatSearchTable, timeSearch, type SearchTiming } from './searchTiming';
import { formatTable, measureTrainStep, type ThroughputRow } from './throughput';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '64,256' },
    backends: { type: 'string', default: 'webgpu,cpu' },
    models: { type: 'string', default: '5' },
    'search-backend': { type: 'string', default: 'webgpu' },
    dataset: { type: 'string', default: 'mnist-14' },
  },
});
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Installs navigator.gpu from the `webgpu` package; must run before the backend is imported. */
async function installWebGpu(): Promise<string> {
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const g = globalThis as { navigator?: object };
    g.navigator ??= {};
    Object.defineProperty(g.navigator, 'gpu', { value: create([]), configurable: true });
    return '';
  } catch (err) {
    return `cannot load the webgpu package: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function adapterName(): string {
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } })
    .adapterInfo;
  return [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'unknown';
}

async function activateBackend(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && (await tf.ready(), true);
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  const batches = list(values.batch).map(Number);
  const backends = list(values.backends);
  const models = Number(values.models);
  const dataset = values.dataset as DatasetId;
  if (!(DATASETS as readonly string[]).includes(dataset))
    throw new Error(`--dataset must be one of ${DATASETS.join(', ')}`);

  const gpuError = await installWebGpu();
  if (!gpuError) await import('@tensorflow/tfjs-backend-webgpu');
  const adapters: Record<string, string> = {};
  const rows: ThroughputRow[] = [];
  for (const backend of backends) {
    const ok = (backend !== 'webgpu' || !gpuError) && (await activateBackend(backend));
    if (!ok) {
      console.log(`${backend}: unavailable${backend === 'webgpu' && gpuError ? ` (${gpuError})` : ''}`);
      continue;
    }
    adapters[backend] = backend === 'webgpu' ? adapterName() : 'cpu (tfjs JavaScript kernels)';
    console.log(`${backend}: ${adapters[backend]}`);
    for (const arch of BENCH_ARCHS) {
      for (const batch of batches) {
        const row = await measureTrainStep(arch, batch, steps, warmup);
        console.log(`  ${row.arch} batch ${batch}: ${row.imagesPerSec.toFixed(0)} images/s`);
        rows.push(row);
      }
    }
  }

  let search: SearchTiming | null = null;
  if (models > 0 && (await activateBackend(values['search-backend']))) {
    console.log(`search: ${models} models at the class fidelity on ${tf.getBackend()} (${dataset})`);
    search = await timeSearch({
      fidelity: 'class',
      ...(dataset ? { dataset } : {}),
      models,
      root: process.cwd(),
    });
  }

  const out = process.env.OUT;
  if (out)
    writeFileSync(join(out, 'node-train.json'), `${JSON.stringify({ adapters, rows, search }, null, 2)}\n`);
  console.log('');
  for (const [backend, adapter] of Object.entries(adapters)) console.log(`adapter ${backend}: ${adapter}`);
  console.log(formatTable(rows));
  if (search) {
    console.log('\narchitectures per minute:');
    console.log(formatSearchTable([search]));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
