/**
 * The app as `npm run bench:scale` drives it: a fresh browser context per phase, the documented
 * test API (`window.nasPlayground`, docs/testing-api.md) called in the page, and waits bounded by a
 * deadline that tell a crashed tab from a run that is merely slow.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ConfigPatch } from '../src/nas/config';

/** The counts of `snapshot()`. */
export interface RunCounts {
  proposed: number;
  trained: number;
  cached: number;
  planned: number;
}

/**
 * The run as the header shows it: the status pill's word (`loading` until the worker is ready)
 * and the counters. Read from the DOM because `snapshot()` first waits for the run to be saved,
 * which on a long run can take as long as the run (bench:scale found 50 s for 200 models).
 */
export interface RunProgress {
  status: 'loading' | 'idle' | 'running' | 'pausing' | 'paused' | 'done' | 'error';
  /** `status.models`: unique models trained and planned. */
  trained: number;
  planned: number;
  /** `timeline.readout`'s `data-total`: proposals so far. */
  proposed: number;
}

/** Why a phase ended without its numbers. */
export class PhaseFailure extends Error {
  constructor(
    readonly kind: 'crash' | 'timeout' | 'error',
    message: string,
  ) {
    super(message);
  }
}

/** The page methods used here (docs/testing-api.md). */
interface TestApi {
  configure(patch: ConfigPatch): Promise<void>;
  start(): Promise<void>;
  snapshot(): Promise<{ counts: RunCounts; history: unknown[] }>;
  exportRun(): Promise<unknown>;
  importRun(json: unknown): Promise<{ ok: true } | { ok: false; error: string }>;
}

/**
 * The page's window with the test API. Callbacks of `page.evaluate` are sent as source text, so
 * they name it through this type, never through a helper of this module.
 */
type PageWindow = { nasPlayground: TestApi };

/** Milliseconds between polls of a running search. */
export const POLL_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One page of the app in its own browser context, watched for a crashed tab. */
export class AppTab {
  crashed = false;
  /** Uncaught page errors, first few. */
  readonly errors: string[] = [];
  /** Rejects when the tab crashes: a DevTools call to a crashed page may never answer. */
  private readonly crash: Promise<never>;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    this.crash = new Promise<never>((_, reject) => {
      page.on('crash', () => {
        this.crashed = true;
        reject(new PhaseFailure('crash', 'the tab crashed'));
      });
    });
    this.crash.catch(() => undefined);
    page.on('pageerror', (err) => {
      if (this.errors.length < 5) this.errors.push(err.message);
    });
  }

  /** Opens `url` in a fresh context (empty storage) and waits for the test API. */
  static async open(browser: Browser, url: string, deadline: number): Promise<AppTab> {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1600, height: 900 },
    });
    const tab = new AppTab(context, await context.newPage());
    await tab.guard(tab.page.goto(url), deadline, 'loading the app');
    await tab.waitForApi(deadline);
    return tab;
  }

  async waitForApi(deadline: number): Promise<void> {
    await this.guard(
      this.page.waitForFunction(() => 'nasPlayground' in window, undefined, {
        timeout: Math.max(1, deadline - Date.now()),
      }),
      deadline,
      'waiting for window.nasPlayground',
    );
  }

  configure(patch: ConfigPatch, deadline: number): Promise<void> {
    return this.guard(
      this.page.evaluate((p) => (window as unknown as PageWindow).nasPlayground.configure(p), patch),
      deadline,
      'configure',
    );
  }

  start(deadline: number): Promise<void> {
    return this.guard(
      this.page.evaluate(() => (window as unknown as PageWindow).nasPlayground.start()),
      deadline,
      'start',
    );
  }

  /**
   * Longest wait for `progress()`, ms: the page answers once its main thread is free, so this is
   * how long the UI could not respond. Reset by the caller.
   */
  slowestPollMs = 0;

  /** What the header shows now (status word and counts); no wait for storage. */
  async progress(deadline: number): Promise<RunProgress> {
    const asked = Date.now();
    const progress = await this.guard(
      // No helper functions inside: tsx would wrap them in a `__name` the page does not have.
      this.page.evaluate(() => {
        const pill = document.querySelector('[data-testid="status.run"]');
        const label = pill?.textContent?.trim() ?? 'loading';
        const status = pill?.getAttribute('data-pausing') === 'true' ? 'pausing' : label;
        const models = (document.querySelector('[data-testid="status.models"]')?.textContent ?? '')
          .replace(/,/g, '')
          .match(/(\d+)\s*\/\s*(\d+)/);
        const readout = document.querySelector('[data-testid="timeline.readout"]');
        return {
          status: status as RunProgress['status'],
          trained: Number(models?.[1] ?? 0),
          planned: Number(models?.[2] ?? 0),
          proposed: Number(readout?.getAttribute('data-total') ?? 0),
        };
      }),
      deadline,
      'reading the header',
    );
    this.slowestPollMs = Math.max(this.slowestPollMs, Date.now() - asked);
    return progress;
  }

  /**
   * Resolves as soon as the header shows at least half the planned unique models, or the run
   * done. A MutationObserver on the header sees every render; a poll can miss half of a short run
   * (the header advances in jumps of tens of models while the page is busy with results).
   */
  waitForHalf(deadline: number): Promise<RunProgress> {
    return this.guard(
      // Inline callbacks only: tsx would wrap named ones in a `__name` the page does not have.
      this.page.evaluate(
        () =>
          new Promise<RunProgress>((resolve) => {
            new MutationObserver((_, observer) => {
              const pill = document.querySelector('[data-testid="status.run"]');
              const models = (document.querySelector('[data-testid="status.models"]')?.textContent ?? '')
                .replace(/,/g, '')
                .match(/(\d+)\s*\/\s*(\d+)/);
              const trained = Number(models?.[1] ?? 0);
              const planned = Number(models?.[2] ?? 0);
              const status = pill?.textContent?.trim() ?? 'loading';
              if (status !== 'done' && !(planned > 0 && trained >= Math.ceil(planned / 2))) return;
              observer.disconnect();
              const proposed = document
                .querySelector('[data-testid="timeline.readout"]')
                ?.getAttribute('data-total');
              resolve({
                status: status as RunProgress['status'],
                trained,
                planned,
                proposed: Number(proposed ?? 0),
              });
            }).observe(document.querySelector('header') ?? document.body, {
              subtree: true,
              childList: true,
              characterData: true,
            });
          }),
      ),
      deadline,
      'waiting for half the models',
    );
  }

  /** `snapshot().counts`, which resolves once the run is saved; the history stays in the page. */
  snapshotCounts(deadline: number): Promise<RunCounts> {
    return this.guard(
      this.page.evaluate(
        async () => (await (window as unknown as PageWindow).nasPlayground.snapshot()).counts,
      ),
      deadline,
      'snapshot',
    );
  }

  /**
   * Polls the header until `done(progress)` holds, calling `each` after every poll; a run that
   * shows `error` ends the wait with its failure.
   */
  async waitFor(
    done: (p: RunProgress) => boolean,
    deadline: number,
    what: string,
    each?: (p: RunProgress) => Promise<unknown>,
  ): Promise<RunProgress> {
    for (;;) {
      const p = await this.progress(deadline);
      await each?.(p);
      if (done(p)) return p;
      if (p.status === 'error')
        throw new PhaseFailure('error', `${what}: the run reported an error (${await this.statusTitle()})`);
      if (Date.now() + POLL_MS > deadline)
        throw new PhaseFailure('timeout', `${what}: timed out at ${describeProgress(p)}`);
      await sleep(POLL_MS);
    }
  }

  /** The run log as JSON text, serialised in the page. */
  exportText(deadline: number): Promise<string> {
    return this.guard(
      this.page.evaluate(async () =>
        JSON.stringify(await (window as unknown as PageWindow).nasPlayground.exportRun()),
      ),
      deadline,
      'exportRun',
    );
  }

  /** Text of a DOM element by test id, or null when absent or the page does not answer in 10 s. */
  async text(testId: string): Promise<string | null> {
    const el = this.page.getByTestId(testId);
    const read = async () => ((await el.count()) ? (await el.first().innerText()).trim() : null);
    return this.guard(read(), Date.now() + 10_000, testId).catch(() => null);
  }

  /** Closes the context; gives up after 30 s (the browser is closed after each scenario anyway). */
  async close(): Promise<void> {
    await Promise.race([
      this.context.close().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 30_000)),
    ]);
  }

  /** Awaits `work` unless the tab crashes or the deadline passes first. */
  async guard<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PhaseFailure('timeout', `${what}: timed out`)),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      return await Promise.race([work, timeout, this.crash]);
    } catch (err) {
      if (this.crashed) throw new PhaseFailure('crash', `${what}: the tab crashed`);
      if (err instanceof PhaseFailure) throw err;
      throw new PhaseFailure(
        'error',
        `${what}: ${err instanceof Error ? err.message.replace(/\s+/g, ' ').slice(0, 400) : String(err)}`,
      );
    } finally {
      clearTimeout(timer);
      work.catch(() => undefined);
    }
  }

  private async statusTitle(): Promise<string> {
    return (
      (await this.page
        .getByTestId('status.run')
        .getAttribute('title')
        .catch(() => null)) ?? 'no message'
    );
  }
}

/** "1234/2700 unique, 5012 proposals, running". */
export function describeProgress(p: RunProgress): string {
  return `${p.trained}/${p.planned} unique, ${p.proposed} proposals, ${p.status}`;
}
