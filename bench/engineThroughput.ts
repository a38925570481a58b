/**
 * Training throughput of our own WebGPU engine (src/gpu LayersNet) on one benchmark architecture:
 * the same net as the tfjs rows (no dropout), Adam 1e-3, random data, measured two ways.
 *   sync: each step followed by a read-back of its loss, timed one by one (median), the same
 *         contract as tfjs's `trainOnBatch`, so the columns compare like with like;
 *   k=N:  N steps submitted back to back, the losses read back once (the engine's design).
 */
import type { GpuEngine } from '../src/gpu/engine';
import { setTilePolicy, type TilePolicy } from '../src/gpu/gemm';
import { LayersNet } from '../src/gpu/layersNet';
import type { BenchArch } from './archs';
import { median } from './throughput';

export interface EngineTiming {
  /** Median ms of one step with its loss read back. */
  msPerStep: number;
  /** Mean ms per step over `pipelinedSteps` steps submitted back to back, one read-back at the end (NaN for 0). */
  msPipelined: number;
  dispatchesPerStep: number;
}

/** Times `steps` engine steps after `warmup` untimed ones, then `pipelinedSteps` back to back; GEMM tiles by `policy`. */
export async function measureEngineStep(
  engine: GpuEngine,
  bench: BenchArch,
  batch: number,
  steps: number,
  warmup: number,
  policy: TilePolicy = 'tuned',
  pipelinedSteps = steps,
): Promise<EngineTiming> {
  setTilePolicy(engine, policy);
  let net: LayersNet;
  try {
    // The step is recorded (tiles baked into its pipelines) when the net is built.
    net = new LayersNet(engine, bench.arch, {
      inputShape: bench.input,
      batch,
      optimizer: { kind: 'adam', learningRate: 1e-3 },
      seed: 1,
      statsRing: Math.max(pipelinedSteps, warmup, 1),
    });
  } finally {
    setTilePolicy(engine, 'tuned');
  }
  try {
    const images = Float32Array.from(
      { length: batch * net.imageSize },
      (_, i) => ((i * 2654435761) % 1000) / 1000,
    );
    const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % bench.arch.classes);
    for (let i = 0; i < warmup; i++) net.step(images, labels);
    await net.readStats();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      net.step(images, labels);
      const { losses } = await net.readStats();
      times.push(performance.now() - t0);
      if (!Number.isFinite(losses[0])) throw new Error(`engine loss not finite: ${losses[0]}`);
    }
    const t0 = performance.now();
    for (let i = 0; i < pipelinedSteps; i++) net.step(images, labels);
    const { losses } = await net.readStats();
    const msPipelined = pipelinedSteps ? (performance.now() - t0) / pipelinedSteps : NaN;
    if (!losses.every(Number.isFinite)) throw new Error(`engine loss not finite: ${losses.join(', ')}`);
    return { msPerStep: median(times), msPipelined, dispatchesPerStep: net.dispatchesPerStep };
  } finally {
    net.dispose();
  }
}
