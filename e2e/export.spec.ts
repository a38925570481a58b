import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { test, expect, type AppPage } from './fixtures/app';
import { clickForDownloads, type Downloaded } from './fixtures/downloads';
import { RESULTS_CSV_COLUMNS, parseCsv } from '../src/nas/resultsCsv';
import { validateRunLog } from '../src/nas/runlogSchema';
import { readRecordedKeras, recordKeras } from '../src/train/pythonTesting';

const require = createRequire(import.meta.url);

/** Clicks `testId` and returns the file it downloads. */
async function download(page: Page, testId: string): Promise<Downloaded> {
  const event = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await event;
  return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

/** Opens the export menu and downloads its item `testId`. */
async function fromMenu(app: AppPage, testId: string): Promise<Downloaded> {
  await app.byTestId('run.export').click();
  return download(app.page, testId);
}

/** What the page's own XML parser finds in an SVG file. */
function inspectSvg(page: Page, text: string) {
  return page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      title: root.querySelector('title')?.textContent ?? null,
      background: root.querySelector(':scope > rect')?.getAttribute('style') ?? '',
      paths: root.querySelectorAll('path').length,
      points: root.querySelectorAll('circle.point').length,
      usesVariables: svg.includes('var(--'),
    };
  }, text);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('a tiny run exports its log, results, best architecture, charts and best model', async ({
  app,
  page,
}, testInfo) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 11 });
  await app.api('step');
  await app.waitForResults(1);
  await app.waitForStopped();
  await app.api('step');
  await app.waitForResults(2);
  const snap = await app.waitForStopped();
  expect(snap.status).not.toBe('error');

  // Run log: validates against the schema and holds every result.
  const log = await fromMenu(app, 'export.log');
  expect(log.name).toMatch(/\.json$/);
  const checked = validateRunLog(log.body.toString('utf8'));
  expect(checked.ok ? 'valid' : checked.error).toBe('valid');

  // Results CSV: the header, then one row per result in order.
  const csv = await fromMenu(app, 'export.csv');
  expect(csv.name).toMatch(/-results\.csv$/);
  const rows = parseCsv(csv.body.toString('utf8'));
  expect(rows[0]).toEqual([...RESULTS_CSV_COLUMNS]);
  expect(rows.length).toBe(1 + snap.history.length);
  snap.history.forEach((result, i) => {
    const cells = rows[i + 1]!;
    expect(cells[RESULTS_CSV_COLUMNS.indexOf('arch')]).toBe(result.arch);
    expect(Number(cells[RESULTS_CSV_COLUMNS.indexOf('reward')])).toBe(result.reward);
    expect(cells[RESULTS_CSV_COLUMNS.indexOf('cached')]).toBe(String(result.cached));
  });

  // Best architecture: its net string, the dataset, the fidelity and the reward.
  const best = snap.history.reduce((a, b) => (b.reward > a.reward ? b : a));
  const arch = await fromMenu(app, 'export.arch');
  const description = arch.body.toString('utf8');
  expect(description).toContain('Net string (MetaQNN layers)');
  expect(description).toContain(`\n${best.arch}\n`);
  expect(description).toContain('Dataset: MNIST 14×14');
  expect(description).toContain('Fidelity: test: 1 epoch');
  expect(description).toContain(`Reward: ${best.reward}`);

  // The reward chart as SVG (standalone, no CSS variables left) and as PNG at twice its size.
  const host = app.byTestId('chart.reward');
  await host.hover();
  const svgFile = await download(page, 'export.svg.reward');
  expect(svgFile.name).toBe('nas-playground-reward-light.svg');
  const svg = await inspectSvg(page, svgFile.body.toString('utf8'));
  expect(svg.error).toBeNull();
  expect(svg.root).toBe('svg');
  expect(svg.namespace).toBe('http://www.w3.org/2000/svg');
  expect(svg.viewBox).toBe(`0 0 ${svg.width} ${svg.height}`);
  expect(svg.title).toBe('Reward per model');
  expect(svg.paths).toBeGreaterThan(0);
  expect(svg.points).toBe(snap.history.length);
  expect(svg.usesVariables).toBe(false);
  const box = (await host.locator('.nas-chart').boundingBox())!;
  expect(svg.width).toBe(Math.round(box.width));

  const png = await download(page, 'export.png.reward');
  expect([...png.body.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.body.toString('latin1', 12, 16)).toBe('IHDR');
  expect(png.body.readUInt32BE(16)).toBe(2 * svg.width);
  expect(png.body.readUInt32BE(20)).toBe(2 * svg.height);

  // Other charts export too; in the dark theme the background is dark.
  await app.setTheme('dark');
  await app.byTestId('arch.dag').hover();
  const dag = await inspectSvg(page, (await download(page, 'export.svg.arch.dag')).body.toString('utf8'));
  expect(dag.error).toBeNull();
  expect(dag.paths).toBeGreaterThan(0);
  expect(dag.background).toMatch(/#1a1e25/i);
  await app.setTheme('light');

  // Best model: trained again in its own worker, model.json + weights with matching paths.
  await app.byTestId('run.export').click();
  const item = app.byTestId('export.model');
  await expect(item).toBeEnabled();
  const pending = clickForDownloads(page, item, 2);
  await expect(item).toBeDisabled();
  const files = await pending;
  await expect(item).toContainText('Downloaded');
  const json = files.find((f) => f.name.endsWith('.json'))!;
  const bin = files.find((f) => f.name.endsWith('.bin'))!;
  expect(json.name).toBe(`nas-playground-metaqnn-seed11-model${best.index}.json`);
  expect(bin.name).toBe(`nas-playground-metaqnn-seed11-model${best.index}.weights.bin`);
  const modelJson = JSON.parse(json.body.toString('utf8')) as {
    format: string;
    weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
  };
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest[0]!.paths).toEqual([`./${bin.name}`]);
  const manifestBytes = modelJson.weightsManifest[0]!.weights.reduce(
    (sum, w) => sum + 4 * w.shape.reduce((a, b) => a * b, 1),
    0,
  );
  expect(bin.body.byteLength).toBe(manifestBytes);
  testInfo.annotations.push({ type: 'model note', description: await item.innerText() });

  // It loads with tf.loadLayersModel in the page, from the downloaded files themselves.
  await page.addScriptTag({ path: require.resolve('@tensorflow/tfjs/dist/tf.min.js') });
  const loaded = await page.evaluate(
    async ({ jsonText, jsonName, binBytes, binName }) => {
      const tf = (window as unknown as { tf: typeof import('@tensorflow/tfjs') }).tf;
      await tf.setBackend('cpu');
      const model = await tf.loadLayersModel(
        tf.io.browserFiles([
          new File([jsonText], jsonName, { type: 'application/json' }),
          new File([new Uint8Array(binBytes)], binName),
        ]),
      );
      const out = model.predict(tf.zeros([1, 14, 14, 1])) as import('@tensorflow/tfjs').Tensor;
      const probabilities = Array.from(await out.data());
      return { shape: out.shape, sum: probabilities.reduce((a, b) => a + b, 0), params: model.countParams() };
    },
    { jsonText: json.body.toString('utf8'), jsonName: json.name, binBytes: [...bin.body], binName: bin.name },
  );
  expect(loaded.shape).toEqual([1, 10]);
  expect(loaded.sum).toBeCloseTo(1, 4);
  expect(loaded.params).toBe(best.params);

  // As PyTorch: a Python file and its safetensors weights; Debian's PyTorch loads them with the
  // tfjs model's parameter count.
  const pytorch = app.byTestId('export.pytorch');
  await expect(pytorch).toContainText('Best model (PyTorch)');
  const pyFiles = await clickForDownloads(page, pytorch, 2);
  await expect(pytorch).toContainText('Downloaded');
  const py = pyFiles.find((f) => f.name.endsWith('.py'))!;
  expect(py.name).toBe(`nas_playground_metaqnn_seed11_model${best.index}.py`);
  expect(pyFiles.map((f) => f.name)).toContain(
    `nas-playground-metaqnn-seed11-model${best.index}.safetensors`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'nas-e2e-py-'));
  for (const f of pyFiles) await writeFile(join(dir, f.name), f.body);
  const printed = execFileSync('/usr/bin/python3', [py.name], { cwd: dir, encoding: 'utf8' });
  expect(printed.trim()).toBe(`${best.params} parameters`);
  await rm(dir, { recursive: true, force: true });

  // The test API's exportCode trains the same way: the same Python file and weights.
  type Code = { arch: string; files: { name: string; text?: string; base64?: string }[] };
  const code = await page.evaluate(
    (arch) =>
      (
        window as unknown as { nasPlayground: { exportCode(a: string, f: string): Promise<Code> } }
      ).nasPlayground.exportCode(arch, 'pytorch'),
    best.arch,
  );
  expect(code.arch).toBe(best.arch);
  expect(code.files.map((f) => f.name)).toEqual([
    py.name,
    `nas-playground-metaqnn-seed11-model${best.index}.safetensors`,
  ]);
  expect(code.files[0]!.text).toBe(py.body.toString('utf8'));
  const weights = pyFiles.find((f) => f.name.endsWith('.safetensors'))!;
  expect(Buffer.from(code.files[1]!.base64!, 'base64').equals(weights.body)).toBe(true);
});

test('any leaderboard row exports as Keras: the files exportCode gives, a model tfjs reads back', async ({
  app,
  page,
}) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 11 });
  await app.api('step');
  await app.waitForResults(1);
  await app.waitForStopped();
  await app.api('step');
  await app.waitForResults(2);
  const snap = await app.waitForStopped();
  expect(snap.status).not.toBe('error');

  // The last row (the best when both results share an architecture).
  const buttons = app.byTestId('leaderboard.export.keras');
  await expect(buttons.first()).toBeEnabled();
  const button = buttons.last();
  const arch = (await button.getAttribute('data-arch'))!;
  const result = snap.history.find((r) => r.arch === arch)!;
  const files = await clickForDownloads(page, button, 2);
  const py = files.find((f) => f.name.endsWith('.py'))!;
  const weights = files.find((f) => f.name.endsWith('.safetensors'))!;
  expect(py.name).toBe(`nas_playground_metaqnn_seed11_model${result.index}_keras.py`);
  expect(weights.name).toBe(`nas-playground-metaqnn-seed11-model${result.index}-keras.safetensors`);
  const source = py.body.toString('utf8');
  expect(source).toContain(`# Architecture: ${arch}`);
  expect(source).toContain('seed 11');

  // Run against the stand-in keras (no Keras runtime here) and read back by tfjs's Keras reader.
  const { recorded, cli } = recordKeras(source, weights.name, weights.body);
  const model = await readRecordedKeras(recorded);
  const trainable = model.trainableWeights.reduce(
    (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
    0,
  );
  expect(trainable).toBe(result.params);
  expect(cli).toBe(`${model.countParams()} parameters`);
  model.dispose();

  // The test API trains the same way: the same file and weights.
  type Code = { arch: string; files: { name: string; text?: string; base64?: string }[] };
  const code = await page.evaluate(
    (a) =>
      (
        window as unknown as { nasPlayground: { exportCode(a: string, f: string): Promise<Code> } }
      ).nasPlayground.exportCode(a, 'keras'),
    arch,
  );
  expect(code.files.map((f) => f.name)).toEqual([py.name, weights.name]);
  expect(code.files[0]!.text).toBe(source);
  expect(Buffer.from(code.files[1]!.base64!, 'base64').equals(weights.body)).toBe(true);

  // The Export menu's Keras item exports the best the same way.
  await app.byTestId('run.export').click();
  const item = app.byTestId('export.keras');
  await expect(item).toContainText('Best model (Keras)');
  const menuFiles = await clickForDownloads(page, item, 2);
  await expect(item).toContainText('Downloaded');
  expect(menuFiles.map((f) => f.name).sort()).toEqual(
    [py.name, weights.name]
      .map((n) => n.replace(`model${result.index}`, `model${bestOf(snap).index}`))
      .sort(),
  );
});

/** The best result of a snapshot (the first of equal rewards). */
function bestOf(snap: { history: { reward: number; index: number }[] }) {
  return snap.history.reduce((a, b) => (b.reward > a.reward ? b : a));
}

test('a NAS-Bench-201 run describes its best cell but offers no model, saying why', async ({ app }) => {
  await app.goto();
  await app.api('configure', { strategy: 'random', space: 'nb201' });
  await app.api('step');
  const snap = await app.waitForResults(1);
  await app.waitForStopped();
  await app.byTestId('run.export').click();
  const item = app.byTestId('export.model');
  await expect(item).toBeDisabled();
  await expect(item).toContainText('NAS-Bench-201');
  await expect(app.byTestId('export.pytorch')).toBeDisabled();
  await expect(app.byTestId('export.keras')).toBeDisabled();
  const refused = await app.page.evaluate(() =>
    (window as unknown as { nasPlayground: { exportCode(): Promise<unknown> } }).nasPlayground
      .exportCode()
      .then(
        () => 'resolved',
        (err: Error) => err.message,
      ),
  );
  expect(refused).toMatch(/looked up in the NAS-Bench-201 table/);
  await app.page.keyboard.press('Escape');
  const arch = await fromMenu(app, 'export.arch');
  const text = arch.body.toString('utf8');
  expect(text).toContain('Cell string (NAS-Bench-201)');
  expect(text).toContain(snap.history[0]!.arch);
});
