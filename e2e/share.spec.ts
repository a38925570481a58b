import { DEFAULT_CONFIG } from '../src/nas/presets';
import { findLesson, lessonConfig } from '../src/nas/lessons';
import { decodeConfig, encodeConfig } from '../src/nas/shareLink';
import { test, expect } from './fixtures/app';

/** A link as a teacher would share it: readable, only what differs from the defaults. */
const LINK =
  '#strategy=evolution&fidelity=test&seed=42&training.learningRate=0.003' +
  '&metaqnn.layerLimit=2&metaqnn.convFilters=4,8,16&metaqnn.epsilonSchedule=1.0:2,0.5:1' +
  '&evolution.populationSize=3&evolution.tournamentSize=2';

function expectedConfig() {
  const reading = decodeConfig(LINK);
  if (!reading.ok || reading.config === null) throw new Error('the test link must be valid');
  return reading.config;
}

test('a shared link reproduces the config in the form and the run, and the URL follows edits', async ({
  app,
  page,
  context,
}) => {
  const expected = expectedConfig();
  await app.goto(LINK);

  // The form shows the link's settings ...
  await expect(app.byTestId('config.strategy')).toHaveValue('evolution');
  await expect(app.byTestId('config.fidelity')).toHaveValue('test');
  await expect(app.byTestId('config.seed')).toHaveValue('42');
  await expect(page.locator('[data-option="metaqnn.layerLimit"] input')).toHaveValue('2');
  await expect(page.locator('[data-option="metaqnn.convFilters"] input')).toHaveValue('4, 8, 16');
  await expect(page.locator('[data-option="evolution.populationSize"] input')).toHaveValue('3');
  await expect(page.locator('[data-option="training.learningRate"] input')).toHaveValue('0.003');
  // ... the run has exactly that config and seed, and nothing is reported wrong.
  const run = await app.exportRun();
  expect(run.config).toEqual(expected);
  expect(run.seed).toBe(42);
  expect(run.events).toEqual([]);
  await expect(app.byTestId('share.error')).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe(`#${encodeConfig(expected)}`);

  // An edit moves the URL along (replaceState: no new history entry).
  const historyLength = await page.evaluate(() => history.length);
  await app.byTestId('config.seed').fill('43');
  await app.byTestId('config.seed').blur();
  await expect.poll(() => new URL(page.url()).hash).toContain('seed=43');
  expect(await page.evaluate(() => history.length)).toBe(historyLength);

  // The copy button puts that link on the clipboard and says so.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.byTestId('share.copy').click();
  await expect(app.byTestId('share.copied')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());

  // Opening the copied link elsewhere gives the same config.
  const other = await context.newPage();
  await other.goto(copied);
  await other.waitForFunction(() => 'nasPlayground' in window);
  const otherConfig = await other.evaluate(
    async () =>
      (
        await (
          window as unknown as { nasPlayground: { exportRun(): Promise<{ config: unknown }> } }
        ).nasPlayground.exportRun()
      ).config,
  );
  expect(otherConfig).toEqual({ ...expected, seed: 43 });

  // A link pasted into the open app applies too.
  await page.evaluate(() => {
    window.location.hash = '#seed=5';
  });
  await expect.poll(async () => (await app.exportRun()).config).toEqual({ ...DEFAULT_CONFIG, seed: 5 });
  await expect(app.byTestId('config.strategy')).toHaveValue('metaqnn');
});

test('a malformed link opens the defaults with a dismissible message naming the problems', async ({
  app,
  page,
}) => {
  await app.goto('#seed=-4&colour=blue&metaqnn.alpha=2');
  const error = app.byTestId('share.error');
  await expect(error).toBeVisible();
  // A detail that names its option is not preceded by the option's path ("seed: Seed …", #22).
  await expect(error.locator('li[data-path="seed"]')).toHaveText(
    'Seed must be an integer in [0, 2147483647]; got -4.',
  );
  await expect(error).toContainText("'colour' is not a setting.");
  await expect(error.locator('li[data-path="metaqnn.alpha"]')).toContainText('(0, 1]');

  expect((await app.exportRun()).config).toEqual(DEFAULT_CONFIG);
  await expect(app.byTestId('config.seed')).toHaveValue('1');
  await expect(app.byTestId('config.strategy')).toHaveValue('metaqnn');
  await expect(app.byTestId('controls.start')).toBeEnabled();
  // The address shows the config the app runs (the defaults: no hash).
  expect(new URL(page.url()).hash).toBe('');

  await app.byTestId('share.error.dismiss').click();
  await expect(error).toHaveCount(0);
  expect((await app.exportRun()).config).toEqual(DEFAULT_CONFIG);

  // A bad link pasted into the open app changes nothing either.
  await app.api('configure', { seed: 9 });
  await page.evaluate(() => {
    window.location.hash = '#strategy=blockqnn&space=layers';
  });
  await expect(error).toBeVisible();
  await expect(error).toContainText("does not fit strategy 'blockqnn'");
  expect((await app.exportRun()).config).toEqual({ ...DEFAULT_CONFIG, seed: 9 });
});

test('a lesson applies its settings and seed and explains what to watch, in English and Chinese', async ({
  app,
  page,
}) => {
  await app.goto();
  const note = app.byTestId('lesson.note');
  // The defaults are the MetaQNN lesson (its seed aside), so its note shows from the start.
  await expect(app.byTestId('lesson.select')).toHaveValue('metaqnn');
  await expect(note).toContainText('mean reward per ε step rise as ε falls');
  await app.byTestId('lesson.select').selectOption('evolution');
  await expect(note).toHaveAttribute('data-lesson', 'evolution');
  await expect(note).toContainText('oldest');
  const config = (await app.exportRun()).config;
  expect([config.strategy, config.space, config.dataset, config.seed]).toEqual([
    'evolution',
    'nb201',
    'nb201-cifar10',
    7,
  ]);
  expect([config.evolution.populationSize, config.evolution.tournamentSize]).toEqual([20, 5]);
  await expect(app.byTestId('config.strategy')).toHaveValue('evolution');
  await expect.poll(() => new URL(page.url()).hash).toContain('strategy=evolution');

  // Another seed stays in the lesson; another setting leaves it.
  await app.byTestId('config.seed').fill('8');
  await app.byTestId('config.seed').blur();
  await expect(app.byTestId('lesson.select')).toHaveValue('evolution');
  await page.locator('[data-option="evolution.tournamentSize"] input').fill('4');
  await page.locator('[data-option="evolution.tournamentSize"] input').blur();
  await expect(app.byTestId('lesson.select')).toHaveValue('');
  await expect(note).toHaveCount(0);

  // The lesson's link brings its note back, in Chinese when the UI is in Chinese.
  await page.evaluate(() => localStorage.setItem('nas-playground.language', 'zh'));
  await page.goto('about:blank');
  await app.goto(`#${encodeConfig(lessonConfig(findLesson('evolution')!, DEFAULT_CONFIG))}`);
  await expect(app.byTestId('lesson.select')).toHaveValue('evolution');
  await expect(note).toContainText('最老的成员');
});
