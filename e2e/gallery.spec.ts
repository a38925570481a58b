/**
 * The projector gallery (issue #22): at 1920×1080, every lesson, presentation mode, explain mode
 * and the compare view, in light and dark, English and Chinese, saved as screenshots under
 * test-results/e2e/gallery/ for a person to look at. Each screen is also checked for what a test can
 * see: the page is the window's size (nothing scrolls into blank space), nothing overflows sideways,
 * and in Chinese no English UI text is left in the header.
 */
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../src/nas/presets';
import { lessonConfig, lessons } from '../src/nas/lessons';
import { encodeConfig } from '../src/nas/shareLink';
import { test, expect, type AppPage } from './fixtures/app';

const VIEWPORT = { width: 1920, height: 1080 };
test.use({ viewport: VIEWPORT });

const THEMES = ['light', 'dark'] as const;
const LANGUAGES = ['en', 'zh'] as const;
type Theme = (typeof THEMES)[number];
type Language = (typeof LANGUAGES)[number];

async function open(app: AppPage, hash: string, theme: Theme, language: Language): Promise<void> {
  await app.page.emulateMedia({ colorScheme: theme });
  await app.goto(hash);
  await app.waitForBackend();
  if (language === 'zh') await app.api('setLanguage', 'zh');
}

/** Checks the screen fits the window and saves it as `<name>-<theme>-<language>.png`. */
async function shoot(app: AppPage, name: string, theme: Theme, language: Language): Promise<void> {
  const size = await app.page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(size, `${name}: the page is the window's size`).toEqual(VIEWPORT);
  if (language === 'zh')
    await expect(
      app.page.locator('header.app-header button', { hasText: /^(Explain|Present)$/ }),
    ).toHaveCount(0);
  await app.page.screenshot({
    path: join(test.info().project.outputDir, 'gallery', `${name}-${theme}-${language}.png`),
  });
}

for (const theme of THEMES) {
  for (const language of LANGUAGES) {
    test(`every lesson, ${theme}, ${language}`, async ({ app }) => {
      for (const lesson of lessons()) {
        const hash = `#${encodeConfig(lessonConfig(lesson, DEFAULT_CONFIG))}`;
        await open(app, hash, theme, language);
        await expect(app.byTestId('lesson.note')).toHaveAttribute('data-lesson', lesson.id);
        await shoot(app, `lesson-${lesson.id}`, theme, language);
      }
    });

    test(`a finished NAS-Bench-201 run in explain mode, presentation mode and the compare view, ${theme}, ${language}`, async ({
      app,
      page,
    }) => {
      await open(app, '#strategy=metaqnn&space=nb201&dataset=nb201-cifar10&fidelity=test', theme, language);
      await app.api('start');
      await app.waitFor((s) => s.status === 'done', 120_000);
      await shoot(app, 'nb201-done', theme, language);

      await app.byTestId('explain.toggle').click();
      for (let k = 0; k < 3; k++) await app.byTestId('explain.next').click();
      await expect(app.byTestId('explain.position')).toHaveAttribute('data-cursor', /^[1-9]\d*$/);
      await shoot(app, 'explain', theme, language);
      await app.byTestId('explain.toggle').click();

      await app.byTestId('present.toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-presentation', 'on');
      await shoot(app, 'present', theme, language);
      await app.byTestId('present.toggle').click();

      await app.api('compareStrategies', {
        strategies: ['metaqnn', 'evolution', 'random'],
        space: 'nb201',
        budget: 30,
        seeds: [1, 2],
      });
      await expect(app.byTestId('compare.status')).toHaveAttribute('data-status', 'done', {
        timeout: 120_000,
      });
      // The dashboard scrolls inside the window: bring the compare card to its top.
      await app
        .byTestId('compare.status')
        .evaluate((el) => el.closest('section')!.scrollIntoView({ block: 'start' }));
      await shoot(app, 'compare', theme, language);
    });
  }
}
