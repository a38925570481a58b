#!/usr/bin/env node
/**
 * `npm run bench:nb201`: each strategy searches NAS-Bench-201 (CIFAR-10, 12-epoch table) with the
 * same budget of unique models over the same seeds, in Node. Prints models per second and the
 * mean final rank of the best cell found among all 15,625 (1 = the best cell). No test asserts
 * a winner: this prints whatever happens.
 *
 * Options: --budget N (unique models per run, default 300)  --seeds N (default 10)
 *          --strategies metaqnn,reinforce,evolution,random  --controllers plain,tfjs  --json FILE
 * REINFORCE runs once per controller: plain TypeScript (the app's) and tfjs on its CPU backend.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '10' },
    strategies: { type: 'string', default: 'metaqnn,reinforce,evolution,random' },
    controllers: { type: 'string', default: 'plain,tfjs' },
    json: { type: 'string' },
  },
});
const options = {
  budget: Number(values.budget),
  seeds: Number(values.seeds),
  strategies: values.strategies
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  controllers: values.controllers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
};
if (!(
  Number.isInteger(options.budget) &&
  options.budget >= 1 &&
  Number.isInteger(options.seeds) &&
  options.seeds >= 1 &&
  options.controllers.length > 0 &&
  options.controllers.every((c) => c === 'plain' || c === 'tfjs')
)) {
  console.error('bench:nb201: --budget and --seeds need positive integers, --controllers plain and/or tfjs');
  process.exit(2);
}

// Inside the project, so that the bundle's `import '@tensorflow/tfjs'` resolves to its node_modules.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules/.cache/nas-bench-nb201-'));
try {
  const esbuild = await import('esbuild');
  const out = join(dir, 'nb201-bench.mjs');
  await esbuild.build({
    entryPoints: [join(root, 'bench/nb201-bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    external: ['@tensorflow/tfjs'],
    logLevel: 'error',
  });
  const { benchNb201, benchControllers } = await import(pathToFileURL(out).href);
  const timings = await benchControllers();
  const rows = await benchNb201(options);
  const names = {
    metaqnn: 'Q-learning (MetaQNN rules)',
    reinforce: 'REINFORCE',
    evolution: 'Regularized evolution',
    random: 'Random search',
  };
  console.log(
    `\nNAS-Bench-201 CIFAR-10 · ${options.budget} unique models per run · ${options.seeds} seeds · Node ${process.version}\n`,
  );
  console.log(
    '| Strategy | Models/s | Proposals | Seconds | Mean final acc. | Mean final rank | Best / worst rank |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const controllerNames = { plain: 'plain TS controller', tfjs: 'tfjs CPU controller' };
  for (const r of rows) {
    const name = names[r.strategy] ?? r.strategy;
    console.log(
      `| ${r.controller ? `${name} (${controllerNames[r.controller]})` : name} | ${r.modelsPerSecond.toFixed(0)} | ${r.proposals} | ${r.seconds.toFixed(2)} | ${(100 * r.meanFinalAccuracy).toFixed(2)}% | ${r.meanFinalRank.toFixed(1)} | ${r.bestRank} / ${r.worstRank} |`,
    );
  }
  console.log('\nREINFORCE controller (class settings: 2 x 35 LSTM), mean milliseconds per call\n');
  console.log('| Space | Controller | Sample (ms) | Update of m samples (ms) | m |');
  console.log('|---|---|---:|---:|---:|');
  for (const t of timings) {
    console.log(
      `| ${t.space} | ${controllerNames[t.controller]} | ${t.sampleMs.toFixed(3)} | ${t.updateMs.toFixed(2)} | ${t.batch} |`,
    );
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ options, rows, timings }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
