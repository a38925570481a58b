import { test, expect } from './fixtures/app';
import { validateRunLog } from '../src/nas/runlogSchema';
import { describeArchitecture, parseNetString } from '../src/nas/spaces/layers';

test('a test-fidelity MetaQNN search trains on WebGPU and shows it live', async ({ app, page }, testInfo) => {
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);

  await app.api('configure', { fidelity: 'test', seed: 7 });
  const markerBefore = await page.locator('[data-testid="chart.epsilon"] .marker').getAttribute('data-x');

  await app.byTestId('controls.start').click();
  const snap = await app.waitForTrained(3);
  expect(snap.status).not.toBe('error');
  expect(snap.counts.trained).toBeGreaterThanOrEqual(3);
  expect(snap.backend).toBe('webgpu');
  await app.api('pause');
  const final = await app.waitForStopped();

  // The backend badge and the model counter say what the snapshot says.
  await expect(app.byTestId('status.backend')).toContainText('webgpu');
  await expect(app.byTestId('status.models')).toContainText(String(final.counts.trained));

  // The epsilon marker moved along the schedule.
  const markerAfter = await page.locator('[data-testid="chart.epsilon"] .marker').getAttribute('data-x');
  expect(Number(markerAfter)).toBeGreaterThan(Number(markerBefore ?? 0));
  expect(Number(markerAfter)).toBe(final.counts.trained);

  // The Q-table holds values other than the initial 0.5.
  const summary = await page.locator('[data-testid="qtable"] .qtable-summary').innerText();
  const updated = Number(/(\d+)\s+updated/.exec(summary)?.[1] ?? 0);
  expect(updated).toBeGreaterThan(0);

  // The DAG shows the last architecture's layers, in order.
  const lastArch = final.history.at(-1)!.arch;
  const run = await app.exportRun();
  const lastProposed = [...run.events].reverse().find((e) => e.type === 'propose')!;
  const shown = lastProposed.type === 'propose' ? lastProposed.arch : lastArch;
  const layers = describeArchitecture(parseNetString(shown), [14, 14, 1]).layers;
  const labels = await page
    .locator('[data-testid="arch.dag"] g.node')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-label')));
  expect(labels).toEqual(layers.map((l) => l.label));

  // One point per model on the reward chart.
  await expect(page.locator('[data-testid="chart.reward"] svg[data-points]').first()).toHaveAttribute(
    'data-points',
    String(final.history.length),
  );

  // The leaderboard and training panel show the run.
  await expect(app.byTestId('leaderboard')).toContainText(final.history[0]!.arch.split(' ')[0]!);
  await expect(app.byTestId('training.progress')).toBeVisible();

  // The exported run log validates against its schema.
  const checked = validateRunLog(JSON.parse(JSON.stringify(run)));
  expect(checked.ok ? 'valid' : checked.error).toBe('valid');
  expect(run.events.filter((e) => e.type === 'result')).toHaveLength(final.history.length);

  // Screenshots of the main screen, light and dark, kept as test artifacts.
  for (const theme of ['light', 'dark'] as const) {
    await app.setTheme(theme);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: testInfo.outputPath(`main-${theme}.png`), fullPage: true });
    await testInfo.attach(`main-${theme}`, { path: testInfo.outputPath(`main-${theme}.png`) });
  }
});
