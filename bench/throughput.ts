/**
 * Training throughput of one optimizer step (one `trainOnBatch`, Adam 1e-3, random data) of a
 * model built by the app's own builder, on whatever tfjs backend is active.
 */
import * as tf from '@tensorflow/tfjs';
import { buildLayersModel } from '../src/train/model';
import type { BenchArch } from './archs';

export interface ThroughputRow {
  arch: string;
  net: string;
  input: string;
  batch: number;
  backend: string;
  params: number;
  /** Median over the timed steps. */
  msPerStep: number;
  imagesPerSec: number;
  steps: number;
  error?: string;
}

/** The median of a non-empty list. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * The row of `bench` at `batch` on `backend`: timed (median ms per step over `steps`), or one that
 * says why it could not run (`error`; no steps, NaN times).
 */
export function throughputRow(
  bench: BenchArch,
  batch: number,
  backend: string,
  result: { msPerStep: number; steps: number; params?: number } | { error: string },
): ThroughputRow {
  const base = { arch: bench.name, net: bench.net, input: bench.input.join('x'), batch, backend };
  if ('error' in result)
    return { ...base, params: 0, msPerStep: NaN, imagesPerSec: NaN, steps: 0, error: result.error };
  const { msPerStep, steps, params = 0 } = result;
  return { ...base, params, msPerStep, imagesPerSec: (batch * 1000) / msPerStep, steps };
}

/** Times `steps` training steps after `warmup` untimed ones; the model is disposed afterwards. */
export async function measureTrainStep(
  bench: BenchArch,
  batch: number,
  steps: number,
  warmup: number,
): Promise<ThroughputRow> {
  const model = buildLayersModel(bench.arch, { inputShape: bench.input, seed: 1, dropout: false });
  const optimizer = tf.train.adam(0.001, 0.9, 0.999);
  const [x, y] = tf.tidy(() => [
    tf.randomUniform([batch, ...bench.input], 0, 1, 'float32', 1),
    tf.oneHot(tf.randomUniform([batch], 0, bench.arch.classes, 'int32', 2), bench.arch.classes),
  ]);
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      await model.trainOnBatch(x, y); // resolves once the loss is read back: the step is done
      times.push(performance.now() - t0);
    }
    return throughputRow(bench, batch, tf.getBackend(), {
      msPerStep: median(times),
      steps,
      params: model.countParams(),
    });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}

/** A fixed-width text table of the rows. */
export function formatTable(rows: readonly ThroughputRow[]): string {
  const header = ['arch', 'input', 'batch', 'backend', 'images/s', 'ms/step', 'params'];
  const body = rows.map((r) =>
    r.error
      ? [r.arch, r.input, String(r.batch), r.backend, 'n/a', 'n/a', r.error]
      : [
          r.arch,
          r.input,
          String(r.batch),
          r.backend,
          r.imagesPerSec.toFixed(r.imagesPerSec < 100 ? 1 : 0),
          r.msPerStep.toFixed(1),
          String(r.params),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 4 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * One small table of images/s: a row per architecture and batch, a column per backend (in the
 * order the rows name them); `n/a (why)` where a backend could not run.
 */
export function formatPivot(rows: readonly ThroughputRow[]): string {
  const backends = [...new Set(rows.map((r) => r.backend))];
  const keys = [...new Set(rows.map((r) => `${r.arch}\u0000${r.batch}`))];
  const cell = (r: ThroughputRow | undefined) =>
    !r ? '' : r.error ? `n/a (${r.error})` : r.imagesPerSec.toFixed(r.imagesPerSec < 100 ? 1 : 0);
  const header = ['arch', 'input', 'batch', ...backends.map((b) => `${b} img/s`)];
  const body = keys.map((key) => {
    const [arch, batch] = key.split('\u0000') as [string, string];
    const of = rows.filter((r) => r.arch === arch && String(r.batch) === batch);
    return [arch, of[0]!.input, batch, ...backends.map((b) => cell(of.find((r) => r.backend === b)))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
