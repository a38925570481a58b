/**
 * A browser without WebGPU (Chromium with the WebGPU API switched off): the app says which backend
 * it fell back to and why, in Chinese, and a run with `trainingPath: 'engine'` trains every model
 * on tfjs, each saying why in the UI's language while the log keeps English and the message code.
 */
import { chromiumLaunchOptions } from './fixtures/browser';
import { expect, test } from './fixtures/app';
import { englishWords, hasChinese } from './fixtures/i18nText';

const withWebGpu = chromiumLaunchOptions();
test.use({
  launchOptions: {
    ...withWebGpu,
    args: [
      ...(withWebGpu.args ?? []).filter(
        (a) => a !== '--enable-unsafe-webgpu' && a !== '--enable-features=Vulkan',
      ),
      '--disable-blink-features=WebGPU',
    ],
  },
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('nas-playground.language', 'zh'));
});

/** Names of APIs and backends are data in any language. */
const TERMS = [
  'WebGPU',
  'WebGL',
  'navigator.gpu',
  'requestAdapter()',
  'requestAdapter',
  'null',
  'OffscreenCanvas',
  'tfjs',
];

test('without WebGPU the fallback backend and every engine fallback say why in Chinese', async ({
  app,
  page,
}) => {
  await app.goto();
  const backend = app.byTestId('status.backend');
  await expect(backend).toHaveText(/^(webgl|cpu)$/);
  const reason = (await app.byTestId('status.backendReason').innerText()).trim();
  expect(hasChinese(reason), reason).toBe(true);
  expect(englishWords(reason, TERMS), reason).toEqual([]);

  await app.api('configure', {
    strategy: 'random',
    space: 'nasrl',
    fidelity: 'test',
    seed: 3,
    trainingPath: 'engine',
    data: { trainImages: 64, valImages: 32 },
    random: { models: 2 },
  });
  await app.byTestId('controls.start').click();
  await app.waitFor((s) => s.status === 'done' || s.status === 'error', 4 * 60_000);
  const badges = page.getByTestId('leaderboard').locator('[data-testid="result.trainedOn"]');
  await expect(badges).toHaveCount(2);
  for (const badge of await badges.all()) {
    await expect(badge).toHaveAttribute('data-trained-on', 'tfjs');
    const title = (await badge.getAttribute('title')) ?? '';
    expect(title).toContain('没有 WebGPU 设备');
    expect(englishWords(title, TERMS), title).toEqual([]);
  }

  const log = await app.exportRun();
  const results = log.events.filter((e) => e.type === 'result');
  expect(results).toHaveLength(2);
  for (const result of results) {
    // No navigator.gpu, or one with no adapter, as this Chromium build decides.
    const why = result.type === 'result' ? result.engineFallbackMessage : undefined;
    expect(result).toMatchObject({ trainedOn: 'tfjs', engineFallbackMessage: { code: 'engine.noDevice' } });
    expect(['backend.noGpu', 'backend.noAdapter']).toContain((why?.params?.reason as { code: string }).code);
    expect(result.type === 'result' && result.engineFallback).toMatch(/^no WebGPU device: WebGPU: no /);
  }
});
