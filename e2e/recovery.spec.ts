import { test, expect } from './fixtures/app';

test('a crashed worker is restarted and the search resumes from the run log', async ({ app }) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 3 });
  await app.byTestId('controls.step').click();
  await app.waitForResults(1);
  const before = await app.waitForStopped();
  const logBefore = await app.exportRun();

  await app.api('crashWorkerForTest');
  await expect(app.byTestId('status.restarts')).toContainText('1');

  // The restarted worker rebuilt the Q-table and replay dictionary from the log: the next step
  // continues the same run instead of starting over.
  await app.byTestId('controls.step').click();
  const after = await app.waitForResults(before.history.length + 1);
  expect(after.counts.proposed).toBeGreaterThan(before.counts.proposed);
  const logAfter = await app.exportRun();
  expect(logAfter.events.slice(0, logBefore.events.length)).toEqual(logBefore.events);
});

test('a reload keeps the run and nothing is broken', async ({ app, page }) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 5 });
  await app.byTestId('controls.step').click();
  await app.waitForResults(1);
  const before = await app.waitForStopped();
  const logBefore = await app.exportRun();

  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await app.waitForBackend();
  const restored = await app.snapshot();
  expect(restored.counts.trained).toBe(before.counts.trained);
  expect((await app.exportRun()).events).toEqual(logBefore.events);
  await expect(app.byTestId('controls.step')).toBeEnabled();

  await app.byTestId('controls.step').click();
  const after = await app.waitForResults(before.history.length + 1);
  expect(after.counts.proposed).toBeGreaterThan(before.counts.proposed);
});
