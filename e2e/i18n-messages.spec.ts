/**
 * Messages built by the search core (src/nas/message.ts) reach the UI in Chinese: a refused
 * config value, a refused run-log file (truncated JSON, a forged Q-update), a malformed share
 * link and a refused result-cache file (an engine model's fallback reason: no-webgpu.spec.ts).
 * Each names its data (the file, the event) and leaves no English words but data.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { englishWords, hasChinese } from './fixtures/i18nText';
import { asVersion1 } from './fixtures/qUpdates';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('nas-playground.language', 'zh'));
});

const file = (name: string, text: string) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(text),
});

async function textOf(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).trim();
}

test('a refused config value is explained in Chinese and changes nothing', async ({ app, page }) => {
  await app.goto();
  await expect(app.byTestId('controls.start')).toHaveText('开始');
  const before = (await app.exportRun()).config;
  const alpha = page.locator('[data-option="metaqnn.alpha"] input');
  await alpha.fill('2');
  await alpha.blur();
  const error = app.byTestId('config.error.metaqnn.alpha');
  await expect(error).toBeVisible();
  const text = await textOf(page, 'config.error.metaqnn.alpha');
  expect(hasChinese(text)).toBe(true);
  expect(text).toContain('(0, 1]');
  expect(englishWords(text), text).toEqual([]);
  expect((await app.exportRun()).config).toEqual(before);

  // Text that does not parse is refused in Chinese as well.
  await alpha.fill('lots');
  await alpha.blur();
  await expect(error).toContainText('请输入一个数');
  expect((await app.exportRun()).config).toEqual(before);

  // Switching back to English re-renders the same message from the same code, in English.
  await app.page.evaluate(() =>
    (
      window as unknown as { nasPlayground: { setLanguage(l: string): Promise<void> } }
    ).nasPlayground.setLanguage('en'),
  );
  await expect(error).toHaveText('Alpha: enter a number.');
});

test('a refused run file names the file and the event in Chinese; the run is untouched', async ({ app }) => {
  await app.goto();
  // Q-learning on NAS-Bench-201 looks rewards up: a run with Q-updates in no time.
  await app.api('configure', {
    strategy: 'metaqnn',
    space: 'nb201',
    dataset: 'nb201-cifar10',
    fidelity: 'test',
    seed: 2,
  });
  await app.api('step');
  await app.waitForResults(1);
  await app.waitForStopped();
  const log = await app.exportRun();
  const text = JSON.stringify(log);
  const before = await app.snapshot();

  // A version-1 log (every Q-update written out, still imported) with one update forged.
  const v1 = asVersion1(log);
  const qIndex = v1.events.findIndex((e) => e.type === 'q-update');
  expect(qIndex).toBeGreaterThan(0);
  const forged = structuredClone(v1) as unknown as { events: Record<string, unknown>[] };
  forged.events[qIndex]!.newQ = 0.9;
  const cases: [string, string, RegExp, string[]][] = [
    ['cut-short.json', text.slice(0, Math.floor(text.length / 2)), /不是有效的 JSON.*截断/, []],
    [
      'forged.json',
      JSON.stringify(forged),
      /newQ 0\.9 不符合 Q-learning 更新公式/,
      [`events[${qIndex}] (q-update)`],
    ],
  ];
  for (const [name, body, expected, named] of cases) {
    await app.byTestId('run.import').setInputFiles(file(name, body));
    const error = app.byTestId('import.error');
    await expect(error).toContainText(name);
    await expect(error).toContainText(expected);
    for (const n of named) await expect(error).toContainText(n);
    const shown = await error.locator('strong, .import-error-text').allInnerTexts();
    // Data: the file name, the event, the engine's own parse error, the log's field names.
    const reason = /JSON：(.*?)。/.exec(shown.join(' '))?.[1] ?? '';
    const data = [name, ...named, reason, 'newQ', 'oldQ', 'maxNextQ'];
    for (const line of shown) expect(englishWords(line, data), line).toEqual([]);
  }
  const viaApi = await app.api<{ ok: boolean; error?: string; errorCode?: string }>(
    'importRun',
    JSON.stringify(forged),
  );
  expect(viaApi).toEqual({
    ok: false,
    error: expect.stringMatching(
      new RegExp(`^events\\[${qIndex}\\] \\(q-update\\): newQ 0.9 does not follow`),
    ),
    errorCode: 'runlog.qUpdate',
  });
  expect(await app.exportRun()).toEqual(log);
  expect(await app.snapshot()).toEqual(before);
});

test('a malformed share link is explained in Chinese', async ({ app, page }) => {
  await app.goto('#seed=-4&colour=blue&metaqnn.alpha=2&metaqnn.convFilters=8,x');
  const error = app.byTestId('share.error');
  await expect(error).toBeVisible();
  const items = await error.locator('li').allInnerTexts();
  expect(items).toHaveLength(4);
  for (const item of items) {
    expect(hasChinese(item), item).toBe(true);
    // The link's own keys and values are data.
    expect(englishWords(item, ['colour', 'metaqnn.alpha', 'metaqnn.convFilters', 'seed']), item).toEqual([]);
  }
  await expect(error.locator('li[data-path="metaqnn.alpha"]')).toContainText('(0, 1]');
  expect(new URL(page.url()).hash).toBe('');
});

test('a refused result-cache file is explained in Chinese and the cache is untouched', async ({
  app,
  page,
}) => {
  await app.goto();
  await expect(app.byTestId('cache.count')).toHaveAttribute('data-count', /\d+/);
  const count = await app.byTestId('cache.count').getAttribute('data-count');
  await app
    .byTestId('cache.import.file')
    .setInputFiles(
      file('broken.json', '{"format":"nas-playground/result-cache","version":1,"entries":[{"id":1}]}'),
    );
  const error = app.byTestId('cache.error');
  await expect(error).toContainText('第 0 条缺少字符串字段 id');
  const text = await textOf(page, 'cache.error');
  expect(hasChinese(text)).toBe(true);
  expect(englishWords(text, ['id']), text).toEqual([]);
  await expect(app.byTestId('cache.count')).toHaveAttribute('data-count', count!);

  // The refusal keeps its message: in English it reads as before.
  await app.page.evaluate(() =>
    (
      window as unknown as { nasPlayground: { setLanguage(l: string): Promise<void> } }
    ).nasPlayground.setLanguage('en'),
  );
  await expect(error).toContainText('Entry 0 has no id string.');
});

test("evolution's mutation descriptions read in Chinese, architecture tokens kept as data", async ({
  app,
  page,
}) => {
  await app.goto();
  // NAS-Bench-201 looks rewards up: a whole evolution run with mutations in no time.
  await app.api('configure', {
    strategy: 'evolution',
    space: 'nb201',
    dataset: 'nb201-cifar10',
    fidelity: 'test',
    seed: 2,
  });
  await app.byTestId('controls.start').click();
  await app.waitFor((s) => s.status === 'done');
  const log = await app.exportRun();
  const proposals = log.events.filter((e) => e.type === 'propose');
  const last = proposals[proposals.length - 1]!;
  expect(last.origin).toBe('mutation');
  // The log keeps the English words (data for other tools) and the message's code beside them.
  expect(last.mutation).toMatch(/^edge \d→\d: \S+ → \S+$/);
  expect(last.mutationMessage).toMatchObject({ code: expect.stringMatching(/^mutation\./) });

  const child = app.byTestId('population.child');
  await expect(child).toBeVisible();
  const text = await textOf(page, 'population.child');
  expect(hasChinese(text)).toBe(true);
  // The benchmark's op names are data, as in the cell strings.
  const ops = ['nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'none'];
  expect(englishWords(text, ops), text).toEqual([]);
  expect(text).not.toContain(last.mutation!);

  await app.page.evaluate(() =>
    (
      window as unknown as { nasPlayground: { setLanguage(l: string): Promise<void> } }
    ).nasPlayground.setLanguage('en'),
  );
  await expect(child).toContainText(last.mutation!);
});
