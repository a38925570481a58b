import { describe, expect, it } from 'vitest';
import { type RunConfig } from './config';
import { presetConfig } from './presets';
import { hashString } from './rng';
import type { ResultEvent, RunEvent } from './runlog';
import { RESULTS_CSV_COLUMNS, csvField, parseCsv, resultsCsv } from './resultsCsv';
import { SearchRun, type Evaluate } from './search';

/** A fake trainer: accuracy a fixed function of the net string, 2 epochs, 7 ms. */
const fakeEvaluate: Evaluate = async (_arch, { net }) => {
  const accuracy = hashString(net) / 2 ** 32;
  return { accuracy, curve: [accuracy / 2, accuracy], params: 42, trainMs: 7, backend: 'cpu', restarts: 0 };
};

async function loggedRun(config: RunConfig, steps: number): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (batch) => events.push(...batch));
  run.begin();
  for (let i = 0; i < steps && !run.done; i++) await run.step(fakeEvaluate);
  return events;
}

const results = (events: RunEvent[]) => events.filter((e): e is ResultEvent => e.type === 'result');

describe('csvField', () => {
  it('quotes only fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvField('C(4,1,1) SM(10)')).toBe('"C(4,1,1) SM(10)"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('GAP')).toBe('GAP');
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField(undefined)).toBe('');
    expect(csvField(false)).toBe('false');
  });
});

describe('resultsCsv', () => {
  it('has the header and one row per result of a MetaQNN run, with epsilon and cached flags', async () => {
    const config = presetConfig('test', 3);
    const events = await loggedRun(config, 8);
    const all = results(events);
    expect(all.length).toBe(8);
    const text = resultsCsv({ events });
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...RESULTS_CSV_COLUMNS]);
    expect(rows.length).toBe(1 + all.length);
    const col = (name: (typeof RESULTS_CSV_COLUMNS)[number]) => RESULTS_CSV_COLUMNS.indexOf(name);
    let elapsed = 0;
    all.forEach((result, i) => {
      const cells = rows[i + 1]!;
      expect(cells.length).toBe(RESULTS_CSV_COLUMNS.length);
      expect(Number(cells[col('model')])).toBe(result.index);
      expect(cells[col('arch')]).toBe(result.arch);
      expect(Number(cells[col('reward')])).toBe(result.reward);
      expect(Number(cells[col('accuracy')])).toBe(result.accuracy);
      expect(cells[col('cached')]).toBe(String(result.cached));
      expect(cells[col('epochs')]).toBe(result.cached ? String(result.curve.length) : '2');
      const propose = events.find((e) => e.type === 'propose' && e.index === result.index);
      expect(Number(cells[col('epsilon')])).toBe(propose?.type === 'propose' ? propose.epsilon : NaN);
      expect(cells[col('origin')]).toBe('');
      elapsed += result.trainMs;
      expect(Number(cells[col('elapsed_train_ms')])).toBe(elapsed);
    });
    // The arch strings hold commas, so they must be quoted in the raw text.
    expect(text).toContain(`"${all.find((r) => r.arch.includes(','))!.arch}"`);
  });

  it('fills origin for regularized evolution and leaves epsilon empty', async () => {
    const config: RunConfig = { ...presetConfig('test', 5), strategy: 'evolution', space: 'layers' };
    const events = await loggedRun(config, 4);
    const rows = parseCsv(resultsCsv({ events })).slice(1);
    expect(rows.length).toBe(results(events).length);
    for (const cells of rows) {
      expect(cells[RESULTS_CSV_COLUMNS.indexOf('origin')]).toMatch(/^(random|mutation)$/);
      expect(cells[RESULTS_CSV_COLUMNS.indexOf('epsilon')]).toBe('');
    }
  });

  it('is the header alone for a run without results', () => {
    expect(parseCsv(resultsCsv({ events: [] }))).toEqual([[...RESULTS_CSV_COLUMNS]]);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","d""e","f\r\ng"\r\n1,,3,4\r\n')).toEqual([
      ['a', 'b,c', 'd"e', 'f\r\ng'],
      ['1', '', '3', '4'],
    ]);
  });
});
