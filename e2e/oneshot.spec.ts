/**
 * One-shot NAS on WebGPU (issue #18): DARTS, SNAS and ENAS train a shared-weight supernet on the
 * NAS-Bench-201 cell at the `test` fidelity made smaller (2 epochs of one minibatch of 16 MNIST images, 2 channels), the architecture
 * weights view moves, the derived cell is drawn (SNAS's also exported as a tfjs model), and the
 * exported log validates and re-imports to the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURVES_CSV_COLUMNS } from '../src/nas/oneshot/curvesCsv';
import type { RunLog } from '../src/nas/runlog';
import { validateRunLog } from '../src/nas/runlogSchema';
import { expect, test } from './fixtures/app';
import { clickForDownloads } from './fixtures/downloads';

type Step = Extract<RunLog['events'][number], { type: 'oneshot-step' }>;

for (const strategy of ['darts', 'snas', 'enas'] as const) {
  test(`${strategy} trains its supernet on WebGPU, moves its weights view and derives a cell`, async ({
    app,
    page,
  }) => {
    // Two minibatches of 128 images on SwiftShader: minutes, not seconds.
    test.setTimeout(10 * 60_000);
    await app.goto();
    expect(await app.waitForBackend()).toMatch(/webgpu/i);
    // The test preset, smaller still: SwiftShader's time grows with the images a step sees.
    await app.api('configure', {
      fidelity: 'test',
      strategy,
      seed: 3,
      data: { trainImages: 16, valImages: 16 },
      [strategy]: { batchSize: 16, channels: 2 },
    });
    const config = (await app.exportRun()).config;
    expect(config.space).toBe('nb201');
    expect(config.dataset).toBe('mnist-14');

    if (strategy === 'darts') {
      // Explain mode drives the run: Next trains on to the next explained step (the first
      // minibatch of an epoch) and pauses there.
      const long = { timeout: 5 * 60_000 };
      await app.byTestId('explain.toggle').click();
      await app.byTestId('explain.next').click();
      await expect(app.byTestId('explain.darts')).toHaveAttribute('data-epoch', '0', long);
      await expect(app.byTestId('status.run')).toHaveText('paused', long);
      await app.byTestId('explain.next').click();
      await expect(app.byTestId('explain.darts')).toHaveAttribute('data-epoch', '1', long);
      await expect(app.byTestId('status.run')).toHaveText('paused', long);
      await app.byTestId('explain.toggle').click();
    }
    await app.byTestId('controls.start').click();
    const final = await app.waitFor((s) => s.status === 'done' || s.status === 'error', 9 * 60_000);
    expect(final.status).toBe('done');
    expect(final.backend).toBe('webgpu');

    const run = await app.exportRun();
    expect(validateRunLog(JSON.stringify(run))).toMatchObject({ ok: true });
    const epochs = run.events.filter((e) => e.type === 'oneshot-epoch');
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    const steps = run.events.filter((e): e is Step => e.type === 'oneshot-step');
    expect(steps.length).toBeGreaterThanOrEqual(2);
    // The architecture distribution moved between the first snapshot and the last.
    const moved = steps[0]!.weights.some((row, e) =>
      row.some((w, o) => Math.abs(w - steps.at(-1)!.weights[e]![o]!) > 1e-7),
    );
    expect(moved).toBe(true);
    const derived = run.events.find((e) => e.type === 'oneshot-derived');
    expect(derived).toBeDefined();
    const result = run.events.find((e) => e.type === 'result');
    expect(result?.arch).toBe(derived?.arch);

    await expect(app.byTestId('oneshot.alpha')).toBeVisible();
    await expect(app.byTestId('oneshot.derived')).toContainText(derived!.arch);
    await expect(app.byTestId('oneshot.gap')).toBeVisible();
    // The derived cell's standalone training showed in the training panel, as any trained model.
    await expect(app.byTestId('training.progress')).toContainText(derived!.arch);

    // The timeline scrubs over the supernet's epochs: after the first, the charts show its last
    // snapshot and no derived cell yet; End follows the run again.
    const scrubber = app.byTestId('timeline.scrubber');
    const readout = app.byTestId('timeline.readout');
    await expect(readout).toHaveAttribute('data-unit', 'epochs');
    await expect(readout).toHaveAttribute('data-total', String(epochs.length + 1));
    await scrubber.fill('1');
    await expect(readout).toHaveAttribute('data-live', 'false');
    await expect(readout).toContainText(`after 1 of ${epochs.length} epochs`);
    const firstEpochStep = steps.filter((e) => e.epoch === 0).at(-1)!.step;
    await expect(app.byTestId('oneshot.progress')).toHaveAttribute('data-step', String(firstEpochStep));
    await expect(app.byTestId('oneshot.derived.pending')).toBeVisible();
    await scrubber.focus();
    await page.keyboard.press('End');
    await expect(readout).toHaveAttribute('data-live', 'true');
    await expect(app.byTestId('oneshot.derived')).toContainText(derived!.arch);

    // Explain mode replays the logged steps: the method's first one, with its numbers, which
    // agree with their formulas (no alert).
    await app.byTestId('explain.toggle').click();
    // (DARTS's explanation above left the cursor on its second step.)
    await app.byTestId(strategy === 'darts' ? 'explain.prev' : 'explain.next').click();
    const explained = app.byTestId(`explain.${strategy}`);
    await expect(explained).toHaveAttribute('data-epoch', '0');
    const update = run.events.find((e) => e.type === 'enas-update');
    const rows = update?.type === 'enas-update' ? update.children.length : 5;
    await expect(explained.getByTestId(`explain.${strategy}.row`)).toHaveCount(rows);
    await expect(app.byTestId('explain.panel').getByRole('alert')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath(`explain-${strategy}.png`) });
    await app.byTestId('explain.toggle').click();

    // The supernet's curves export as CSV: a header and one row per epoch.
    await app.byTestId('run.export').click();
    const downloading = page.waitForEvent('download');
    await app.byTestId('export.curves').click();
    const csv = await readFile((await (await downloading).path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CURVES_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + epochs.length);

    if (strategy === 'snas') {
      // The derived cell as a tfjs model: trained alone again in a worker of its own, saved as
      // model.json and the weights file its manifest names.
      await app.byTestId('run.export').click();
      const item = app.byTestId('export.model');
      await expect(item).toContainText('Derived cell');
      const files = await clickForDownloads(page, item, 2);
      await expect(item).toContainText('Downloaded');
      const json = files.find((f) => f.name.endsWith('.json'))!;
      const bin = files.find((f) => f.name.endsWith('.bin'))!;
      const model = JSON.parse(json.body.toString('utf8')) as {
        format: string;
        modelTopology: { class_name: string; config: { name: string } };
        weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
      };
      expect(model.format).toBe('layers-model');
      expect(model.modelTopology.config.name).toBe('nb201');
      expect(model.weightsManifest[0]!.paths).toEqual([`./${bin.name}`]);
      const elements = model.weightsManifest[0]!.weights.reduce(
        (sum, w) => sum + w.shape.reduce((a, b) => a * b, 1),
        0,
      );
      expect(bin.body.byteLength).toBe(4 * elements);

      // As PyTorch: a Python file and its safetensors weights, which Debian's PyTorch loads.
      const pytorch = app.byTestId('export.pytorch');
      await expect(pytorch).toContainText('Derived cell (PyTorch)');
      await expect(pytorch).toContainText('Trains the derived cell alone again');
      const pyFiles = await clickForDownloads(page, pytorch, 2);
      await expect(pytorch).toContainText('Downloaded');
      const dir = await mkdtemp(join(tmpdir(), 'nas-e2e-py-'));
      for (const f of pyFiles) await writeFile(join(dir, f.name), f.body);
      const py = pyFiles.find((f) => f.name.endsWith('.py'))!;
      const printed = execFileSync('/usr/bin/python3', [py.name], { cwd: dir, encoding: 'utf8' });
      expect(printed.trim()).toBe(`${result!.type === 'result' ? result!.params : NaN} parameters`);
      await rm(dir, { recursive: true, force: true });
      await page.keyboard.press('Escape');
    }

    // Re-imported, the log is the same run.
    const outcome = await app.api<{ ok: boolean; error?: string }>('importRun', run);
    expect(outcome).toEqual({ ok: true });
    await expect(app.byTestId('status.run')).toHaveText('done');
    expect(await app.exportRun()).toEqual(run);
    await expect(app.byTestId('oneshot.derived')).toContainText(derived!.arch);
    await expect(page.locator('[data-testid="oneshot.alpha"]')).toBeVisible();
  });
}

test('a one-shot run survives a reload and a crashed worker, going on from its last epoch', async ({
  app,
  page,
}) => {
  test.setTimeout(10 * 60_000);
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', {
    fidelity: 'test',
    strategy: 'enas',
    seed: 5,
    data: { trainImages: 16, valImages: 16 },
    enas: { batchSize: 16, channels: 2, epochs: 3 },
  });
  await app.byTestId('controls.start').click();
  await app.waitFor((s) => (s.oneShot?.epochs ?? 0) >= 1, 5 * 60_000);
  await app.api('pause');
  const before = await app.exportRun();
  const epochsOf = (log: RunLog) => log.events.filter((e) => e.type === 'oneshot-epoch').length;
  expect(epochsOf(before)).toBeGreaterThanOrEqual(1);

  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await app.waitForBackend();
  await expect(app.byTestId('oneshot.view')).toBeVisible();
  // The worker went back to the last epoch boundary: the log is cut there, not lost.
  await expect.poll(async () => (await app.snapshot()).oneShot?.epochs).toBe(epochsOf(before));
  const restored = await app.exportRun();
  expect(restored.events).toEqual(before.events.slice(0, restored.events.length));
  expect(restored.events.at(-1)?.type).toMatch(/oneshot-epoch|enas-update/);

  await app.byTestId('controls.start').click();
  await app.waitFor(
    (s) => (s.oneShot?.epochs ?? 0) >= epochsOf(before) + 1 || s.status === 'done',
    5 * 60_000,
  );
  const beforeCrash = await app.exportRun();
  await app.api('crashWorkerForTest');
  const final = await app.waitFor((s) => s.status === 'done' || s.status === 'error', 6 * 60_000);
  expect(final.status).toBe('done');
  const log = await app.exportRun();
  expect(validateRunLog(JSON.stringify(log))).toMatchObject({ ok: true });
  expect(
    log.events.filter((e) => e.type === 'oneshot-epoch').map((e) => (e as { epoch: number }).epoch),
  ).toEqual([0, 1, 2]);
  // Everything up to the reload's boundary, and the epochs done before the crash, were kept.
  expect(log.events.slice(0, restored.events.length)).toEqual(restored.events);
  const keptEpochs = beforeCrash.events.filter((e) => e.type === 'oneshot-epoch');
  expect(log.events.filter((e) => e.type === 'oneshot-epoch').slice(0, keptEpochs.length)).toEqual(
    keptEpochs,
  );
});
