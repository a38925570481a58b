/**
 * `npm run bench:seconds`: seconds until each strategy's best standalone accuracy on the
 * NAS-Bench-201 cell, in the app itself (production build, headless Chromium, the comparison in its
 * worker; issue #18, item 3). Sample-based strategies train each cell they sample on the images
 * (`nb201.evaluate: 'train'`) as a one-shot strategy trains its derived cell; one-shot strategies
 * (DARTS, SNAS, ENAS) search their supernet and train the derived cell. The seconds are those the
 * runs' logs measured (src/nas/compare.ts): a sample-based run's summed `trainMs`, a one-shot run's
 * supernet time plus its standalone training. Printed per run: unique models, the best validation
 * accuracy, the seconds by which it was first reached, and the run's seconds in all.
 *
 *   npx tsx bench/compare-seconds.ts [--fidelity class] [--strategies random,evolution,darts,snas,enas]
 *       [--budget 10] [--seeds 1] [--compute auto] [--json FILE]
 *   --budget: unique models per sample-based run; --seeds: how many seeds (1, 2, ...);
 *   --compute: the machine's compute setting (src/train/compute.ts). Env: CHROMIUM_PATH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/fixtures/browser';
import { COMPUTE_PREFERENCES, isComputePreference } from '../src/train/compute';
import { markdownTable } from './table';

const { values } = parseArgs({
  options: {
    fidelity: { type: 'string', default: 'class' },
    strategies: { type: 'string', default: 'random,evolution,darts,snas,enas' },
    budget: { type: 'string', default: '10' },
    seeds: { type: 'string', default: '1' },
    compute: { type: 'string', default: 'auto' },
    json: { type: 'string' },
  },
});

interface Run {
  strategy: string;
  seed: number;
  best: number[];
  seconds?: number[];
}

interface Row {
  strategy: string;
  seed: number;
  models: number;
  best: number | null;
  secondsToBest: number | null;
  seconds: number | null;
}

/** A run's row: the first second at which its best so far reached its final best. */
function rowOf(run: Run): Row {
  const seconds = run.seconds ?? [];
  const best = run.best.at(-1) ?? null;
  const first = best === null ? -1 : run.best.indexOf(best);
  return {
    strategy: run.strategy,
    seed: run.seed,
    models: run.best.length,
    best,
    secondsToBest: first >= 0 ? (seconds[first] ?? null) : null,
    seconds: seconds.at(-1) ?? null,
  };
}

/** Runs the comparison in a page of the app at `url`; its runs. */
async function compare(
  url: string,
  spec: { fidelity: string; strategies: string[]; budget: number; seeds: number[] },
): Promise<Run[]> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.addInitScript((p) => localStorage.setItem('nas-playground.compute', p), values.compute);
    await page.goto(url);
    await page.waitForFunction("'nasPlayground' in window");
    const api = (method: string, arg?: unknown): Promise<unknown> =>
      page.evaluate(
        ([m, a]) =>
          (window as unknown as { nasPlayground: Record<string, (x?: unknown) => unknown> }).nasPlayground[
            m as string
          ]!(a),
        [method, arg] as const,
      );
    await api('configure', {
      fidelity: spec.fidelity,
      strategy: 'random',
      space: 'nb201',
      nb201: { evaluate: 'train' },
      seed: 1,
    });
    await api('compareStrategies', { ...spec, space: 'nb201' });
    for (;;) {
      await page.waitForTimeout(2000);
      const c = (await api('comparison')) as { status: string; error: string | null; runs: Run[] };
      if (c.status === 'error') throw new Error(`the comparison failed: ${c.error}`);
      if (c.status !== 'running') return c.runs;
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const fidelity = values.fidelity;
  if (!['test', 'class', 'paper'].includes(fidelity)) throw new Error('--fidelity: test, class or paper');
  if (!isComputePreference(values.compute))
    throw new Error(`--compute: one of ${COMPUTE_PREFERENCES.join(', ')}`);
  const budget = Number(values.budget);
  const seedCount = Number(values.seeds);
  if (!Number.isInteger(budget) || budget < 1 || !Number.isInteger(seedCount) || seedCount < 1)
    throw new Error('--budget and --seeds: positive whole numbers');
  const strategies = values.strategies.split(',').map((s) => s.trim());
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);

  const outDir = mkdtempSync(join(tmpdir(), 'seconds-bench-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    preview: { host: '127.0.0.1', port: 0 },
    build: { outDir },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  const t0 = performance.now();
  let runs: Run[];
  try {
    runs = await compare(url, { fidelity, strategies, budget, seeds });
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  const rows = runs.map(rowOf);
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `NAS-Bench-201 cells trained on images, fidelity '${fidelity}', budget ${budget} models per sample-based run, ` +
      `seeds ${seeds.join(', ')}, compute setting ${values.compute}; ${wall.toFixed(0)} s wall-clock in all`,
  );
  const fmt = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  console.log(
    markdownTable(
      ['strategy', 'seed', 'models', 'best val acc', 's to best', 's in all'],
      rows.map((r) => [
        r.strategy,
        String(r.seed),
        String(r.models),
        fmt(r.best, 3),
        fmt(r.secondsToBest, 1),
        fmt(r.seconds, 1),
      ]),
      1,
    ),
  );
  if (values.json)
    writeFileSync(
      values.json,
      JSON.stringify({ fidelity, budget, seeds, compute: values.compute, rows }, null, 2),
    );
}

await main();
