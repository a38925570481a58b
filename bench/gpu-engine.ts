/**
 * Node entry (shared/gpu/README.md): training throughput of the benchmark architectures
 * (bench/archs.ts: the reference net and three nets of the `class` preset) on our own WebGPU
 * engine (src/gpu) against stock tfjs-backend-webgpu, in the same process on the same adapter.
 * Random data, Adam 1e-3, one optimizer step per batch; images/s of one step, median of the timed
 * steps after warm-up. Columns (--paths, default all):
 *   engine        : our engine, tiles chosen per layer (gemm.ts chooseTile), loss read back each step
 *   engine k=N    : the same, N steps submitted back to back, one read-back (mean per step)
 *   engine 64x64  : our engine with every GEMM on the one 64x64 tile it had before tuning
 *   tfjs webgpu   : model.trainOnBatch on tfjs-backend-webgpu (reads the loss back every step)
 *
 *   npx tsx bench/gpu-engine.ts [--steps 20] [--warmup 3] [--batch 64,256]
 *       [--archs reference,metaqnn-fc,metaqnn-gap,metaqnn-deep] [--paths engine,pipelined,fixed,tfjs]
 *   GPU machine: ../shared/gpu/prepare.sh bench/gpu-engine.ts, then node .gpu/gpu-engine.cjs
 *   (the whole device command, with the PyTorch baseline: docs/gpu-engine.md)
 *   Locally on SwiftShader (CPU emulation: not GPU speed): npx tsx bench/gpu-engine.ts --steps 2 --warmup 1
 *
 * Writes the rows as JSON to $OUT/gpu-engine.json when OUT is set.
 */
import { formatMessage } from '../src/nas/message';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { acquireEngine } from '../src/gpu/device';
import { installNodeWebGpu } from '../src/gpu/nodeDevice';
import { BENCH_ARCHS } from './archs';
import { measureEngineStep } from './engineThroughput';
import { formatPivot, measureTrainStep, throughputRow, type ThroughputRow } from './throughput';

const PATHS = ['engine', 'pipelined', 'fixed', 'tfjs'] as const;

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '64,256' },
    archs: { type: 'string', default: BENCH_ARCHS.map((a) => a.name).join(',') },
    paths: { type: 'string', default: PATHS.join(',') },
  },
});

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

async function main(): Promise<void> {
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  const batches = list(values.batch).map(Number);
  if (!(steps >= 1) || !(warmup >= 0) || batches.some((b) => !(b >= 1)))
    throw new Error('--steps and --batch need positive integers, --warmup a non-negative one');
  const archs = list(values.archs).map((name) => {
    const a = BENCH_ARCHS.find((b) => b.name === name);
    if (!a) throw new Error(`unknown arch ${name} (known: ${BENCH_ARCHS.map((b) => b.name).join(', ')})`);
    return a;
  });
  const paths = list(values.paths);
  const unknown = paths.filter((p) => !(PATHS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown path ${unknown.join(', ')} (known: ${PATHS.join(', ')})`);

  const gpuError = await installNodeWebGpu();
  if (gpuError) throw new Error(gpuError);
  const acquired = await acquireEngine();
  if (!acquired.ok) throw new Error(formatMessage(acquired.reason));
  const engine = acquired.engine;
  if (paths.includes('tfjs')) {
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend did not initialise');
    await tf.ready();
  }
  console.log(`adapter: ${engine.adapter}; steps ${steps} (+${warmup} warm-up)`);

  const rows: ThroughputRow[] = [];
  const add = (a: (typeof archs)[number], batch: number, backend: string, ms: number, extra = '') => {
    rows.push(throughputRow(a, batch, backend, { msPerStep: ms, steps }));
    console.log(
      `  ${a.name} batch ${batch} ${backend}: ${ms.toFixed(2)} ms/step, ${((batch * 1000) / ms).toFixed(1)} images/s${extra}`,
    );
  };
  for (const a of archs) {
    for (const batch of batches) {
      if (paths.includes('engine') || paths.includes('pipelined')) {
        const t = await measureEngineStep(
          engine,
          a,
          batch,
          steps,
          warmup,
          'tuned',
          paths.includes('pipelined') ? steps : 0,
        );
        const note = ` (${t.dispatchesPerStep} dispatches, ${engine.pipelines.size} pipelines cached)`;
        if (paths.includes('engine')) add(a, batch, 'engine', t.msPerStep, note);
        if (paths.includes('pipelined')) add(a, batch, `engine k=${steps}`, t.msPipelined);
      }
      if (paths.includes('fixed')) {
        const t = await measureEngineStep(engine, a, batch, steps, warmup, 'fixed', 0);
        add(a, batch, 'engine 64x64', t.msPerStep);
      }
      if (paths.includes('tfjs')) {
        const r = await measureTrainStep(a, batch, steps, warmup);
        add(a, batch, 'tfjs webgpu', r.msPerStep);
      }
    }
  }
  const out = process.env.OUT;
  if (out)
    writeFileSync(
      join(out, 'gpu-engine.json'),
      `${JSON.stringify({ adapter: engine.adapter, steps, warmup, rows }, null, 2)}\n`,
    );
  console.log(`\n${engine.adapter}, Node + Dawn, median of ${steps} timed steps after ${warmup} warm-up`);
  console.log(formatPivot(rows));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
