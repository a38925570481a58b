import { test, expect } from './fixtures/app';
import { validateRunLog } from '../src/nas/runlogSchema';

test("trainingPath 'engine': a test-fidelity MetaQNN run trains its models on our WebGPU engine", async ({
  app,
  page,
}, testInfo) => {
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);
  // The test preset, smaller still: SwiftShader compiles and runs the engine's kernels on the CPU.
  await app.api('configure', {
    fidelity: 'test',
    seed: 7,
    trainingPath: 'engine',
    data: { trainImages: 64, valImages: 32 },
    metaqnn: { layerLimit: 2, epsilonSchedule: [{ epsilon: 1, models: 3 }] },
  });

  const started = Date.now();
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done' || s.status === 'error', 3 * 60_000);
  expect(final.status).toBe('done');
  console.log(`run finished in ${Date.now() - started} ms`);

  // The run log says, model by model, that the engine trained it (no fallback on a WebGPU page).
  const run = await app.exportRun();
  expect(run.config.trainingPath).toBe('engine');
  const trained = run.events.filter((e) => e.type === 'result' && !e.cached && !e.fromResultCache);
  expect(trained.length).toBeGreaterThanOrEqual(2);
  console.log(
    'trained on the engine (ms):',
    trained.map((e) => (e.type === 'result' ? `${e.arch} ${Math.round(e.trainMs)}` : '')).join('; '),
  );
  for (const result of trained) {
    if (result.type !== 'result') continue;
    expect(result.engineFallback, `${result.arch}: ${result.engineFallback}`).toBeUndefined();
    expect(result.trainedOn, result.arch).toBe('engine');
    expect(result.curve).toHaveLength(1);
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
  }
  const checked = validateRunLog(JSON.parse(JSON.stringify(run)));
  expect(checked.ok ? 'valid' : checked.error).toBe('valid');

  // The leaderboard and the training panel show the badge.
  const badges = page.locator('[data-testid="leaderboard"] [data-testid="result.trainedOn"]');
  await expect(badges.first()).toHaveAttribute('data-trained-on', 'engine');
  await expect(badges.first()).toHaveText('engine');
  await expect(app.byTestId('training.trainedOn')).toHaveAttribute('data-trained-on', 'engine');

  for (const theme of ['light', 'dark'] as const) {
    await app.setTheme(theme);
    await page.waitForTimeout(500);
    const path = testInfo.outputPath(`engine-leaderboard-${theme}.png`);
    await app.byTestId('leaderboard').screenshot({ path });
    await testInfo.attach(`engine-leaderboard-${theme}`, { path });
  }
});

test("trainingPath 'engine': BlockQNN and NASNet networks train on the engine in the browser too", async ({
  app,
}) => {
  await app.goto();
  expect(await app.waitForBackend()).toMatch(/webgpu/i);
  // Converted tfjs graphs (src/gpu/graph.ts): batch norm, add, concat, separable convs, cropping.
  const patches: (
    { strategy: 'blockqnn' } | { strategy: 'random'; space: 'cell'; random: { models: number } }
  )[] = [{ strategy: 'blockqnn' }, { strategy: 'random', space: 'cell', random: { models: 2 } }];
  for (const patch of patches) {
    await app.api('configure', {
      ...patch,
      fidelity: 'test',
      seed: 5,
      trainingPath: 'engine',
      data: { trainImages: 64, valImages: 32 },
    });
    await app.byTestId('controls.start').click();
    await app.waitForTrained(2, 4 * 60_000);
    await app.api('pause');
    await app.waitForStopped();
    const run = await app.exportRun();
    const trained = run.events.filter((e) => e.type === 'result' && !e.cached && !e.fromResultCache);
    expect(trained.length, patch.strategy).toBeGreaterThanOrEqual(2);
    for (const result of trained) {
      if (result.type !== 'result') continue;
      expect(result.engineFallback, `${result.arch}: ${result.engineFallback}`).toBeUndefined();
      expect(result.trainedOn, result.arch).toBe('engine');
      expect(Number.isFinite(result.accuracy), result.arch).toBe(true);
    }
  }
});
