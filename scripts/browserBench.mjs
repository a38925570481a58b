/**
 * What the browser benchmarks share (`npm run bench`, `npm run bench:oneshot`): bundle a bench
 * entry with esbuild, serve it (and any files it fetches) on 127.0.0.1, since WebGPU needs a
 * secure context, open it in headless Chromium with the e2e tests' flags (WebGPU through
 * SwiftShader where there is no GPU) via playwright-core, and hand the page to the caller.
 * Lines the page logs that start with `bench:` are echoed.
 * Env: CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The items of a comma-separated option. */
export const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Bundles `entry` (relative to the root), serves it with `assets` (URL path -> file on disk),
 * waits for the page to define `globalThis[ready]`, and calls `use(page, chromiumVersion)`.
 * Failures are printed as `${name}: failed: ...` and set a non-zero exit code; the browser, the
 * server and the bundle are cleaned up in every case.
 */
export async function withBenchPage({ name, entry, ready, assets = {} }, use) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  // The same Chromium flags as the e2e tests: WebGPU through SwiftShader, no background traffic.
  const chromiumArgs = JSON.parse(
    readFileSync(new URL('../e2e/fixtures/chromium-args.json', import.meta.url), 'utf8'),
  );
  const dir = mkdtempSync(join(tmpdir(), 'nas-bench-'));
  let server;
  let browser;
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [join(root, entry)],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      outfile: join(dir, 'bench.js'),
      logLevel: 'warning',
      // Vite's values for the app's modules: a production build served from the root.
      define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.BASE_URL': '"/"' },
    });
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>NAS Playground bench</title><script type="module" src="bench.js"></script>',
    );
    const files = { '/': join(dir, 'index.html'), '/bench.js': join(dir, 'bench.js'), ...assets };
    server = createServer((req, res) => {
      const file = files[req.url.split('?')[0]];
      let body;
      try {
        body = file && readFileSync(file);
      } catch {
        body = undefined; // an asset not on disk: the page falls back as it does for any 404
      }
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.html') ? 'text/html' : '';
      res.writeHead(200, { 'content-type': type || 'application/octet-stream' });
      res.end(body);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/`;

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
    const page = await browser.newPage();
    page.on('console', (msg) => {
      if (msg.text().startsWith('bench:')) console.log(msg.text());
    });
    page.on('pageerror', (err) => console.error(`${name}: page error: ${err.message}`));
    await page.goto(url);
    await page.waitForFunction((g) => typeof globalThis[g] === 'function', ready);
    await use(page, browser.version());
  } catch (err) {
    console.error(`${name}: failed: ${err instanceof Error ? err.message : String(err)}`);
    if (String(err).includes('Executable'))
      console.error(`${name}: set CHROMIUM_PATH (tried ${executablePath})`);
    process.exitCode = 1;
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the adapter behind each backend the page reported. */
export function printAdapters(adapters) {
  for (const [backend, adapter] of Object.entries(adapters)) {
    if (adapter) console.log(`bench: ${backend} adapter: ${adapter}`);
  }
}
