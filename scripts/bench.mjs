#!/usr/bin/env node
/**
 * `npm run bench`: training throughput (images/s of one training step, median over the timed
 * steps after warm-up) of the architectures in bench/archs.ts (the reference net and three of the
 * `class` preset) on our own WebGPU engine (src/gpu) and on tfjs webgpu and webgl, in one run of
 * headless Chromium, printed as one table with the adapters named. Bundles bench/browser-bench.ts with esbuild, serves it on
 * 127.0.0.1 (WebGPU needs a secure context) and drives the page with playwright-core.
 *
 * Options: --steps N (timed steps, default 2)  --warmup N (default 1)
 *          --batch 64[,256] (default 64,256)
 *          --backends engine,webgpu,webgl (default; also engine-64x64: our engine on the one
 *            64x64 GEMM tile it had before tuning, and cpu)
 *          --archs reference,metaqnn-fc,metaqnn-gap,metaqnn-deep (default all)
 *          --json FILE (also write the rows as JSON)
 * Env: CHROMIUM_PATH (default /usr/bin/chromium). The browser machinery: scripts/browserBench.mjs.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { list, printAdapters, withBenchPage } from './browserBench.mjs';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    batch: { type: 'string', default: '64,256' },
    backends: { type: 'string', default: 'engine,webgpu,webgl' },
    archs: { type: 'string' },
    json: { type: 'string' },
  },
});
const options = {
  steps: Number(values.steps),
  warmup: Number(values.warmup),
  batches: list(values.batch).map(Number),
  backends: list(values.backends),
  archs: values.archs ? list(values.archs) : undefined,
};
if (!(options.steps >= 1) || !(options.warmup >= 0) || options.batches.some((b) => !(b >= 1))) {
  console.error('bench: --steps and --batch need positive integers');
  process.exit(2);
}

await withBenchPage(
  { name: 'bench', entry: 'bench/browser-bench.ts', ready: 'nasBench' },
  async (page, version) => {
    console.log(
      `bench: Chromium ${version}, steps ${options.steps} (+${options.warmup} warm-up), batch ${options.batches.join(',')}, ` +
        `backends ${options.backends.join(',')}`,
    );
    const t0 = Date.now();
    const result = await page.evaluate((o) => globalThis.nasBench(o), options);
    printAdapters(result.adapters);
    console.log(`\n${result.table}\n`);
    console.log(`bench: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (values.json)
      writeFileSync(values.json, `${JSON.stringify({ chromium: version, options, ...result }, null, 2)}\n`);
  },
);
