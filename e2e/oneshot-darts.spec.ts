/**
 * DARTS on the DARTS paper's cell space (issue #18) on WebGPU: the `test` fidelity made smaller
 * (3 cells of 2 channels, 2 epochs of one minibatch of 8 MNIST images), the weights view shows
 * the normal and the reduction cell's 14 edges x 8 ops, both derived cells are drawn, and the
 * exported log validates. On SwiftShader (2 shared cores) it took 3.8-4.5 min on WebGPU and 1.7 min
 * on Auto (WebGL), 2026-12-07.
 */
import type { RunLog } from '../src/nas/runlog';
import { validateRunLog } from '../src/nas/runlogSchema';
import { expect, test } from './fixtures/app';

type Step = Extract<RunLog['events'][number], { type: 'oneshot-step' }>;

test('DARTS searches the darts space on WebGPU: both cells in the weights view, both derived cells drawn', async ({
  app,
}) => {
  test.setTimeout(9 * 60_000);
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);
  await app.api('configure', {
    fidelity: 'test',
    strategy: 'darts',
    space: 'darts',
    seed: 3,
    data: { trainImages: 8, valImages: 8 },
    darts: { batchSize: 8, channels: 2, layers: 3 },
  });
  const config = (await app.exportRun()).config;
  expect(config.space).toBe('darts');
  expect(config.darts.epochs).toBe(2);
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done' || s.status === 'error', 8 * 60_000);
  expect(final.status).toBe('done');
  expect(final.backend).toBe('webgpu');

  const run = await app.exportRun();
  expect(validateRunLog(JSON.stringify(run))).toMatchObject({ ok: true });
  expect(run.events.filter((e) => e.type === 'oneshot-epoch')).toHaveLength(2);
  const steps = run.events.filter((e): e is Step => e.type === 'oneshot-step');
  expect(steps.at(-1)!.weights).toHaveLength(28);
  expect(steps.at(-1)!.weights[0]).toHaveLength(8);
  const derived = run.events.find((e) => e.type === 'oneshot-derived');
  expect(derived?.rule).toBe('top2');
  expect(derived?.arch).toMatch(/^normal=.* reduce=/);

  // The heat map has a row per edge of both cells: N (normal) and R (reduction).
  const alpha = app.byTestId('oneshot.alpha');
  await expect(alpha).toBeVisible();
  await expect(app.byTestId('oneshot.alpha.rows')).toBeVisible();
  await expect(alpha.locator('.row-label')).toHaveCount(28);
  await expect(alpha.locator('.row-label').first()).toContainText('N ');
  await expect(alpha.locator('.row-label').last()).toContainText('R ');
  // Both derived cells are drawn, with the genotype string.
  await expect(app.byTestId('oneshot.derived')).toContainText(derived!.arch);
  for (const kind of ['normal', 'reduce']) {
    const dag = app.byTestId(`oneshot.derived.dag.${kind}`);
    await expect(dag.locator('svg')).toBeVisible();
  }
  await expect(app.byTestId('oneshot.gap')).toBeVisible();
});
