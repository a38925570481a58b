import { test, expect } from './fixtures/app';
import { validateRunLog } from '../src/nas/runlogSchema';
import { describeBlock, parseBlockString } from '../src/nas/spaces/block';

test('a test-fidelity BlockQNN search trains blocks on WebGPU and shows NSCs, DAG and reward terms', async ({
  app,
  page,
}, testInfo) => {
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);

  // One click in the strategy selector switches to BlockQNN and its block space.
  await app.byTestId('config.strategy').selectOption('blockqnn');
  await app.api('configure', { fidelity: 'test', seed: 3 });
  await expect(page.locator('[data-option="blockqnn.rewardShaping"]')).toBeVisible();
  await expect(page.locator('[data-option="metaqnn.alpha"]')).toHaveCount(0);

  await app.byTestId('controls.start').click();
  const snap = await app.waitForTrained(3);
  expect(snap.status).not.toBe('error');
  expect(snap.backend).toBe('webgpu');
  await app.api('pause');
  const final = await app.waitForStopped();
  expect(final.counts.trained).toBeGreaterThanOrEqual(3);

  const run = await app.exportRun();
  expect(run.config.strategy).toBe('blockqnn');
  expect(run.config.space).toBe('block');
  const lastProposal = [...run.events].reverse().find((e) => e.type === 'propose');
  if (lastProposal?.type !== 'propose') throw new Error('no proposal logged');
  const block = parseBlockString(lastProposal.arch);

  // The NSC table has a row per NSC of the last block (the terminal included), in order.
  const rows = page.locator('[data-testid="arch.nsc"] tbody tr');
  await expect(rows).toHaveCount(block.length);
  const codes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
  expect(codes).toEqual(lastProposal.arch.split(' '));

  // The DAG draws the block: input, one node per layer, the output concat.
  const labels = await page
    .locator('[data-testid="arch.dag"] g.node')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-label')));
  expect(labels).toEqual(describeBlock(block).nodes.map((n) => n.label));

  // The network view shows its stages; the reward chart one point per result.
  await expect(app.byTestId('arch.stages')).toHaveAttribute('data-stages', '2');
  await expect(page.locator('[data-testid="chart.reward"] svg[data-points]').first()).toHaveAttribute(
    'data-points',
    String(final.history.length),
  );

  // Every result carries its FLOPs and density terms, and the leaderboard shows them.
  for (const r of run.events) {
    if (r.type !== 'result') continue;
    expect(r.flops).toBeGreaterThan(0);
    expect(r.density).toBeGreaterThan(0);
    expect(typeof r.flopsPenalty).toBe('number');
    expect(typeof r.densityPenalty).toBe('number');
  }
  await expect(app.byTestId('leaderboard')).toContainText('MACs');

  const checked = validateRunLog(JSON.parse(JSON.stringify(run)));
  expect(checked.ok ? 'valid' : checked.error).toBe('valid');

  // Side by side: the same seed without reward shaping trains beside the run.
  await app.byTestId('sidebyside.switch').selectOption('rewardShaping');
  await app.byTestId('sidebyside.run').click();
  await expect(page.locator('[data-testid="sidebyside.summary.variant"]')).not.toHaveAttribute(
    'data-results',
    '0',
    {
      timeout: 5 * 60_000,
    },
  );
  await expect(page.locator('section[aria-label="Comparison run"] h3')).toContainText(
    'without reward shaping',
  );
  await expect(page.locator('section[aria-label="This run"] h3')).toContainText('with reward shaping');
  const variantPoints = page.locator('[data-testid="sidebyside.chart.variant"] svg[data-points]').first();
  expect(Number(await variantPoints.getAttribute('data-points'))).toBeGreaterThan(0);
  await app.api('pause');
  await app.waitForStopped();

  for (const theme of ['light', 'dark'] as const) {
    await app.setTheme(theme);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: testInfo.outputPath(`blockqnn-${theme}.png`), fullPage: true });
    await testInfo.attach(`blockqnn-${theme}`, { path: testInfo.outputPath(`blockqnn-${theme}.png`) });
  }
});
