import { test, expect } from './fixtures/app';
import { hasChinese, shownTexts, untranslated, type ShownText } from './fixtures/i18nText';

/** The English words left on the screen, one line each (empty when all is translated). */
async function leftInEnglish(page: import('@playwright/test').Page): Promise<string[]> {
  return untranslated(await shownTexts(page));
}

test('the whole main screen switches to Chinese and back, charts included', async ({ app, page }) => {
  await app.goto();
  await app.waitForBackend();
  await app.api('configure', { fidelity: 'test', seed: 3 });

  // English at first: the buttons say so, and no Chinese is shown but the language's own name.
  await expect(app.byTestId('controls.start')).toHaveText('Start');
  const english = await shownTexts(page);
  expect(english.filter((t) => hasChinese(t.text) && t.text !== '简体中文')).toEqual([]);

  // Switch with the header's selector, as a user does.
  await app.byTestId('config.language').selectOption('zh');
  await expect(app.byTestId('controls.start')).toHaveText('开始');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect(await leftInEnglish(page)).toEqual([]);

  // A tiny run draws the charts (axes, legends, markers, DAG, leaderboard): all in Chinese.
  await app.api('step');
  await app.waitForResults(1);
  await app.waitForStopped();
  await expect(page.locator('[data-testid="chart.reward"] svg[data-points="1"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="arch.dag"] g.node').first()).toBeVisible();
  await expect(page.locator('[data-testid="chart.reward"] .axis-label.x')).toHaveText(/提案序号/);
  await expect(page.locator('[data-testid="qtable"] .qtable-summary')).toContainText('个状态');
  const afterRun = await shownTexts(page);
  // The chart's own words were collected, so the check below covers them.
  expect(afterRun.some((t) => t.where.includes('chart.epsilon') && hasChinese(t.text))).toBe(true);
  expect(untranslated(afterRun)).toEqual([]);

  // The other strategies' views, empty until they run, are translated too.
  for (const strategy of ['blockqnn', 'reinforce', 'evolution', 'random', 'darts', 'snas', 'enas'] as const) {
    await app.api('configure', { strategy, fidelity: 'test' });
    await expect(page.locator('.panel').first()).toBeVisible();
    expect(await leftInEnglish(page), strategy).toEqual([]);
  }
  // NAS-Bench-201: a few cells looked up fill its rank, regret and distribution views.
  await app.api('configure', { strategy: 'random', space: 'nb201', dataset: 'nb201-cifar10' });
  await app.api('step');
  await app.waitForResults(1);
  await expect(app.byTestId('nb201.rank')).toBeVisible();
  await expect(page.locator('[data-testid="chart.distribution"] .axis-label.x')).toHaveText(/验证准确率/);
  expect(await leftInEnglish(page), 'nb201').toEqual([]);

  // The choice is remembered across a reload.
  await page.reload();
  await page.waitForFunction(() => 'nasPlayground' in window);
  await expect(app.byTestId('config.language')).toHaveValue('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(app.byTestId('controls.reset')).toHaveText('重置');

  // And back to English through the test API: English again, no Chinese left.
  await app.api('setLanguage', 'en');
  await expect(app.byTestId('config.language')).toHaveValue('en');
  await expect(app.byTestId('controls.reset')).toHaveText('Reset');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const back: ShownText[] = await shownTexts(page);
  expect(back.filter((t) => hasChinese(t.text) && t.text !== '简体中文')).toEqual([]);
  expect(back.some((t) => t.text === 'Search space')).toBe(true);
});

test('setLanguage refuses an unknown language and changes nothing', async ({ app, page }) => {
  await app.goto();
  const refused = await page.evaluate(async () => {
    const api = (window as unknown as { nasPlayground: { setLanguage(l: string): Promise<void> } })
      .nasPlayground;
    try {
      await api.setLanguage('fr');
      return 'accepted';
    } catch (e) {
      return (e as Error).message;
    }
  });
  expect(refused).toMatch(/fr/);
  await expect(app.byTestId('config.language')).toHaveValue('en');
  await expect(app.byTestId('controls.start')).toHaveText('Start');
});
