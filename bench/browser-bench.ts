/**
 * Browser entry of `npm run bench` (bundled by scripts/bench.mjs): exposes `nasBench(options)`
 * on the page, which measures training throughput of the benchmark architectures on each backend
 * in turn (`engine`: our own WebGPU engine, src/gpu; `engine-64x64`: the same with the one GEMM
 * tile it had before tuning; tfjs `webgpu`, `webgl`, `cpu`) and returns the rows.
 */
import { formatMessage } from '../src/nas/message';
import { acquireEngine } from '../src/gpu/device';
import type { GpuEngine } from '../src/gpu/engine';
import { BENCH_ARCHS, type BenchArch } from './archs';
import { measureEngineStep } from './engineThroughput';
import { adapterOf, switchBackend } from './tfBackend';
import { formatPivot, measureTrainStep, throughputRow, type ThroughputRow } from './throughput';

export interface BrowserBenchOptions {
  backends: string[];
  batches: number[];
  steps: number;
  warmup: number;
  archs?: string[];
}

export interface BrowserBenchResult {
  rows: ThroughputRow[];
  adapters: Record<string, string>;
  table: string;
}

const ENGINE_BACKENDS: Record<string, 'tuned' | 'fixed'> = { engine: 'tuned', 'engine-64x64': 'fixed' };

/** Rows of our engine (one per arch and batch), or rows saying why it could not run. */
async function engineRows(
  engine: GpuEngine | string,
  backend: string,
  archs: readonly BenchArch[],
  options: BrowserBenchOptions,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const a of archs) {
    for (const batch of options.batches) {
      if (typeof engine === 'string') {
        rows.push(throughputRow(a, batch, backend, { error: engine }));
        continue;
      }
      try {
        const t = await measureEngineStep(
          engine,
          a,
          batch,
          options.steps,
          options.warmup,
          ENGINE_BACKENDS[backend],
          0,
        );
        const row = throughputRow(a, batch, backend, { msPerStep: t.msPerStep, steps: options.steps });
        console.log(`bench: ${a.name} batch ${batch} ${backend}: ${row.imagesPerSec.toFixed(1)} images/s`);
        rows.push(row);
      } catch (err) {
        rows.push(
          throughputRow(a, batch, backend, { error: err instanceof Error ? err.message : String(err) }),
        );
      }
    }
  }
  return rows;
}

async function nasBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const rows: ThroughputRow[] = [];
  const adapters: Record<string, string> = {};
  const archs = BENCH_ARCHS.filter((a) => !options.archs || options.archs.includes(a.name));
  let engine: GpuEngine | string | null = null;
  for (const backend of options.backends) {
    if (backend in ENGINE_BACKENDS) {
      if (engine === null) {
        const acquired = await acquireEngine();
        engine = acquired.ok ? acquired.engine : formatMessage(acquired.reason);
        if (acquired.ok) adapters.engine = acquired.engine.adapter;
      }
      rows.push(...(await engineRows(engine, backend, archs, options)));
      continue;
    }
    if (!(await switchBackend(backend))) {
      for (const a of archs) {
        for (const batch of options.batches) {
          rows.push(throughputRow(a, batch, backend, { error: 'backend unavailable' }));
        }
      }
      continue;
    }
    adapters[backend] = adapterOf(backend);
    for (const a of archs) {
      for (const batch of options.batches) {
        const row = await measureTrainStep(a, batch, options.steps, options.warmup);
        console.log(
          `bench: ${row.arch} batch ${row.batch} ${row.backend}: ${row.imagesPerSec.toFixed(1)} images/s`,
        );
        rows.push(row);
      }
    }
  }
  if (engine !== null && typeof engine !== 'string') engine.device.destroy();
  return { rows, adapters, table: formatPivot(rows) };
}

(globalThis as unknown as { nasBench: typeof nasBench }).nasBench = nasBench;
