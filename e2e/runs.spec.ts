import type { ResultEvent, RunEvent } from '../src/nas/runlog';
import { test, expect, type AppPage } from './fixtures/app';
import { expandedEvents } from './fixtures/qUpdates';
import { validateRunLog } from '../src/nas/runlogSchema';

interface SavedRun {
  id: string;
  name: string;
  strategy: string;
  trained: number;
  bestReward: number | null;
  current: boolean;
}

/** `window.nasPlayground.runs()` (README: Testing API). */
const savedRuns = (app: AppPage): Promise<SavedRun[]> =>
  app.page.evaluate(() =>
    (window as unknown as { nasPlayground: { runs(): Promise<SavedRun[]> } }).nasPlayground.runs(),
  );

/** The Q-value each (state, action) pair holds after the logged updates. */
function qValues(events: readonly RunEvent[]): Map<string, number> {
  const q = new Map<string, number>();
  for (const e of events) if (e.type === 'q-update') q.set(`${e.state} ${e.action}`, e.newQ);
  return q;
}

test('a run reloaded mid-search resumes from its last model with the same counts and Q-values', async ({
  app,
  page,
}) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 7 });
  await app.api('start');
  await app.waitForResults(2);
  // Reload while the search runs: the model in training is lost, the finished ones are not.
  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await app.waitForBackend();

  const restored = await app.snapshot();
  const log = await app.exportRun();
  const results = log.events.filter((e): e is ResultEvent => e.type === 'result');
  expect(results.length).toBeGreaterThanOrEqual(2);
  expect(log.events.at(-1)?.type).not.toBe('propose');
  expect(restored.counts.proposed).toBe(results.length);
  expect(restored.counts.trained).toBe(results.filter((r) => !r.cached).length);
  // Restored, not running: it waits for Start or Step.
  expect(['idle', 'paused', 'done']).toContain(restored.status);
  const learned = qValues(expandedEvents(log));
  await expect(page.locator('[data-testid="qtable"] .qtable-summary')).toContainText(
    `${learned.size} updated`,
  );
  if (restored.status === 'done') return;

  // The restored worker holds the same Q-table: where its next proposal exploits, it takes an
  // action of maximal Q in the table recomputed from the log before it (Q-values there: Q0 0.5).
  await app.byTestId('controls.step').click();
  await app.waitForResults(results.length + 1);
  await app.waitForStopped();
  const grown = await app.exportRun();
  const proposal = grown.events.find((e) => e.type === 'propose' && e.index === results.length);
  if (proposal?.type !== 'propose' || !proposal.choices) throw new Error('no next proposal with choices');
  const exploits = proposal.choices.flatMap((choice, k) => {
    if (choice.explore || choice.u === null) return [];
    const state = proposal.trajectory[k]!.state;
    const q = choice.actions.map((a) => learned.get(`${state} ${a}`) ?? 0.5);
    return [{ q, chosen: choice.actions.indexOf(proposal.trajectory[k]!.action) }];
  });
  // (The table changes only after a result: every step of a proposal sees the same one.)
  for (const { q, chosen } of exploits) expect(q[chosen]).toBe(Math.max(...q));
  expect(validateRunLog(grown)).toMatchObject({ ok: true });
});

test('the run list renames, duplicates, deletes and reopens runs without losing the open one', async ({
  app,
  page,
}) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 5 });
  await app.byTestId('controls.step').click();
  const first = await app.waitForResults(1);
  await app.waitForStopped();
  const firstLog = await app.exportRun();

  // A new run keeps the first one in the list.
  await app.byTestId('runs.new').click();
  const rows = app.byTestId('runs.row');
  await expect(rows).toHaveCount(2);
  const oldRow = page.locator('[data-testid="runs.row"][data-current="false"]');
  await expect(oldRow).toHaveCount(1);

  await oldRow.getByTestId('runs.rename').click();
  await oldRow.getByTestId('runs.rename.input').fill('   ');
  await oldRow.getByTestId('runs.rename.save').click();
  await expect(app.byTestId('runs.error')).toBeVisible();
  await oldRow.getByTestId('runs.rename.input').fill('Lecture 3');
  await oldRow.getByTestId('runs.rename.save').click();
  await expect(oldRow.getByTestId('runs.name')).toHaveText('Lecture 3');

  await oldRow.getByTestId('runs.duplicate').click();
  await expect(rows).toHaveCount(3);
  const copy = rows.filter({ hasText: 'Lecture 3 (copy)' });
  await expect(copy).toHaveCount(1);
  await copy.getByTestId('runs.delete').click();
  await copy.getByTestId('runs.delete').click();
  await expect(rows).toHaveCount(2);
  await expect(
    page.locator('[data-testid="runs.row"][data-current="true"] [data-testid="runs.delete"]'),
  ).toBeDisabled();

  const before = await savedRuns(app);
  const lecture = before.find((r) => r.name === 'Lecture 3')!;
  expect(lecture).toMatchObject({ trained: first.counts.trained, current: false, strategy: 'metaqnn' });
  await page
    .locator(`[data-testid="runs.row"][data-run-id="${lecture.id}"]`)
    .getByTestId('runs.open')
    .click();
  await expect(page.locator(`[data-testid="runs.row"][data-run-id="${lecture.id}"]`)).toHaveAttribute(
    'data-current',
    'true',
  );
  const reopened = await app.snapshot();
  expect(reopened.counts).toEqual(first.counts);
  expect((await app.exportRun()).events).toEqual(firstLog.events);
  const after = await savedRuns(app);
  expect(after).toHaveLength(2);
  expect(after.find((r) => r.current)?.id).toBe(lecture.id);

  // The reopened run continues.
  await app.byTestId('controls.step').click();
  await app.waitForResults(first.history.length + 1);
});

test('re-running the same preset and seed answers from the persistent result cache', async ({
  app,
  page,
}) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 11 });
  await app.byTestId('controls.step').click();
  const trained = await app.waitForResults(1);
  await app.waitForStopped();
  expect(trained.history[0]!.fromResultCache).toBeUndefined();
  await expect(app.byTestId('cache.count')).toHaveAttribute('data-count', '1');

  await app.byTestId('runs.new').click();
  await expect(app.byTestId('runs.row')).toHaveCount(2);
  await app.byTestId('controls.step').click();
  const again = await app.waitForResults(1);
  const [was, now] = [trained.history[0]!, again.history[0]!];
  expect(now).toMatchObject({
    arch: was.arch,
    accuracy: was.accuracy,
    curve: was.curve,
    fromResultCache: true,
  });
  expect(now.trainMs).toBe(0);
  await expect(app.byTestId('leaderboard').getByTestId('result.cached')).toBeVisible();

  // A malformed cache file is refused and changes nothing.
  await app.byTestId('cache.import.file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"nas-playground/result-cache","version":1,"entries":[{"id":1}]}'),
  });
  await expect(app.byTestId('cache.error')).toContainText('Entry 0');
  await expect(app.byTestId('cache.count')).toHaveAttribute('data-count', '1');

  // Export, clear, import: the entry comes back.
  const download = page.waitForEvent('download');
  await app.byTestId('cache.export').click();
  const file = await (await download).path();
  await app.byTestId('cache.clear').click();
  await app.byTestId('cache.clear').click();
  await expect(app.byTestId('cache.count')).toHaveAttribute('data-count', '0');
  await app.byTestId('cache.import.file').setInputFiles(file);
  await expect(app.byTestId('cache.message')).toBeVisible();
  await expect(app.byTestId('cache.count')).toHaveAttribute('data-count', '1');
});

test('without IndexedDB the page says so and the run goes on in memory', async ({ app, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await app.goto();
  await app.waitForBackend();
  await expect(app.byTestId('storage.warning')).toBeVisible();
  await app.api('configure', { fidelity: 'test', seed: 2 });
  await app.byTestId('controls.step').click();
  const after = await app.waitForResults(1);
  expect(after.counts.proposed).toBe(1);
  expect(await savedRuns(app)).toEqual([]);
});
