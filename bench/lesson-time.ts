/**
 * `npm run bench:lesson`: how long a lesson takes on this machine, in the app itself (production
 * build, headless Chromium, the search in its worker), once per compute setting
 * (src/train/compute.ts), one after another in one run. It applies the lesson with the documented
 * test API, presses Start, and times every result until the lesson is done or a limit is reached.
 * Printed: models trained (and proposals answered from the replay dictionary), seconds, seconds
 * per trained model, and the time of the whole lesson: measured when it finished, otherwise
 * marked as a projection from the mean so far (the header's estimate does the same).
 *
 *   npx tsx bench/lesson-time.ts [--lesson metaqnn] [--paths auto,webgpu] [--models N]
 *       [--minutes M] [--json FILE]
 *   --models / --minutes stop each path after N trained models or M minutes (default: the whole
 *   lesson). Env: CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/fixtures/browser';
import { findLesson } from '../src/nas/lessons';
import { COMPUTE_PREFERENCES, isComputePreference, type ComputePreference } from '../src/train/compute';
import { markdownTable } from './table';

const { values } = parseArgs({
  options: {
    lesson: { type: 'string', default: 'metaqnn' },
    paths: { type: 'string', default: 'auto,webgpu' },
    models: { type: 'string' },
    minutes: { type: 'string' },
    json: { type: 'string' },
  },
});

interface Row {
  path: ComputePreference;
  backend: string;
  engine: boolean;
  trained: number;
  cached: number;
  planned: number;
  seconds: number;
  done: boolean;
  /** Validation accuracy of the best model. */
  best: number | null;
}

interface Snap {
  status: string;
  backend: string | null;
  compute: { engine: boolean };
  counts: { proposed: number; trained: number; cached: number; planned: number };
  bestReward: number | null;
}

async function timePath(url: string, lessonPatch: unknown, path: ComputePreference): Promise<Row> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.addInitScript((p) => localStorage.setItem('nas-playground.compute', p), path);
    await page.goto(url);
    await page.waitForFunction("'nasPlayground' in window");
    const api = (method: string, arg?: unknown): Promise<unknown> =>
      page.evaluate(
        ([m, a]) => (window as unknown as { nasPlayground: Record<string, (x?: unknown) => unknown> }).nasPlayground[m as string]!(a),
        [method, arg] as const,
      );
    await api('configure', lessonPatch);
    const snap = async (): Promise<Snap> => (await api('snapshot')) as Snap;
    const maxModels = values.models ? Number(values.models) : Infinity;
    const maxMs = values.minutes ? Number(values.minutes) * 60_000 : Infinity;
    const t0 = performance.now();
    await api('start');
    let s = await snap();
    for (;;) {
      await page.waitForTimeout(1000);
      s = await snap();
      const elapsed = performance.now() - t0;
      if (s.status === 'done' || s.status === 'error' || s.counts.trained >= maxModels || elapsed >= maxMs) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    if (s.status === 'error') throw new Error(`the run failed on ${path}`);
    return {
      path,
      backend: s.backend ?? '?',
      engine: s.compute.engine,
      trained: s.counts.trained,
      cached: s.counts.cached,
      planned: s.counts.planned,
      seconds,
      done: s.status === 'done',
      best: s.bestReward,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const lesson = findLesson(values.lesson);
  if (!lesson) throw new Error(`--lesson: no lesson '${values.lesson}'`);
  const paths = values.paths.split(',').map((p) => p.trim());
  for (const p of paths)
    if (!isComputePreference(p)) throw new Error(`--paths: '${p}' is not one of ${COMPUTE_PREFERENCES.join(', ')}`);
  const outDir = mkdtempSync(join(tmpdir(), 'lesson-bench-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ preview: { host: '127.0.0.1', port: 0 }, build: { outDir }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  const rows: Row[] = [];
  try {
    for (const path of paths as ComputePreference[]) {
      const row = await timePath(url, lesson.patch, path);
      rows.push(row);
      console.error(`${path}: ${row.trained} models in ${row.seconds.toFixed(0)} s`);
    }
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  console.log(`lesson '${lesson.id}' (${JSON.stringify(lesson.patch)}), one run per compute setting`);
  console.log(
    markdownTable(
      ['compute', 'tfjs', 'engine', 'trained', 'cached', 'seconds', 's/model', 'whole lesson', 'best val acc'],
      rows.map((r) => {
        const perModel = r.trained > 0 ? r.seconds / r.trained : NaN;
        const whole = r.done
          ? `${(r.seconds / 60).toFixed(1)} min`
          : `~${((perModel * r.planned) / 60).toFixed(0)} min (projected)`;
        return [
          r.path,
          r.backend,
          r.engine ? 'yes' : 'no',
          `${r.trained}/${r.planned}`,
          String(r.cached),
          r.seconds.toFixed(0),
          perModel.toFixed(1),
          whole,
          r.best === null ? '—' : r.best.toFixed(3),
        ];
      }),
      3,
    ),
  );
  if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
}

await main();
