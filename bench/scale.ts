/**
 * `npm run bench:scale` (issue #17, paper-length runs): the app in headless Chromium running
 * searches of a paper's length on the NAS-Bench-201 CIFAR-10 table through `window.nasPlayground`,
 * and what they cost: run seconds, JS heap of the page and of the search worker (peak while
 * running, and after a forced GC), the run log's size (JSON, gzip, the export menu's download),
 * seconds to import it into a fresh page, and seconds to be running again after a reload half way.
 *
 * Scenarios (each in its own browser, each phase in its own context):
 *   metaqnn    MetaQNN's `paper` preset: Table 2's schedule, 2,700 unique models, replay 100,
 *              α 0.01, γ 1 (`--models N`: the same schedule scaled to N); also the reload.
 *   evolution  regularized evolution, `paper` preset (P 100, S 25), `--budget` unique models.
 *   random     random search, `--budget` unique models.
 *   reinforce  NAS-RL's REINFORCE controller, `paper` preset (batch 8), `--budget` unique models.
 *
 *   npm run bench:scale -- [--only metaqnn,evolution,random,reinforce] [--models 2700] [--budget 10000]
 *       [--timeout 1800] [--seed 1] [--dist DIR] [--json FILE]
 *   --timeout: seconds each phase of a scenario may take (the run, the export, the import, the
 *   reloaded run). --dist: serve an app already built there instead of building one (a private
 *   build in a temporary folder, so a `dist` rebuilt meanwhile by someone else does not matter).
 * Env: CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { ConfigPatch } from '../src/nas/config';
import { PAPER_EPSILON_SCHEDULE, scheduleForBudget } from '../src/nas/strategies/metaqnn/config';
import { runScenario, mb, type ScaleResult, type ScaleScenario } from './scaleScenario';
import { markdownTable } from './table';

const SCENARIOS = ['metaqnn', 'evolution', 'random', 'reinforce'] as const;
type ScenarioId = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: SCENARIOS.join(',') },
    models: { type: 'string' },
    budget: { type: 'string', default: '10000' },
    timeout: { type: 'string', default: '1800' },
    seed: { type: 'string', default: '1' },
    dist: { type: 'string' },
    json: { type: 'string' },
  },
});

const root = process.cwd();
const PAPER_MODELS = PAPER_EPSILON_SCHEDULE.reduce((sum, s) => sum + s.models, 0);

/** The scenarios asked for, with their config patches. */
function scenarios(): ScaleScenario[] {
  const only = values.only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  const models = values.models === undefined ? PAPER_MODELS : Number(values.models);
  const budget = Number(values.budget);
  const seed = Number(values.seed);
  for (const [name, n] of [
    ['--models', models],
    ['--budget', budget],
    ['--seed', seed],
  ] as const)
    if (!Number.isInteger(n) || n < (name === '--seed' ? 0 : 1))
      throw new Error(`${name} needs a whole number`);
  // `fidelity` first loads the paper preset; the rest patch it (docs/testing-api.md).
  const table = { fidelity: 'paper', space: 'nb201', dataset: 'nb201-cifar10', seed } as const;
  const patches: Record<ScenarioId, () => ScaleScenario> = {
    metaqnn: () => ({
      name: `metaqnn ${models}`,
      patch: {
        ...table,
        strategy: 'metaqnn',
        ...(models === PAPER_MODELS ? {} : { metaqnn: { epsilonSchedule: scheduleForBudget(models) } }),
      } as ConfigPatch,
      reload: true,
    }),
    evolution: () => ({
      name: `evolution ${budget}`,
      patch: { ...table, strategy: 'evolution', evolution: { models: budget } } as ConfigPatch,
      reload: false,
    }),
    random: () => ({
      name: `random ${budget}`,
      patch: { ...table, strategy: 'random', random: { models: budget } } as ConfigPatch,
      reload: false,
    }),
    reinforce: () => ({
      name: `reinforce ${budget}`,
      patch: { ...table, strategy: 'reinforce', reinforce: { models: budget } } as ConfigPatch,
      reload: false,
    }),
  };
  return only.map((id) => patches[id as ScenarioId]());
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    );
  });
}

const VITE = join(root, 'node_modules/vite/bin/vite.js');

/** `vite preview` of `dist` on 127.0.0.1 (WebGPU needs a secure context); resolves once it answers. */
async function preview(dist: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dist],
    { cwd: root, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

/** A cell for a measured number, or the way its phase failed. */
function cell(r: ScaleResult, phases: string[], value: number | null, digits = 1): string {
  const problem = r.problems.find((p) => phases.includes(p.phase));
  if (problem) return problem.kind;
  return value === null ? '-' : value.toFixed(digits);
}

function heapCell(r: ScaleResult, heap: ScaleResult['pageHeap']): string {
  if (!heap) return cell(r, ['run', 'configure'], null);
  return heap.afterGc === null ? `${mb(heap.peak)} / -` : `${mb(heap.peak)} / ${mb(heap.afterGc)}`;
}

function runCell(r: ScaleResult): string {
  const problem = r.problems.find((p) => p.phase === 'run' || p.phase === 'configure');
  if (problem && r.failedAfterSeconds !== null) return `${problem.kind} @${r.failedAfterSeconds.toFixed(0)}`;
  if (problem) return problem.kind;
  return r.runSeconds === null ? '-' : r.runSeconds.toFixed(1);
}

/** Seconds to run again after the reload; `(-N)` when N unique models were not restored. */
function reloadCell(r: ScaleResult): string {
  const seconds = cell(r, ['reload'], r.reloadSeconds);
  const lost = r.reloadAt && r.restored ? r.reloadAt.trained - r.restored.trained : 0;
  return lost > 0 && r.reloadSeconds !== null ? `${seconds} (-${lost})` : seconds;
}

function formatTable(results: ScaleResult[]): string {
  const header = [
    'scenario',
    'proposals',
    'unique',
    'run s',
    'page heap MB',
    'worker heap MB',
    'log JSON MB',
    'log gzip MB',
    'import s',
    'reload s',
  ];
  const rows = results.map((r) => [
    r.name,
    r.counts ? String(r.counts.proposed) : '-',
    r.counts ? String(r.counts.trained) : '-',
    runCell(r),
    heapCell(r, r.pageHeap),
    heapCell(r, r.workerHeap),
    cell(r, ['export'], r.logJsonBytes === null ? null : r.logJsonBytes / 1e6),
    cell(r, ['export'], r.logGzipBytes === null ? null : r.logGzipBytes / 1e6),
    cell(r, ['import'], r.importSeconds),
    reloadCell(r),
  ]);
  return markdownTable(header, rows);
}

/** One line per failure, the download and the reloaded run: what the table has no room for. */
function notes(results: ScaleResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const p of r.problems) lines.push(`${r.name}: ${p.phase} ${p.kind}: ${p.detail}`);
    if (r.download)
      lines.push(`${r.name}: export menu downloaded ${r.download.name}, ${mb(r.download.bytes)} MB`);
    if (r.runSeconds !== null && r.counts && r.counts.trained < r.counts.planned)
      lines.push(
        `${r.name}: done with ${r.counts.trained} of ${r.counts.planned} unique models: a run also ends after ` +
          `10 × budget re-proposals (docs/strategies.md)`,
      );
    if (r.slowestPollSeconds !== null && r.slowestPollSeconds >= 5)
      lines.push(
        `${r.name}: the page took up to ${r.slowestPollSeconds.toFixed(0)} s to answer a poll of the header ` +
          `during the run (its main thread busy)`,
      );
    if (r.saved)
      lines.push(
        `${r.name}: snapshot() (it waits for the run to be saved) resolved ${r.saved.seconds.toFixed(1)} s after done: ` +
          `${r.saved.proposed} proposals, ${r.saved.trained} unique, ${r.saved.cached} cached`,
      );
    if (r.reloadAt && r.restored)
      lines.push(
        `${r.name}: reloaded at ${r.reloadAt.trained} unique / ${r.reloadAt.proposed} proposals; restored ` +
          `${r.restored.trained} / ${r.restored.proposed}` +
          (r.restored.trained < r.reloadAt.trained
            ? ` (${r.reloadAt.trained - r.restored.trained} unique lost)`
            : ''),
      );
    if (r.afterReload)
      lines.push(
        `${r.name}: the reloaded run ended ${r.afterReload.status} with ${r.afterReload.trained}/${r.afterReload.planned} ` +
          `unique, ${r.afterReload.proposed} proposals, ${r.afterReload.seconds.toFixed(1)} s after its restart`,
      );
    if (r.restarts && r.restarts !== '0') lines.push(`${r.name}: worker restarts shown: ${r.restarts}`);
    for (const e of r.pageErrors) lines.push(`${r.name}: page error: ${e}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const chosen = scenarios();
  const timeoutMs = Number(values.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new Error('--timeout needs seconds');
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const args = JSON.parse(readFileSync(join(root, 'e2e/fixtures/chromium-args.json'), 'utf8')) as string[];
  const work = mkdtempSync(join(tmpdir(), 'nas-scale-'));
  let server: ChildProcess | undefined;
  const results: ScaleResult[] = [];
  try {
    let dist = values.dist;
    if (!dist) {
      dist = join(work, 'dist');
      console.log(`bench:scale: building the app into ${dist}`);
      await run(process.execPath, [VITE, 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn']);
    }
    const served = await preview(dist);
    server = served.child;
    console.log(
      `bench:scale: serving ${dist} on ${served.url}; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
        `timeout ${values.timeout} s a phase`,
    );
    for (const scenario of chosen) {
      const browser = await chromium.launch({ executablePath, args });
      console.log(`bench:scale: ${scenario.name} (Chromium ${browser.version()})`);
      try {
        results.push(
          await runScenario(browser, scenario, {
            url: served.url,
            timeoutMs,
            logPath: join(work, 'run-log.json'),
            log: (line) => console.log(`bench:scale: ${line}`),
          }),
        );
      } finally {
        await browser.close().catch(() => undefined);
      }
    }
  } finally {
    server?.kill();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${formatTable(results)}\n`);
  console.log('heap MB: peak while running / after a forced GC at the end; MB = 10^6 bytes');
  for (const line of notes(results)) console.log(line);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ options: values, results }, null, 2)}\n`);
}

main().catch((err) => {
  console.error(`bench:scale: failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
