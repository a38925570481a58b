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
