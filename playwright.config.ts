import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/fixtures/browser';

/** Port of the preview server; E2E_PORT lets several checkouts test side by side. */
const PORT = Number(process.env.E2E_PORT ?? 4173);

/** E2E against the production build served by `vite preview` on 127.0.0.1 (WebGPU needs a secure context). */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  // SwiftShader emulates the GPU on the CPU: trainings are slow, so tests run one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 8 * 60_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1920, height: 1080 },
    launchOptions: chromiumLaunchOptions(),
    actionTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
