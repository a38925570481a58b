/**
 * Paper-length runs (#17), scaled to the suite: MetaQNN's Table 2 schedule at the `paper`
 * fidelity (replay 100, α 0.01, γ 1) on the NAS-Bench-201 table, shrunk to 300 unique models in
 * the same shape, runs to the end in the browser; its log exports and imports into a fresh page
 * with the same counts. `npm run bench:scale` runs the full 2,700 models.
 */
import { scheduleForBudget } from '../src/nas/strategies/metaqnn/config';
import { AppPage, expect, test } from './fixtures/app';

/** 300 in the suite; `SCALE_MODELS=2700` runs Table 2 itself (5.1 min on the 2-core VM at
 * 925f742, over the 2 minutes the issue allows the suite: the 90 MB log crosses the DevTools pipe
 * four times and is compared whole; `npm run bench:scale` times the run itself). */
const MODELS = Number(process.env.SCALE_MODELS ?? 300);

test('Table 2 schedule scaled to 300 models completes on NAS-Bench-201 and its log re-imports with the same counts', async ({
  app,
  browser,
}) => {
  await app.goto();
  const schedule = scheduleForBudget(MODELS);
  expect(schedule.map((s) => s.epsilon)).toEqual([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
  // `fidelity` loads the paper preset first; the schedule then replaces Table 2's 2,700 models.
  await app.api('configure', {
    strategy: 'metaqnn',
    fidelity: 'paper',
    space: 'nb201',
    dataset: 'nb201-cifar10',
    seed: 17,
    metaqnn: { epsilonSchedule: schedule },
  });
  await app.api('start');
  // The header, not snapshot() polls: a snapshot carries the whole history.
  await expect(app.byTestId('status.run')).toHaveText('done', { timeout: 120_000 });
  const finished = await app.snapshot();
  expect(finished.status).toBe('done');
  expect(finished.counts.trained).toBe(MODELS);
  expect(finished.counts.planned).toBe(MODELS);
  expect(finished.counts.proposed).toBe(finished.history.length);
  await expect(app.byTestId('status.models')).toContainText(`${MODELS} / ${MODELS}`);

  const log = await app.exportRun();
  expect(log.config.fidelity).toBe('paper');
  expect(log.config.metaqnn).toMatchObject({
    replaySamples: 100,
    alpha: 0.01,
    gamma: 1,
    epsilonSchedule: schedule,
  });
  const text = JSON.stringify(log);

  const context = await browser.newContext();
  try {
    const fresh = new AppPage(await context.newPage());
    const errors: string[] = [];
    fresh.page.on('pageerror', (e) => errors.push(e.message));
    await fresh.goto();
    expect(await fresh.api('importRun', text)).toEqual({ ok: true });
    const imported = await fresh.snapshot();
    expect(imported.status).toBe(finished.status);
    expect(imported.counts).toEqual(finished.counts);
    expect(imported.history).toEqual(finished.history);
    await expect(fresh.byTestId('status.models')).toContainText(`${MODELS} / ${MODELS}`);
    expect(await fresh.exportRun()).toEqual(log);
    expect(errors, 'uncaught errors in the importing page').toEqual([]);
  } finally {
    await context.close();
  }
});

test('a reload in the middle of the table run comes back with at least what the header showed, and ends with the same log', async ({
  app,
  page,
  browser,
}) => {
  const patch = {
    strategy: 'metaqnn',
    fidelity: 'paper',
    space: 'nb201',
    dataset: 'nb201-cifar10',
    seed: 19,
    metaqnn: { epsilonSchedule: scheduleForBudget(MODELS) },
  };
  const models = async (p = app): Promise<number> => {
    const text = (await p.byTestId('status.models').textContent()) ?? '';
    return Number(text.replace(/,/g, '').match(/(\d+)\s*\//)?.[1] ?? NaN);
  };
  await app.goto();
  await app.api('configure', patch);
  await app.api('start');
  await expect.poll(() => models(), { timeout: 60_000 }).toBeGreaterThanOrEqual(MODELS / 3);
  // The header shows only saved results: the reloaded page has at least those.
  const shown = await models();
  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await expect(app.byTestId('status.run')).not.toHaveText('loading');
  expect(await models()).toBeGreaterThanOrEqual(shown);
  expect((await app.snapshot()).counts.trained).toBeGreaterThanOrEqual(shown);
  await app.api('start');
  await expect(app.byTestId('status.run')).toHaveText('done', { timeout: 120_000 });
  const resumed = await app.exportRun();

  // The same run without the reload: the same log, Q-values and all.
  const context = await browser.newContext();
  try {
    const whole = new AppPage(await context.newPage());
    await whole.goto();
    await whole.api('configure', patch);
    await whole.api('start');
    await expect(whole.byTestId('status.run')).toHaveText('done', { timeout: 120_000 });
    expect(await whole.exportRun()).toEqual(resumed);
  } finally {
    await context.close();
  }
});
