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
 * Env: CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
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

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// The same Chromium flags as the e2e tests: WebGPU through SwiftShader, no background traffic.
const CHROMIUM_ARGS = JSON.parse(
  readFileSync(new URL('../e2e/fixtures/chromium-args.json', import.meta.url), 'utf8'),
);

const dir = mkdtempSync(join(tmpdir(), 'nas-bench-'));
let server;
let browser;
try {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(root, 'bench/browser-bench.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outfile: join(dir, 'bench.js'),
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>NAS Playground bench</title><script type="module" src="bench.js"></script>',
  );
  server = createServer((req, res) => {
    const name = req.url === '/' ? 'index.html' : req.url.slice(1).split('?')[0];
    if (!['index.html', 'bench.js'].includes(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(readFileSync(join(dir, name)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;

  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.text().startsWith('bench:')) console.log(msg.text());
  });
  page.on('pageerror', (err) => console.error(`bench: page error: ${err.message}`));
  await page.goto(url);
  await page.waitForFunction(() => typeof globalThis.nasBench === 'function');
  const version = browser.version();
  console.log(
    `bench: Chromium ${version}, steps ${options.steps} (+${options.warmup} warm-up), batch ${options.batches.join(',')}, ` +
      `backends ${options.backends.join(',')}`,
  );
  const t0 = Date.now();
  const result = await page.evaluate((o) => globalThis.nasBench(o), options);
  for (const [backend, adapter] of Object.entries(result.adapters)) {
    if (adapter) console.log(`bench: ${backend} adapter: ${adapter}`);
  }
  console.log(`\n${result.table}\n`);
  console.log(`bench: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ chromium: version, options, ...result }, null, 2)}\n`);
} catch (err) {
  console.error(`bench: failed: ${err instanceof Error ? err.message : String(err)}`);
  if (String(err).includes('Executable')) console.error(`bench: set CHROMIUM_PATH (tried ${executablePath})`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
