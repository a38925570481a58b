/**
 * `npm run bench:profile`: where one training step of our WebGPU engine spends its time, kernel by
 * kernel. It builds the engine's network of one architecture (a benchmark net of bench/archs.ts,
 * or the K-th proposal of a search at a fidelity preset), runs the recorded step once whole, then
 * submits each of its dispatches alone and waits for the queue after each (median of the repeats).
 * It prints the kernels summed by label, the slowest single dispatches, and the whole step beside
 * the sum of its parts, with tfjs webgpu's `trainOnBatch` on the same model as the baseline.
 *
 *   npx tsx bench/engine-profile.ts [--arch reference | --search nasrl --model 0]
 *       [--fidelity class] [--batch 64] [--repeats 3]
 *   GPU machine: ../shared/gpu/prepare.sh bench/engine-profile.ts, then node .gpu/engine-profile.cjs
 *
 * Waiting after every dispatch adds the queue's round trip to each (small beside SwiftShader's
 * kernels; on a real GPU compare the sum with the whole step). Writes JSON to $OUT/engine-profile.json
 * when OUT is set.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { acquireEngine } from '../src/gpu/device';
import type { Dispatch, GpuEngine } from '../src/gpu/engine';
import { engineNet } from '../src/gpu/engineTrainer';
import { installNodeWebGpu } from '../src/gpu/nodeDevice';
import type { Architecture } from '../src/nas/architecture';
import { FIDELITIES, type FidelityId, datasetImageSize } from '../src/nas/config';
import { formatMessage } from '../src/nas/message';
import { SearchRun } from '../src/nas/search';
import { buildModel } from '../src/train/model';
import { BENCH_ARCHS } from './archs';
import { searchConfig, SEARCHES, UNTRAINED, type SearchKind } from './searchTiming';
import { markdownTable } from './table';
import { median } from './throughput';

const { values } = parseArgs({
  options: {
    arch: { type: 'string' },
    search: { type: 'string' },
    model: { type: 'string', default: '0' },
    fidelity: { type: 'string', default: 'class' },
    batch: { type: 'string', default: '64' },
    repeats: { type: 'string', default: '3' },
    top: { type: 'string', default: '12' },
  },
});

interface Target {
  name: string;
  arch: Architecture;
  input: [number, number, number];
}

/** The K-th architecture the search proposes (it learns nothing here: epsilon 1 or random). */
async function proposal(search: SearchKind, fidelity: FidelityId, k: number): Promise<Target> {
  const config = searchConfig(fidelity, undefined, k + 1, search);
  const run = new SearchRun(config, () => {});
  run.begin();
  const archs: Architecture[] = [];
  while (!run.done && archs.length <= k)
    await run.step(async (arch) => {
      archs.push(arch);
      return UNTRAINED;
    });
  const arch = archs[k];
  if (!arch) throw new Error(`the ${search} search proposed only ${archs.length} models`);
  const side = datasetImageSize(config);
  return { name: `${search} ${fidelity} #${k}`, arch, input: [side, side, 1] };
}

async function target(): Promise<Target> {
  if (values.arch) {
    const b = BENCH_ARCHS.find((a) => a.name === values.arch);
    if (!b)
      throw new Error(`unknown --arch ${values.arch} (known: ${BENCH_ARCHS.map((a) => a.name).join(', ')})`);
    return { name: b.name, arch: { space: 'layers', layers: b.arch }, input: b.input };
  }
  const search = (values.search ?? 'metaqnn') as SearchKind;
  if (!SEARCHES.includes(search)) throw new Error(`--search must be one of ${SEARCHES.join(', ')}`);
  const fidelity = values.fidelity as FidelityId;
  if (!FIDELITIES.includes(fidelity)) throw new Error(`--fidelity must be one of ${FIDELITIES.join(', ')}`);
  const k = Number(values.model);
  if (!Number.isInteger(k) || k < 0) throw new Error('--model needs a non-negative integer');
  return proposal(search, fidelity, k);
}

/** Milliseconds of submitting `dispatches` once and waiting for the queue: median of `repeats`. */
async function timeSubmit(
  engine: GpuEngine,
  dispatches: readonly Dispatch[],
  repeats: number,
): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    engine.submit(dispatches);
    await engine.device.queue.onSubmittedWorkDone();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median ms of tfjs's trainOnBatch on the same model (Adam, random data; reads the loss back). */
async function tfjsStep(t: Target, batch: number, repeats: number): Promise<number> {
  const model = buildModel(t.arch, { inputShape: t.input, seed: 0, dropout: false });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomUniform([batch, ...t.input], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2), 10);
  try {
    await model.trainOnBatch(x, y); // warm-up: compiles its shaders
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await model.trainOnBatch(x, y);
      times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

async function main(): Promise<void> {
  const batch = Number(values.batch);
  const repeats = Number(values.repeats);
  const top = Number(values.top);
  if (!(batch >= 1) || !(repeats >= 1)) throw new Error('--batch and --repeats need positive integers');
  const t = await target();
  const why = await installNodeWebGpu();
  if (why) throw new Error(why);
  const acquired = await acquireEngine();
  if (!acquired.ok) throw new Error(formatMessage(acquired.reason));
  const engine = acquired.engine;
  await import('@tensorflow/tfjs-backend-webgpu');
  await tf.setBackend('webgpu');
  await tf.ready();
  console.log(`adapter: ${engine.adapter}\nmodel: ${t.name}, input ${t.input.join('x')}, batch ${batch}`);
  console.log(`architecture: ${JSON.stringify(t.arch)}`);

  const net = await engineNet(engine, t.arch, t.input, batch);
  try {
    const dispatches = net.stepDispatches;
    await timeSubmit(engine, dispatches, 1); // warm-up
    const whole = await timeSubmit(engine, dispatches, repeats);
    const each: number[] = [];
    for (const d of dispatches) each.push(await timeSubmit(engine, [d], repeats));
    const sum = each.reduce((a, b) => a + b, 0);
    const byLabel = new Map<string, { count: number; ms: number }>();
    dispatches.forEach((d, i) => {
      const e = byLabel.get(d.label) ?? { count: 0, ms: 0 };
      e.count++;
      e.ms += each[i]!;
      byLabel.set(d.label, e);
    });
    const labels = [...byLabel.entries()].sort((a, b) => b[1].ms - a[1].ms);
    console.log(`\n${dispatches.length} dispatches, ${net.parameterCount} parameters\n`);
    console.log(
      markdownTable(
        ['kernel', 'dispatches', 'ms', 'share'],
        labels.map(([label, e]) => [
          label,
          String(e.count),
          e.ms.toFixed(1),
          `${((100 * e.ms) / sum).toFixed(1)}%`,
        ]),
      ),
    );
    const slowest = dispatches
      .map((d, i) => ({ i, d, ms: each[i]! }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
    console.log(`\nslowest ${slowest.length} dispatches (index in the step, workgroups x,y,z):\n`);
    console.log(
      markdownTable(
        ['kernel', 'index', 'workgroups', 'ms'],
        slowest.map(({ i, d, ms }) => [d.label, String(i), d.workgroups.join(','), ms.toFixed(1)]),
      ),
    );
    const tfjsMs = await tfjsStep(t, batch, repeats);
    console.log(
      `\nwhole step ${whole.toFixed(1)} ms (${((batch * 1000) / whole).toFixed(1)} img/s), sum of dispatches ${sum.toFixed(1)} ms; tfjs webgpu trainOnBatch ${tfjsMs.toFixed(1)} ms (${((batch * 1000) / tfjsMs).toFixed(1)} img/s)`,
    );
    if (process.env.OUT)
      writeFileSync(
        join(process.env.OUT, 'engine-profile.json'),
        JSON.stringify(
          {
            model: t.name,
            batch,
            adapter: engine.adapter,
            whole,
            sum,
            tfjsMs,
            kernels: Object.fromEntries(labels),
          },
          null,
          2,
        ),
      );
  } finally {
    net.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
