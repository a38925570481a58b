/**
 * The 1920×1080 projector layout (issue #22): the page is the window's height (the sidebar and the
 * dashboard scroll inside it), the compare card holds its form and results, and the run settings
 * are on the sidebar's first screen; in English and Chinese, for a Q-learner and for evolution.
 */
import type { Locator } from '@playwright/test';
import { test, expect, type AppPage } from './fixtures/app';

const VIEWPORT = { width: 1920, height: 1080 };
test.use({ viewport: VIEWPORT });

const SCREENS = [
  { name: 'the defaults (MetaQNN)', hash: '' },
  { name: 'evolution on NAS-Bench-201', hash: '#strategy=evolution&space=nb201&dataset=nb201-cifar10' },
];

async function open(app: AppPage, hash: string, language: 'en' | 'zh'): Promise<void> {
  await app.goto(hash);
  await app.waitForBackend();
  if (language === 'zh') {
    await app.byTestId('config.language').selectOption('zh');
    await expect(app.byTestId('controls.start')).toHaveText('开始');
  }
}

/** The element's box; it must have one (be rendered). */
async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'the element is rendered').not.toBeNull();
  return b!;
}

for (const language of ['en', 'zh'] as const) {
  for (const screen of SCREENS) {
    test(`at 1920×1080 the page fits the window, ${screen.name}, ${language}`, async ({ app, page }) => {
      await open(app, screen.hash, language);

      // No page scrollbar: the document is exactly the window's height and does not scroll.
      const page_ = await page.evaluate(() => {
        window.scrollTo(0, 10_000);
        return {
          height: document.documentElement.scrollHeight,
          width: document.documentElement.scrollWidth,
          scrolled: window.scrollY,
        };
      });
      expect(page_).toEqual({ height: VIEWPORT.height, width: VIEWPORT.width, scrolled: 0 });

      // The header is one line whatever the strategy's subtitle says.
      expect((await box(page.locator('header.app-header'))).height).toBeLessThan(70);

      // The compare card holds its form, buttons, chart and table.
      const card = page.locator('section.panel', { has: app.byTestId('compare.run') });
      const outer = await box(card);
      for (const id of [
        'compare.space',
        'compare.fidelity',
        'compare.run',
        'compare.export.csv',
        'compare.export.json',
        'chart.compare',
        'compare.summary',
      ]) {
        const inner = await box(app.byTestId(id));
        expect(inner.y, `${id} starts inside the card`).toBeGreaterThanOrEqual(outer.y);
        expect(inner.y + inner.height, `${id} ends inside the card`).toBeLessThanOrEqual(
          outer.y + outer.height,
        );
        expect(inner.x + inner.width, `${id} ends inside the card`).toBeLessThanOrEqual(
          outer.x + outer.width,
        );
      }

      // The strategy select is on the sidebar's first screen, without scrolling it.
      const sidebar = page.locator('aside.sidebar');
      expect(await sidebar.evaluate((el) => el.scrollTop)).toBe(0);
      const side = await box(sidebar);
      const strategy = await box(app.byTestId('config.strategy'));
      expect(strategy.y).toBeGreaterThanOrEqual(side.y);
      expect(strategy.y + strategy.height).toBeLessThanOrEqual(
        Math.min(side.y + side.height, VIEWPORT.height),
      );
    });
  }
}

test('a lesson’s long title is shown whole, and the header keeps its height', async ({ app, page }) => {
  await open(app, '', 'en');
  const header = page.locator('header.app-header');
  const before = (await box(header)).height;

  await app.byTestId('lesson.select').selectOption('evolution');
  const title = app.byTestId('lesson.title');
  await expect(title).toHaveText('Regularized evolution on NAS-Bench-201 (Real et al. 2019)');
  // Wrapped, not cut: nothing of it overflows its box.
  expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect((await box(header)).height).toBe(before);
});
