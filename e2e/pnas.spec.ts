import { test, expect } from './fixtures/app';
import { validateRunLog } from '../src/nas/runlogSchema';

test('PNAS grows cells on WebGPU to its last level and shows the beam and the predicted-vs-measured scatter', async ({
  app,
  page,
}) => {
  // 12 models; on the shared 2-core VM under SwiftShader each took 20-35 s.
  test.setTimeout(15 * 60_000);
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);
  // Test fidelity: B = 2 blocks, 2 ops (10 cells of one block), beam K = 2: 12 models.
  await app.api('configure', { fidelity: 'test', strategy: 'pnas', space: 'cell', seed: 5 });
  await expect(page.locator('[data-option="pnas.beamSize"]')).toBeVisible();
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done', 13 * 60_000);
  expect(final.backend).toBe('webgpu');
  expect(final.counts.trained).toBe(12);

  const run = await app.exportRun();
  expect(validateRunLog(run)).toMatchObject({ ok: true });
  const levels = run.events.filter((e) => e.type === 'pnasLevel');
  expect(levels.map((e) => (e.type === 'pnasLevel' ? e.level : 0))).toEqual([1, 2]);
  const beam = run.events.find((e) => e.type === 'pnasBeam');
  expect(beam?.type === 'pnasBeam' && beam.beam.length).toBe(2);

  const view = app.byTestId('pnas.beam');
  await expect(view).toBeVisible();
  await expect(view).toHaveAttribute('data-levels', '2');
  const last = page.locator('[data-testid="pnas.level"][data-level="2"]');
  await expect(last).toHaveAttribute('data-cells', '2');
  await expect(last).toHaveAttribute('data-measured', '2');
  await expect(last).toHaveAttribute('data-closed', 'true');
  await expect(page.locator('[data-testid="pnas.level"][data-level="1"]')).toHaveAttribute(
    'data-cells',
    '10',
  );

  const scatter = app.byTestId('pnas.scatter');
  await expect(scatter).toBeVisible();
  await expect(scatter.locator('svg')).toHaveAttribute('data-points', '2');
  await expect(scatter.locator('svg')).toHaveAttribute('data-levels', '1');
  await expect(scatter.locator('g.legend-entry')).toContainText(
    /Level 2: (Spearman ρ = -?\d\.\d\d|ρ undefined yet)/,
  );
});

test('an imported class-fidelity PNAS log re-renders every level, its DAGs and the scatter without training', async ({
  app,
  page,
}) => {
  // A class run (B = 3, K = 8, 3 ops: 21 + 8 + 8 models) on a stand-in trainer, in Node.
  const { applyConfigPatch } = await import('../src/nas/options');
  const { presetConfig } = await import('../src/nas/presets');
  const { SearchRun } = await import('../src/nas/search');
  const { RUN_LOG_FORMAT, RUN_LOG_VERSION } = await import('../src/nas/runlog');
  const { hashString } = await import('../src/nas/rng');
  const patched = applyConfigPatch(presetConfig('class', 7), { strategy: 'pnas', space: 'cell' });
  if (!patched.ok) throw new Error('config');
  const config = patched.config;
  const events: import('../src/nas/runlog').RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  while (!run.done)
    await run.step(async (_arch, ctx) => {
      // Sep convs help: a target the surrogate can learn; a little noise from the net's hash.
      const seps = (ctx.net.match(/sep_conv_3x3/g) ?? []).length;
      const blocks = (ctx.net.match(/\|/g) ?? []).length / 2 + 1;
      const accuracy = 0.5 + (0.1 * seps) / (4 * blocks) + (hashString(ctx.net) % 100) / 10_000;
      return { accuracy, curve: [accuracy], params: 100, trainMs: 1, backend: 'cpu', restarts: 0 };
    });
  const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: config.seed, events };
  expect(validateRunLog(log)).toMatchObject({ ok: true });

  await app.goto();
  expect(await app.api('importRun', log)).toMatchObject({ ok: true });
  const view = app.byTestId('pnas.beam');
  await expect(view).toHaveAttribute('data-levels', '3');
  for (const [level, cells] of [
    [1, 21],
    [2, 8],
    [3, 8],
  ] as const) {
    const section = page.locator(`[data-testid="pnas.level"][data-level="${level}"]`);
    await expect(section).toHaveAttribute('data-cells', String(cells));
    await expect(section).toHaveAttribute('data-measured', String(cells));
    await expect(section.locator('[data-testid="pnas.dag"] g.node')).not.toHaveCount(0);
  }
  const scatter = app.byTestId('pnas.scatter').locator('svg');
  await expect(scatter).toHaveAttribute('data-points', '16');
  await expect(scatter).toHaveAttribute('data-levels', '2');
  await expect(app.byTestId('pnas.scatter').locator('g.legend-entry')).toHaveCount(2);
});
