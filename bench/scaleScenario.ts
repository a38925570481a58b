/**
 * One scenario of `npm run bench:scale`: a paper-length search on the NAS-Bench-201 table in the
 * browser, then its run log exported (test API and the export menu), imported into a fresh page,
 * and optionally the same run reloaded half way. Each phase has its own browser context and its
 * own deadline; a phase that crashes the tab or times out is recorded and the next phase that
 * does not depend on it still runs.
 */
import { gzipSync } from 'node:zlib';
import { statSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { ConfigPatch } from '../src/nas/config';
import { AppTab, PhaseFailure, describeProgress, type RunCounts, type RunProgress } from './scaleApp';
import { HeapSampler } from './scaleHeap';

export interface ScaleScenario {
  /** Row label. */
  name: string;
  patch: ConfigPatch;
  /** Also time a reload half way through a second run of the same config. */
  reload: boolean;
}

export type Phase = 'configure' | 'run' | 'save' | 'export' | 'download' | 'import' | 'reload';

export interface PhaseProblem {
  phase: Phase;
  kind: PhaseFailure['kind'];
  detail: string;
}

/** Everything a scenario measured; null where its phase failed or did not run. */
export interface ScaleResult {
  name: string;
  /** Counts the header showed when the run ended, crashed or timed out. */
  counts: HeaderCounts | null;
  /** `snapshot().counts` once the run was saved, and seconds from `done` until then. */
  saved: (RunCounts & { seconds: number }) | null;
  /** Seconds from `start()` to status `done`. */
  runSeconds: number | null;
  /** Seconds until the run stopped early (crash, timeout, error). */
  failedAfterSeconds: number | null;
  /** JS heap in use, bytes: the largest sample during the run and after a forced GC at its end. */
  pageHeap: { peak: number; afterGc: number | null } | null;
  workerHeap: { peak: number; afterGc: number | null } | null;
  /** `JSON.stringify(exportRun())`, bytes, and the same gzipped by node:zlib (level 6). */
  logJsonBytes: number | null;
  logGzipBytes: number | null;
  /** The export menu's run-log download. */
  download: { name: string; bytes: number } | null;
  /** Seconds from `importRun(text)` in a fresh page until the header shows the same counts. */
  importSeconds: number | null;
  /**
   * Counts the header showed at the reload and once the reloaded page had restored the run, and
   * seconds from `page.reload()` until `start()` has it running again.
   */
  reloadAt: HeaderCounts | null;
  restored: HeaderCounts | null;
  reloadSeconds: number | null;
  /** How the reloaded run ended, and seconds from its restart to then. */
  afterReload: (RunProgress & { seconds: number }) | null;
  /** Longest the page took to answer a poll of the header during the run, seconds. */
  slowestPollSeconds: number | null;
  /** Worker restarts the header showed at the end of the run (`status.restarts`). */
  restarts: string | null;
  problems: PhaseProblem[];
  /** Uncaught page errors, first few per phase. */
  pageErrors: string[];
}

/** The header's counts. */
export type HeaderCounts = Pick<RunProgress, 'trained' | 'planned' | 'proposed'>;

const countsOf = ({ trained, planned, proposed }: RunProgress): HeaderCounts => ({
  trained,
  planned,
  proposed,
});

export interface ScenarioOptions {
  url: string;
  /** Longest each phase may take, ms. */
  timeoutMs: number;
  /** Where the exported log is written for the import phase. */
  logPath: string;
  log: (line: string) => void;
}

const seconds = (since: number) => (Date.now() - since) / 1000;

/** Runs `scenario` phase by phase; never throws for a failure of the app. */
export async function runScenario(
  browser: Browser,
  scenario: ScaleScenario,
  options: ScenarioOptions,
): Promise<ScaleResult> {
  const result: ScaleResult = {
    name: scenario.name,
    counts: null,
    saved: null,
    runSeconds: null,
    failedAfterSeconds: null,
    pageHeap: null,
    workerHeap: null,
    logJsonBytes: null,
    logGzipBytes: null,
    download: null,
    importSeconds: null,
    reloadAt: null,
    restored: null,
    reloadSeconds: null,
    afterReload: null,
    slowestPollSeconds: null,
    restarts: null,
    problems: [],
    pageErrors: [],
  };
  const say = (line: string) => options.log(`${scenario.name}: ${line}`);
  const failed = (phase: Phase, err: unknown) => {
    const problem: PhaseProblem =
      err instanceof PhaseFailure
        ? { phase, kind: err.kind, detail: err.message }
        : { phase, kind: 'error', detail: err instanceof Error ? err.message : String(err) };
    result.problems.push(problem);
    say(`${phase} failed (${problem.kind}): ${problem.detail}`);
  };

  const exported = await searchAndExport(browser, scenario, options, result, say, failed);
  if (exported) await importLog(browser, exported, options, result, say, failed);
  if (scenario.reload && !result.problems.some((p) => p.phase === 'configure'))
    await reloadHalfway(browser, scenario, options, result, say, failed);
  return result;
}

type Say = (line: string) => void;
type Failed = (phase: Phase, err: unknown) => void;

/** The search, its heaps, and its log exported both ways; the counts the import must show. */
async function searchAndExport(
  browser: Browser,
  scenario: ScaleScenario,
  options: ScenarioOptions,
  result: ScaleResult,
  say: Say,
  failed: Failed,
): Promise<HeaderCounts | null> {
  let deadline = Date.now() + options.timeoutMs;
  let tab: AppTab | null = null;
  let sampler: HeapSampler | null = null;
  try {
    tab = await AppTab.open(browser, options.url, deadline);
    sampler = await HeapSampler.attach(tab.page);
    try {
      await tab.configure(scenario.patch, deadline);
    } catch (err) {
      failed('configure', err);
      return null;
    }
    const t0 = Date.now();
    tab.slowestPollMs = 0;
    let last: RunProgress | null = null;
    let lastSaid = Date.now();
    try {
      await tab.start(deadline);
      last = await tab.waitFor(
        (p) => p.status === 'done',
        deadline,
        'run',
        async (p) => {
          last = p;
          // A page busy in JS may answer late; never let a sample hold up the run's deadline.
          await tab!
            .guard(sampler!.sample(), Math.min(deadline, Date.now() + 30_000), 'heap')
            .catch(() => undefined);
          if (Date.now() - lastSaid < 30_000) return;
          lastSaid = Date.now();
          say(
            `${seconds(t0).toFixed(0)} s, ${describeProgress(p)}; heap peaks: page ${mb(sampler!.peak.page)} MB, ` +
              `worker ${mb(sampler!.peak.workers)} MB`,
          );
        },
      );
      result.runSeconds = seconds(t0);
      result.counts = countsOf(last);
      say(`done in ${result.runSeconds.toFixed(1)} s: ${describeProgress(last)}`);
    } catch (err) {
      result.failedAfterSeconds = seconds(t0);
      result.counts = last && countsOf(last);
      failed('run', err);
    } finally {
      result.slowestPollSeconds = tab.slowestPollMs / 1000;
      result.pageHeap = { peak: sampler.peak.page, afterGc: null };
      result.workerHeap = { peak: sampler.peak.workers, afterGc: null };
      result.restarts = tab.crashed ? null : await tab.text('status.restarts').catch(() => null);
    }
    if (tab.crashed || result.runSeconds === null) return null;

    deadline = Date.now() + options.timeoutMs;
    const done = Date.now();
    try {
      const counts = await tab.snapshotCounts(deadline);
      result.saved = { ...counts, seconds: seconds(done) };
      say(`saved ${result.saved.seconds.toFixed(1)} s after done: ${JSON.stringify(counts)}`);
    } catch (err) {
      failed('save', err);
    }
    const collected = await tab
      .guard(sampler.collectGarbage(), Date.now() + 60_000, 'garbage collection')
      .catch(() => null);
    if (collected) {
      result.pageHeap.afterGc = collected.page;
      result.workerHeap.afterGc = collected.workers;
    }

    deadline = Date.now() + options.timeoutMs;
    try {
      const text = await tab.exportText(deadline);
      const bytes = Buffer.from(text, 'utf8');
      result.logJsonBytes = bytes.length;
      result.logGzipBytes = gzipSync(bytes).length;
      writeFileSync(options.logPath, bytes);
    } catch (err) {
      failed('export', err);
    }
    try {
      result.download = await downloadLog(tab, deadline);
    } catch (err) {
      failed('download', err);
    }
    return result.logJsonBytes === null ? null : result.counts;
  } catch (err) {
    failed('run', err);
    return null;
  } finally {
    result.pageErrors.push(...(tab?.errors ?? []));
    await sampler?.detach();
    await tab?.close();
  }
}

/** The export menu's `export.log` download: its file name and size. */
async function downloadLog(tab: AppTab, deadline: number): Promise<{ name: string; bytes: number }> {
  const timeout = Math.max(1, deadline - Date.now());
  await tab.guard(tab.page.getByTestId('run.export').click({ timeout }), deadline, 'opening the export menu');
  const download = tab.page.waitForEvent('download', { timeout });
  await tab.guard(tab.page.getByTestId('export.log').click({ timeout }), deadline, 'export.log');
  const file = await tab.guard(download, deadline, 'the export download');
  const path = await tab.guard(file.path(), deadline, 'saving the download');
  return { name: file.suggestedFilename(), bytes: statSync(path).size };
}

/** `importRun(text)` in a fresh context, timed until the header and snapshot show `expected`. */
async function importLog(
  browser: Browser,
  expected: HeaderCounts,
  options: ScenarioOptions,
  result: ScaleResult,
  say: Say,
  failed: Failed,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let tab: AppTab | null = null;
  try {
    tab = await AppTab.open(browser, options.url, deadline);
    // The text reaches the page as a local file, not through the DevTools pipe.
    await tab.page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-scale-log';
      input.hidden = true;
      document.body.append(input);
    });
    await tab.page.setInputFiles('#bench-scale-log', options.logPath);
    await tab.guard(
      tab.page.evaluate(async () => {
        const input = document.getElementById('bench-scale-log') as HTMLInputElement;
        (window as unknown as { benchScaleLog: string }).benchScaleLog = await input.files![0]!.text();
      }),
      deadline,
      'reading the log file',
    );
    const t0 = Date.now();
    const imported = await tab.guard(
      tab.page.evaluate(async () => {
        const w = window as unknown as {
          benchScaleLog: string;
          nasPlayground: { importRun(json: string): Promise<{ ok: boolean; error?: string }> };
        };
        const text = w.benchScaleLog;
        w.benchScaleLog = '';
        return w.nasPlayground.importRun(text);
      }),
      deadline,
      'importRun',
    );
    if (!imported.ok) throw new PhaseFailure('error', `importRun refused the log: ${imported.error}`);
    await tab.waitFor(
      (p) => p.trained === expected.trained && p.proposed === expected.proposed && p.status !== 'loading',
      deadline,
      'import',
    );
    result.importSeconds = seconds(t0);
    say(`imported in ${result.importSeconds.toFixed(1)} s`);
  } catch (err) {
    failed('import', err);
  } finally {
    result.pageErrors.push(...(tab?.errors ?? []));
    await tab?.close();
  }
}

/**
 * The same run again in a fresh context, reloaded while running once half its unique models are
 * trained: seconds from `page.reload()` until `start()` has it running again, the counts it was
 * restored with (what had been saved: the header's counts at the reload, or fewer), and the rest
 * of the run.
 */
async function reloadHalfway(
  browser: Browser,
  scenario: ScaleScenario,
  options: ScenarioOptions,
  result: ScaleResult,
  say: Say,
  failed: Failed,
): Promise<void> {
  let deadline = Date.now() + options.timeoutMs;
  let tab: AppTab | null = null;
  try {
    tab = await AppTab.open(browser, options.url, deadline);
    await tab.configure(scenario.patch, deadline);
    // The observer goes in before the run starts: DevTools calls reach the page in order.
    const half = tab.waitForHalf(deadline);
    half.catch(() => undefined);
    await tab.start(deadline);
    const before = await half;
    if (before.status === 'done') throw new PhaseFailure('error', 'the run ended before the reload');
    result.reloadAt = countsOf(before);
    say(`reloading at ${describeProgress(before)}`);
    deadline = Date.now() + options.timeoutMs;
    const t0 = Date.now();
    await tab.guard(tab.page.reload(), deadline, 'page.reload');
    await tab.waitForApi(deadline);
    const restored = await tab.waitFor((p) => p.status !== 'loading', deadline, 'reload: restoring the run');
    result.restored = countsOf(restored);
    await tab.start(deadline);
    const running = await tab.waitFor(
      (p) => p.status === 'running' || p.status === 'done',
      deadline,
      'reload: running again',
    );
    result.reloadSeconds = seconds(t0);
    say(
      `running again ${result.reloadSeconds.toFixed(1)} s after the reload; restored ${describeProgress(restored)}; ` +
        `now ${describeProgress(running)}`,
    );
    const t1 = Date.now();
    const end = await tab.waitFor((p) => p.status === 'done', deadline, 'reload: second half');
    result.afterReload = { ...end, seconds: seconds(t1) };
    say(`reloaded run done: ${describeProgress(end)}`);
  } catch (err) {
    failed('reload', err);
  } finally {
    result.pageErrors.push(...(tab?.errors ?? []));
    await tab?.close();
  }
}

/** Bytes as MB (10^6 bytes) with one decimal. */
export function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
