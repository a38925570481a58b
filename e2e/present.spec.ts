/**
 * Presentation mode on a 1920×1080 projector (issue #22): nothing is cut, nothing scrolls
 * sideways, the header is one line, the per-chart export buttons have their own strip, and the
 * text a teacher points at is at least 14 screen pixels; in English and Chinese.
 */
import type { Page } from '@playwright/test';
import { test, expect, type AppPage } from './fixtures/app';

test.use({ viewport: { width: 1920, height: 1080 } });

/** Presentation mode's zoom (explain.css): CSS pixels × ZOOM = screen pixels. */
const ZOOM = 1.25;
/** Smallest text on the screen, pixels. */
const MIN_TEXT = 14;

async function present(app: AppPage, language: 'en' | 'zh'): Promise<void> {
  if (language === 'zh') await app.api('setLanguage', 'zh');
  await app.byTestId('present.toggle').click();
  await expect(app.page.locator('html')).toHaveAttribute('data-presentation', 'on');
}

/** Boxes that overflow sideways, the header's height and each table's overhang past its card. */
function measureLayout(page: Page) {
  return page.evaluate(() => {
    const sideways = (el: Element | null) => (el ? el.scrollWidth - el.clientWidth : 0);
    const tables = Array.from(document.querySelectorAll('section.panel table.data-table')).map((t) => {
      const card = t.closest('section.panel')!.getBoundingClientRect();
      const scroller = t.parentElement!.getBoundingClientRect();
      const last = t.querySelector('tr > :last-child')!.getBoundingClientRect();
      return {
        table: t.className,
        overhang: Math.max(last.right - Math.min(card.right, scroller.right), 0),
      };
    });
    return {
      page: sideways(document.documentElement),
      sidebar: sideways(document.querySelector('aside.sidebar')),
      controls: sideways(document.querySelector('.controls')),
      header: document.querySelector('header.app-header')!.getBoundingClientRect().height,
      tables,
    };
  });
}

/** Export buttons whose box meets a text of their chart. */
function buttonsOverText(page: Page) {
  return page.evaluate(() => {
    const meet = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const hits: string[] = [];
    for (const button of Array.from(
      document.querySelectorAll<HTMLElement>('[data-testid^="export."].chart-export-button'),
    )) {
      const box = button.getBoundingClientRect();
      const host = button.closest('.chart-host');
      for (const text of Array.from(host?.querySelectorAll('svg text') ?? [])) {
        const t = text.getBoundingClientRect();
        if (t.width > 0 && meet(box, t)) hits.push(`${button.dataset.testid} / ${text.textContent}`);
      }
    }
    return hits;
  });
}

/** Smallest screen font size of the texts `selector` matches; an SVG's viewBox zoom counts. */
function smallestFont(page: Page, selector: string, zoom: number) {
  return page.evaluate(
    ({ selector, zoom }) => {
      const sizes = Array.from(document.querySelectorAll(selector)).map((el) => {
        const scale = Number(el.closest('svg')?.getAttribute('data-scale') ?? 1);
        return parseFloat(getComputedStyle(el).fontSize) * scale * zoom;
      });
      return sizes.length === 0 ? null : Math.min(...sizes);
    },
    { selector, zoom },
  );
}

async function expectFits(app: AppPage): Promise<void> {
  const layout = await measureLayout(app.page);
  expect(layout.page, 'no page scrollbar sideways').toBeLessThanOrEqual(0);
  expect(layout.sidebar, 'the controls column does not scroll sideways').toBeLessThanOrEqual(0);
  expect(layout.controls, 'the controls are not cut').toBeLessThanOrEqual(0);
  // One line of 125 % header is about 66 px; two would be over 110.
  expect(layout.header, 'the header is one line').toBeLessThan(80);
  for (const t of layout.tables) expect(t.overhang, `${t.table}: last column inside its card`).toBe(0);
  expect(await buttonsOverText(app.page), 'export buttons over chart text').toEqual([]);
}

for (const language of ['en', 'zh'] as const) {
  test(`presentation mode fits 1920×1080, MetaQNN, ${language}`, async ({ app }) => {
    await app.goto('#strategy=metaqnn&fidelity=test');
    await app.waitForBackend();
    await app.api('step');
    await app.waitForResults(1);
    await present(app, language);
    await expect(app.page.locator('table.layer-table')).toBeVisible();
    await expect(app.page.locator('table.leaderboard-table')).toBeVisible();
    await expectFits(app);
    const dag = await smallestFont(app.page, '[data-testid="arch.dag"] svg text.node-label', ZOOM);
    expect(dag, 'DAG node labels').toBeGreaterThanOrEqual(MIN_TEXT);
    const cells = await smallestFont(app.page, '.leaderboard-table td', ZOOM);
    expect(cells, 'leaderboard cells').toBeGreaterThanOrEqual(MIN_TEXT);
  });

  test(`presentation mode fits 1920×1080, NAS-Bench-201, ${language}`, async ({ app }) => {
    await app.goto('#strategy=metaqnn&space=nb201&dataset=nb201-cifar10&fidelity=test');
    await app.waitForBackend();
    await app.byTestId('controls.start').click();
    await app.waitFor((s) => s.status === 'done');
    await present(app, language);
    await expect(app.page.locator('table.leaderboard-table')).toBeVisible();
    await expectFits(app);
    const cells = await smallestFont(app.page, '.leaderboard-table td', ZOOM);
    expect(cells, 'leaderboard cells').toBeGreaterThanOrEqual(MIN_TEXT);
  });
}
