import { test, expect } from './fixtures/app';

test('an out-of-range config value shows an error next to the field and changes nothing', async ({
  app,
  page,
}) => {
  await app.goto();
  const before = (await app.exportRun()).config;

  const alpha = page.locator('[data-option="metaqnn.alpha"] input');
  await alpha.fill('2');
  await alpha.blur();
  await expect(app.byTestId('config.error.metaqnn.alpha')).toBeVisible();
  await expect(app.byTestId('config.error.metaqnn.alpha')).toContainText(/alpha/i);
  expect((await app.exportRun()).config).toEqual(before);

  // The testing API refuses it too, with a message, and leaves the config alone.
  const refused = await page.evaluate(async () => {
    const api = (window as unknown as { nasPlayground: { configure(p: unknown): Promise<void> } })
      .nasPlayground;
    try {
      await api.configure({ metaqnn: { alpha: 2 }, seed: -4 });
      return 'accepted';
    } catch (e) {
      return (e as Error).message;
    }
  });
  expect(refused).toMatch(/alpha/i);
  expect(refused).toMatch(/seed/i);
  expect((await app.exportRun()).config).toEqual(before);

  // A valid value is taken.
  await alpha.fill('0.05');
  await alpha.blur();
  await expect(app.byTestId('config.error.metaqnn.alpha')).toHaveCount(0);
  expect((await app.exportRun()).config.metaqnn.alpha).toBe(0.05);
});

test('the fidelity, dataset and seed selectors drive the config', async ({ app }) => {
  await app.goto();
  await app.byTestId('config.fidelity').selectOption('test');
  expect((await app.exportRun()).config.fidelity).toBe('test');
  await app.byTestId('config.dataset').selectOption('fashion-mnist-14');
  expect((await app.exportRun()).config.dataset).toBe('fashion-mnist-14');
  await app.byTestId('config.seed').fill('42');
  await app.byTestId('config.seed').blur();
  expect((await app.exportRun()).config.seed).toBe(42);
  await expect(app.byTestId('config.strategy')).toHaveValue('metaqnn');
});
