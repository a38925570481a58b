/**
 * Your own data (#20): a folder of two classes of generated digits, made by this test, imported
 * through the panel's folder picker, searched at `test` fidelity on WebGPU, and its best network
 * exported as PyTorch and run by Debian's Python. Refusals show the importer's message and store
 * nothing; a link to a run on imported data says, on a machine without it, that the data stays
 * where it was imported.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/app';

/** Images per class: at least the importer's 10, and enough for a 1/5 validation split. */
const PER_CLASS = 15;

/** PNGs of the digits `digits`, PER_CLASS each, drawn jittered by the page's canvas (base64). */
async function drawDigits(page: Page, digits: string[]): Promise<{ path: string; base64: string }[]> {
  return page.evaluate(
    async ({ digits, perClass }) => {
      const files: { path: string; base64: string }[] = [];
      let seed = 7;
      const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      for (const digit of digits)
        for (let i = 0; i < perClass; i++) {
          const canvas = new OffscreenCanvas(28, 28);
          const context = canvas.getContext('2d')!;
          context.fillStyle = '#000';
          context.fillRect(0, 0, 28, 28);
          context.fillStyle = '#fff';
          context.font = `bold ${18 + Math.floor(random() * 6)}px sans-serif`;
          context.textAlign = 'center';
          context.textBaseline = 'middle';
          context.fillText(digit, 14 + (random() - 0.5) * 6, 14 + (random() - 0.5) * 6);
          const bytes = new Uint8Array(
            await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer(),
          );
          let binary = '';
          for (const b of bytes) binary += String.fromCharCode(b);
          files.push({ path: `digits/${digit}/${i}.png`, base64: btoa(binary) });
        }
      return files;
    },
    { digits, perClass: PER_CLASS },
  );
}

/** Writes `files` under a fresh temporary folder; returns the folder of their top level. */
async function writeTree(files: { path: string; base64: string }[]): Promise<{ root: string; top: string }> {
  const root = await mkdtemp(join(tmpdir(), 'nas-e2e-data-'));
  for (const f of files) {
    const path = join(root, f.path);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, Buffer.from(f.base64, 'base64'));
  }
  return { root, top: join(root, files[0]!.path.split('/')[0]!) };
}

type DatasetInfo = {
  id: string;
  name: string;
  count: number;
  classNames: string[];
  side: number;
  channels: number;
};

const datasets = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { nasPlayground: { datasets(): Promise<DatasetInfo[]> } }).nasPlayground.datasets(),
  );

test('a folder of generated digits imports, trains at test fidelity and exports as PyTorch', async ({
  app,
  page,
}) => {
  test.setTimeout(8 * 60_000);
  await app.goto();
  await app.api('configure', { fidelity: 'test', strategy: 'random', space: 'layers' });
  const { root, top } = await writeTree(await drawDigits(page, ['3', '7']));

  // The preview: what was read, before anything is kept.
  await app.byTestId('data.import').setInputFiles(top);
  const preview = app.byTestId('data.preview');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(app.byTestId('data.class')).toHaveCount(2);
  await expect(app.byTestId('data.class').first()).toHaveAttribute('data-count', String(PER_CLASS));
  await expect(app.byTestId('data.samples').first()).toHaveAttribute('data-count', '8');
  await expect(app.byTestId('data.facts')).toContainText(`${2 * PER_CLASS} images in 2 classes`);
  await expect(app.byTestId('data.facts')).toContainText('Resized to 28×28, grey; read at 28×28');
  // 30 images: 6 held out for validation, 24 to train (below the test preset's 128 / 64).
  await expect(app.byTestId('data.split')).toHaveAttribute('data-val', '6');
  await expect(app.byTestId('data.split')).toHaveAttribute('data-train', '24');
  expect(await datasets(page)).toEqual([]);
  // The network input size is the user's choice: the files are read again at 14×14.
  await app.byTestId('data.side').selectOption('14');
  await expect(app.byTestId('data.facts')).toContainText('Resized to 14×14, grey; read at 28×28');
  await expect(app.byTestId('data.name')).toHaveValue('digits');
  await app.byTestId('data.name').fill('generated digits');
  await app.byTestId('data.save').click();

  // Kept, listed and in use.
  await expect(app.byTestId('data.row')).toHaveCount(1);
  const [stored] = await datasets(page);
  expect(stored).toMatchObject({
    name: 'generated digits',
    count: 30,
    classNames: ['3', '7'],
    side: 14,
    channels: 1,
  });
  expect(stored!.id).toMatch(/^user:[0-9a-f]{16}$/);
  await expect(app.byTestId('config.dataset')).toHaveValue(stored!.id);
  await expect(app.byTestId('config.dataset')).toContainText('generated digits (imported)');

  // A real search on it: a softmax over its 2 classes, trained on WebGPU.
  await app.api('step');
  const snap = await app.waitForResults(1);
  expect(snap.status).not.toBe('error');
  expect(snap.backend).toBe('webgpu');
  const best = snap.history[0]!;
  expect(best.arch).toMatch(/SM\(2\)$/);
  const log = await app.exportRun();
  expect(log.config.dataset).toBe(stored!.id);
  expect(log.config.data).toEqual({ trainImages: 24, valImages: 6 });

  // The found network as PyTorch: Debian's Python builds it with the tfjs parameter count.
  type Code = { files: { name: string; text?: string; base64?: string }[] };
  const code = await page.evaluate(
    (arch) =>
      (
        window as unknown as { nasPlayground: { exportCode(a: string, f: string): Promise<Code> } }
      ).nasPlayground.exportCode(arch, 'pytorch'),
    best.arch,
  );
  const dir = join(root, 'python');
  await mkdir(dir);
  for (const f of code.files) await writeFile(join(dir, f.name), f.text ?? Buffer.from(f.base64!, 'base64'));
  const py = code.files.find((f) => f.name.endsWith('.py'))!;
  const printed = execFileSync('/usr/bin/python3', [py.name], { cwd: dir, encoding: 'utf8' });
  expect(printed.trim()).toBe(`${best.params} parameters`);

  // A reload keeps the dataset and the run on it.
  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await expect(app.byTestId('data.row')).toHaveCount(1);
  expect((await app.snapshot()).history).toHaveLength(1);
  expect((await app.exportRun()).config.dataset).toBe(stored!.id);
  await rm(root, { recursive: true, force: true });
});

test('a folder with one class is refused with its reason, and nothing is kept', async ({ app, page }) => {
  await app.goto();
  const { root, top } = await writeTree(await drawDigits(page, ['5']));
  await app.byTestId('data.import').setInputFiles(top);
  await expect(app.byTestId('data.importError')).toContainText('one class', { timeout: 60_000 });
  await expect(app.byTestId('data.preview')).toHaveCount(0);
  expect(await datasets(page)).toEqual([]);
  await expect(app.byTestId('config.dataset')).toHaveValue('mnist-14');
  await rm(root, { recursive: true, force: true });
});

test('a link to a run on imported data opens elsewhere with a message that the data stayed behind', async ({
  app,
  page,
  browser,
}) => {
  await app.goto();
  const files = await drawDigits(page, ['1', '4']);
  const info = await page.evaluate(
    (files) =>
      (
        window as unknown as {
          nasPlayground: { importDataset(f: unknown, o: unknown): Promise<DatasetInfo> };
        }
      ).nasPlayground.importDataset(files, { name: 'ones and fours' }),
    files,
  );
  await expect(page).toHaveURL(new RegExp(`dataset=${info.id.replace(':', '(:|%3A)')}`));
  const link = page.url();
  // Another machine: a fresh browser context has its own, empty IndexedDB.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(link);
  await expect(other.getByTestId('share.error')).toContainText(
    `The imported dataset ${info.id} is not on this machine`,
    { timeout: 30_000 },
  );
  await expect(other.getByTestId('config.dataset')).toHaveValue('mnist-14');
  await elsewhere.close();
});
