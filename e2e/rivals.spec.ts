import { test, expect } from './fixtures/app';
import { validateRunLog } from '../src/nas/runlogSchema';

test('REINFORCE trains NAS-RL networks on WebGPU and its controller view moves', async ({ app, page }) => {
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);
  // One click picks the strategy and its default space (NAS-RL layers).
  await app.byTestId('config.strategy').selectOption('reinforce');
  await app.api('configure', { fidelity: 'test', seed: 3 });
  await expect(page.locator('[data-option="reinforce.batchSize"]')).toBeVisible();
  await expect(page.locator('[data-option="nasrl.layers"]')).toBeVisible();
  await expect(page.locator('[data-option="metaqnn.alpha"]')).toHaveCount(0);

  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done');
  expect(final.backend).toBe('webgpu');
  expect(final.counts.trained).toBe(4);

  const run = await app.exportRun();
  expect(validateRunLog(JSON.stringify(run))).toMatchObject({ ok: true });
  const updates = run.events.filter((e) => e.type === 'policy-update');
  expect(updates).toHaveLength(2);
  const proposals = run.events.filter((e) => e.type === 'propose');
  const steps = proposals[0]?.type === 'propose' ? proposals[0].decisions!.length : 0;

  const view = app.byTestId('controller.view');
  await expect(view).toHaveAttribute('data-updates', '2');
  await expect(page.locator('[data-testid="controller.step"]')).toHaveCount(steps);
  await expect(app.byTestId('controller.baseline')).toHaveText(/\d/);
  await expect(app.byTestId('controller.advantage')).toHaveAttribute('data-sign', /positive|negative|zero/);
  // The DAG draws the last network: the image, one conv per layer, the softmax.
  await expect(page.locator('[data-testid="arch.dag"] g.node')).not.toHaveCount(0);
});

test('regularized evolution trains a population on WebGPU and shows it by age', async ({ app, page }) => {
  await app.goto();
  await app.api('configure', { fidelity: 'test', strategy: 'evolution', seed: 2 });
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done');
  expect(final.backend).toBe('webgpu');
  const run = await app.exportRun();
  expect(validateRunLog(run)).toMatchObject({ ok: true });
  expect(run.events.some((e) => e.type === 'propose' && e.origin === 'mutation')).toBe(true);

  const view = app.byTestId('population.view');
  await expect(view).toHaveAttribute('data-size', '2');
  await expect(page.locator('[data-testid="population.member"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="population.member"][data-role="parent"]')).toHaveCount(1);
  await expect(app.byTestId('population.child')).toContainText(/Child of .\d+: \w+/);
});

test('random search trains NASNet cells on WebGPU and draws the normal and reduction cells', async ({
  app,
  page,
}) => {
  await app.goto();
  await app.api('configure', { fidelity: 'test', strategy: 'random', space: 'cell', seed: 4 });
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done');
  expect(final.backend).toBe('webgpu');
  expect(final.counts.trained).toBe(4);
  await expect(app.byTestId('random.view')).toBeVisible();
  const run = await app.exportRun();
  expect(validateRunLog(run)).toMatchObject({ ok: true });
  // Two blocks per cell: 2 inputs + 2 × (2 ops + combine) + output = 9 nodes in each cell's DAG.
  await expect(page.locator('[data-testid="arch.dag"] g.node')).toHaveCount(9);
  await expect(page.locator('[data-testid="arch.dag.reduction"] g.node')).toHaveCount(9);
});

test('the compare view runs two strategies on two seeds and draws both curves', async ({ app, page }) => {
  await app.goto();
  await app.byTestId('compare.space').selectOption('nb201');
  for (const s of ['metaqnn', 'reinforce']) {
    await page.locator(`[data-testid="compare.strategy"][data-strategy="${s}"]`).uncheck();
  }
  await app.byTestId('compare.budget').fill('60');
  await app.byTestId('compare.seeds').fill('2');
  await app.byTestId('compare.run').click();
  await expect(app.byTestId('compare.status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const comparison = await app.api<{ runs: { strategy: string; seed: number; best: number[] }[] }>(
    'comparison',
  );
  expect(comparison.runs.map((r) => `${r.strategy}/${r.seed}`)).toEqual([
    'evolution/1',
    'random/1',
    'evolution/2',
    'random/2',
  ]);
  const series = page.locator('[data-testid="chart.compare"] [data-points]');
  await expect(series).toHaveCount(2);
  for (const i of [0, 1]) await expect(series.nth(i)).toHaveAttribute('data-points', '60');
  await expect(page.locator('[data-testid="compare.summary"] tbody tr[data-seeds="2"]')).toHaveCount(2);

  const download = page.waitForEvent('download');
  await app.byTestId('compare.export.csv').click();
  const csv = await (await download).path();
  expect(csv).toBeTruthy();
});
