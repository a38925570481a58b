/**
 * Import of a run log and the timeline scrubber: an exported run re-renders the same in a fresh
 * browser context without training; a gzip-compressed log (`.json.gz`) imports like its JSON;
 * bad files are refused with their message and change nothing; the scrubber moves the Q-table
 * and the charts back in time.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import type { RunLog } from '../src/nas/runlog';
import { AppPage, expect, test } from './fixtures/app';
import { asVersion1, expandedEvents } from './fixtures/qUpdates';

/** What the screen shows of a run, read from the charts' data attributes and text. */
async function rendered(page: Page) {
  const byId = (id: string) => page.getByTestId(id);
  return {
    rewardPoints: await byId('chart.reward').locator('svg[data-points]').getAttribute('data-points'),
    epsilonMarker: await byId('chart.epsilon').locator('.marker[data-x]').first().getAttribute('data-x'),
    qtable: (await byId('qtable').locator('.qtable-summary').innerText()).trim(),
    leaderboard: (await byId('leaderboard').locator('tbody tr').allInnerTexts()).map((r) => r.trim()),
    dagNodes: await byId('arch.dag')
      .locator('g.node[data-label]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-label'))),
  };
}

/** Distinct (state, action) pairs whose Q moved from Q0 in the events before proposal `k`. */
function updatedBefore(log: RunLog, k: number, initialQ: number): number {
  const events = expandedEvents(log);
  const end = events.findIndex((e) => e.type === 'propose' && e.index === k);
  const q = new Map<string, number>();
  for (const e of events.slice(0, end < 0 ? events.length : end))
    if (e.type === 'q-update') q.set(`${e.state} ${e.action}`, e.newQ);
  return [...q.values()].filter((v) => v !== initialQ).length;
}

const file = (name: string, text: string) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(text),
});

test('an exported run is imported in a fresh context, re-renders the same without training, and scrubs back', async ({
  app,
  page,
  browser,
}) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 3 });
  await app.byTestId('controls.start').click();
  const finished = await app.waitFor((s) => s.status === 'done');
  expect(finished.counts.trained).toBe(5);
  const log = await app.exportRun();
  const text = JSON.stringify(log);
  const original = await rendered(page);

  await test.step('bad files are refused with their message; the run is untouched', async () => {
    const before = await app.snapshot();
    const cases: [string, string, RegExp][] = [
      ['truncated.json', text.slice(0, Math.floor(text.length / 2)), /Not valid JSON.*truncated/],
      ['notes.json', 'these are my notes', /Not valid JSON/],
      ['package.json', JSON.stringify({ name: 'x', version: '1.0.0' }), /Not a NAS Playground run/],
      ['v3.json', JSON.stringify({ ...log, version: 3 }), /run log is version 3, written by a newer/],
    ];
    // A version-1 log (every Q-update written out, still imported) with one update forged.
    const v1 = asVersion1(log);
    const qIndex = v1.events.findIndex((e) => e.type === 'q-update');
    const forged = structuredClone(v1) as unknown as { events: Record<string, unknown>[] };
    forged.events[qIndex]!.newQ = 0.9;
    cases.push([
      'forged.json',
      JSON.stringify(forged),
      new RegExp(`events\\[${qIndex}\\] \\(q-update\\): newQ 0.9 does not follow`),
    ]);
    // Well formed, but not what its config and seed propose: refused by the new worker's
    // replay, the current worker left as it was.
    const reseeded = { ...log, seed: log.seed + 1, config: { ...log.config, seed: log.seed + 1 } };
    cases.push([
      'reseeded.json',
      JSON.stringify(reseeded),
      /cannot be replayed with its config and seed: Run log does not match this config and seed at proposal 0/,
    ]);
    for (const [name, body, message] of cases) {
      await app.byTestId('run.import').setInputFiles(file(name, body));
      await expect(app.byTestId('import.error')).toContainText(name);
      await expect(app.byTestId('import.error')).toContainText(message);
    }
    const viaApi = await app.api<{ ok: boolean; error?: string }>('importRun', { ...log, format: 'other' });
    expect(viaApi).toEqual({
      ok: false,
      error: expect.stringMatching(/Not a NAS Playground run/),
      errorCode: 'runlog.wrongFormat',
    });
    expect(await app.exportRun()).toEqual(log);
    expect(await app.snapshot()).toEqual(before);
    expect(await rendered(page)).toEqual(original);
  });

  const context = await browser.newContext();
  try {
    const fresh = new AppPage(await context.newPage());
    await fresh.goto();
    await fresh.waitForBackend();
    expect((await fresh.snapshot()).counts.proposed).toBe(0);
    await fresh.byTestId('run.import').setInputFiles(file('run.json', text));
    await expect(fresh.byTestId('import.status')).toContainText('run.json');
    await expect(fresh.byTestId('import.error')).toHaveCount(0);
    // The worker replayed the log (no training): the run is the same, and stays so.
    await expect(fresh.byTestId('status.run')).toHaveText('done');
    await fresh.page.waitForTimeout(1500);
    const imported = await fresh.snapshot();
    expect(imported.status).toBe('done');
    expect(imported.history).toEqual(finished.history);
    expect(await fresh.exportRun()).toEqual(log);
    await expect.poll(() => rendered(fresh.page)).toEqual(original);

    await test.step('the scrubber moves the Q-table and the charts back in time', async () => {
      const scrubber = fresh.byTestId('timeline.scrubber');
      const readout = fresh.byTestId('timeline.readout');
      const total = imported.counts.proposed;
      await expect(readout).toHaveAttribute('data-live', 'true');
      await scrubber.fill('1');
      await expect(readout).toHaveAttribute('data-position', '1');
      await expect(readout).toHaveAttribute('data-live', 'false');
      const summary = fresh.byTestId('qtable').locator('.qtable-summary');
      const initialQ = log.config.metaqnn.initialQ;
      await expect(summary).toContainText(`${updatedBefore(log, 1, initialQ)} updated`);
      await expect(fresh.byTestId('chart.reward').locator('svg[data-points]')).toHaveAttribute(
        'data-points',
        '1',
      );
      expect(updatedBefore(log, 1, initialQ)).toBeLessThan(updatedBefore(log, total, initialQ));

      // Keyboard: Home goes to the start, the arrows step, End is live again.
      await scrubber.focus();
      await fresh.page.keyboard.press('Home');
      await expect(readout).toHaveAttribute('data-position', '0');
      await expect(summary).toContainText('0 updated');
      await fresh.page.keyboard.press('ArrowRight');
      await fresh.page.keyboard.press('ArrowRight');
      await expect(readout).toHaveAttribute('data-position', '2');
      await expect(summary).toContainText(`${updatedBefore(log, 2, initialQ)} updated`);
      await fresh.page.keyboard.press('End');
      await expect(readout).toHaveAttribute('data-live', 'true');
      await expect.poll(() => rendered(fresh.page)).toEqual(original);
      // Scrubbing never changed the run itself.
      expect(await fresh.exportRun()).toEqual(log);
    });
  } finally {
    await context.close();
  }
});

test('a gzip-compressed log imports like its JSON, under any name; a damaged one is refused and changes nothing', async ({
  app,
}) => {
  await app.goto();
  // Q-learning on NAS-Bench-201 looks rewards up: a run with Q-updates in no time.
  await app.api('configure', {
    strategy: 'metaqnn',
    space: 'nb201',
    dataset: 'nb201-cifar10',
    fidelity: 'test',
    seed: 5,
  });
  for (const results of [1, 2]) {
    await app.api('step');
    await app.waitForResults(results);
    await app.waitForStopped();
  }
  const log = await app.exportRun();
  const { history } = await app.snapshot();
  const compressed = gzipSync(JSON.stringify(log));
  const gzipFile = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/gzip', buffer });
  const input = app.byTestId('run.import');
  await expect(input).toHaveAttribute('accept', /\.json\.gz/);

  await app.api('reset');
  expect((await app.snapshot()).counts.proposed).toBe(0);
  await input.setInputFiles(gzipFile('run.json.gz', compressed));
  await expect(app.byTestId('import.status')).toContainText('run.json.gz: 2 proposals');
  await expect(app.byTestId('import.error')).toHaveCount(0);
  await expect(app.byTestId('status.run')).toHaveText('paused');
  const imported = await app.snapshot();
  expect(imported.counts.proposed).toBe(2);
  expect(imported.history).toEqual(history);
  expect(await app.exportRun()).toEqual(log);

  await test.step('a damaged gzip file is refused with its own message; the run is untouched', async () => {
    const truncated = compressed.subarray(0, Math.floor(compressed.length / 2));
    await input.setInputFiles(gzipFile('damaged.json.gz', truncated));
    const error = app.byTestId('import.error');
    await expect(error).toContainText('Could not import damaged.json.gz');
    await expect(error).toContainText('gzip-compressed but damaged');
    await expect(app.byTestId('import.status')).toHaveCount(0);
    expect(await app.snapshot()).toEqual(imported);
    expect(await app.exportRun()).toEqual(log);
    await error.getByRole('button').click();
    await expect(error).toHaveCount(0);
  });

  await test.step('gzip is known by its magic bytes, not its name', async () => {
    await app.api('reset');
    await input.setInputFiles(gzipFile('run-log.bin', compressed));
    await expect(app.byTestId('import.status')).toContainText('run-log.bin: 2 proposals');
    expect(await app.exportRun()).toEqual(log);
  });
});

test('an imported unfinished run continues from its log like a restored one', async ({ app }) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 4 });
  await app.byTestId('controls.step').click();
  await app.waitForResults(1);
  await app.waitForStopped();
  const log: RunLog = await app.exportRun();
  await app.api('reset');
  expect(await app.api('importRun', JSON.stringify(log))).toEqual({ ok: true });
  await expect(app.byTestId('controls.step')).toBeEnabled();
  const restored = await app.snapshot();
  expect(restored.counts.proposed).toBe(1);
  await app.byTestId('controls.step').click();
  const after = await app.waitForResults(2);
  expect(after.history[0]).toEqual(restored.history[0]);
  const continued = await app.exportRun();
  expect(continued.events.slice(0, log.events.length)).toEqual(log.events);
});
