/**
 * Issue #18, item 3: one-shot and sample-based strategies compared against seconds. Random search
 * trains its NAS-Bench-201 cells on MNIST (`nb201.evaluate: 'train'`) as DARTS trains its derived
 * cell; the compare view draws both against measured seconds of training, DARTS as one point.
 * Tiny on purpose (the test preset with 16 training images, 2 models): SwiftShader is slow.
 */
import { expect, test } from './fixtures/app';

test('random search on trained cells and DARTS on nb201, drawn against seconds', async ({ app, page }) => {
  test.setTimeout(8 * 60_000);
  await app.goto();
  await app.api('configure', {
    fidelity: 'test',
    strategy: 'random',
    space: 'nb201',
    nb201: { evaluate: 'train' },
    seed: 1,
    data: { trainImages: 16, valImages: 16 },
  });
  const config = (await app.exportRun()).config as unknown as {
    dataset: string;
    nb201: { evaluate: string };
  };
  expect(config.dataset).toBe('mnist-14');
  expect(config.nb201.evaluate).toBe('train');

  // Looked-up cells cannot stand beside DARTS: refused in words, nothing started.
  await app.api('configure', { dataset: 'nb201-cifar10' });
  await expect(
    app.api('compareStrategies', { strategies: ['random', 'darts'], space: 'nb201', budget: 2, seeds: [1] }),
  ).rejects.toThrow(/darts trains its cell on images, while this comparison would look/);
  await app.api('configure', { dataset: 'mnist-14', nb201: { evaluate: 'train' } });

  await app.api('compareStrategies', {
    strategies: ['random', 'darts'],
    space: 'nb201',
    budget: 2,
    seeds: [1],
  });
  await expect(app.byTestId('compare.status')).toHaveAttribute('data-status', 'done', {
    timeout: 7 * 60_000,
  });
  const comparison = await app.api<{
    status: string;
    runs: { strategy: string; best: number[]; seconds: number[]; accuracies: number[] }[];
  }>('comparison');
  expect(comparison.runs.map((r) => r.strategy)).toEqual(['random', 'darts']);
  const [random, darts] = comparison.runs;
  // Two cells trained, their measured seconds summed; DARTS: one point after its supernet.
  expect(random!.seconds).toHaveLength(2);
  expect(random!.seconds[0]!).toBeGreaterThan(0);
  expect(random!.seconds[1]!).toBeGreaterThan(random!.seconds[0]!);
  expect(darts!.seconds).toHaveLength(1);
  expect(darts!.seconds[0]!).toBeGreaterThan(0);
  expect(darts!.best).toHaveLength(1);

  const chart = page.locator('[data-testid="chart.compare"]');
  await expect(chart.locator('.x-axis')).toHaveAttribute('data-axis', 'models');
  await app.byTestId('compare.axis').selectOption('seconds');
  await expect(chart.locator('.x-axis')).toHaveAttribute('data-axis', 'seconds');
  const lines = chart.locator('path.series-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toHaveAttribute('data-points', '2');
  await expect(lines.nth(1)).toHaveAttribute('data-points', '1');
  // Each point has its dot, so DARTS's one-point curve shows.
  await expect(chart.locator('circle.series-dot')).toHaveCount(3);
  await chart.screenshot({ path: test.info().outputPath('compare-seconds.png') });
});

test('a random search run trains its NAS-Bench-201 cells on MNIST and logs their measured time', async ({
  app,
}) => {
  test.setTimeout(5 * 60_000);
  await app.goto();
  await app.api('configure', {
    fidelity: 'test',
    strategy: 'random',
    space: 'nb201',
    nb201: { evaluate: 'train' },
    seed: 2,
    data: { trainImages: 16, valImages: 16 },
    random: { models: 1 },
  });
  await app.byTestId('controls.start').click();
  const final = await app.waitFor((s) => s.status === 'done' || s.status === 'error', 4 * 60_000);
  expect(final.status).toBe('done');
  const results = (await app.exportRun()).events.flatMap((e) => (e.type === 'result' ? [e] : []));
  expect(results).toHaveLength(1);
  const [result] = results;
  expect(result!.trainMs).toBeGreaterThan(0);
  expect(result!.backend).toBe('webgpu');
  expect(result!.curve).toHaveLength(1); // the test preset's one standalone epoch
  expect(result!.accuracy).toBeGreaterThanOrEqual(0);
});
