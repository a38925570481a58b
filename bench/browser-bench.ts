/**
 * Browser entry of `npm run bench` (bundled by scripts/bench.mjs): exposes `nasBench(options)`
 * on the page, which measures training throughput of the reference architectures on each tfjs
 * backend in turn (webgpu, webgl, cpu) and returns the rows.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BENCH_ARCHS } from './archs';
import { formatTable, measureTrainStep, type ThroughputRow } from './throughput';

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

function adapterOf(backend: string): string {
  const b = tf.backend() as unknown as {
    adapterInfo?: { vendor?: string; architecture?: string };
    gpgpu?: { gl?: { getParameter(p: number): unknown; RENDERER: number } };
  };
  if (backend === 'webgpu')
    return [b.adapterInfo?.vendor, b.adapterInfo?.architecture].filter(Boolean).join(' ');
  if (backend === 'webgl' && b.gpgpu?.gl) return String(b.gpgpu.gl.getParameter(b.gpgpu.gl.RENDERER));
  return '';
}

async function nasBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const rows: ThroughputRow[] = [];
  const adapters: Record<string, string> = {};
  const archs = BENCH_ARCHS.filter((a) => !options.archs || options.archs.includes(a.name));
  for (const backend of options.backends) {
    let ok: boolean;
    try {
      ok = await tf.setBackend(backend);
      await tf.ready();
    } catch {
      ok = false;
    }
    if (!ok) {
      for (const a of archs) {
        for (const batch of options.batches) {
          rows.push({
            arch: a.name,
            net: a.net,
            input: a.input.join('x'),
            batch,
            backend,
            params: 0,
            msPerStep: NaN,
            imagesPerSec: NaN,
            steps: 0,
            error: 'backend unavailable',
          });
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
  return { rows, adapters, table: formatTable(rows) };
}

(globalThis as unknown as { nasBench: typeof nasBench }).nasBench = nasBench;
