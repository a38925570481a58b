/**
 * The results table of a run as CSV (RFC 4180): one row per `result` event, in proposal order,
 * with the epsilon and origin of its proposal where the strategy has them.
 * Pure module: no DOM, React or tfjs.
 */
import type { ProposeEvent, ResultEvent, RunLog } from './runlog';

/** Columns of the results CSV, in order. */
export const RESULTS_CSV_COLUMNS = [
  'model',
  'arch',
  'reward',
  'accuracy',
  'params',
  'epochs',
  'restarts',
  'cached',
  'epsilon',
  'origin',
  'train_ms',
  'elapsed_train_ms',
  'backend',
  'test_accuracy',
  'flops',
  'density',
] as const;

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The row of one result; `elapsed` is the training time of the run up to and including it, ms. */
function row(result: ResultEvent, proposal: ProposeEvent | undefined, elapsed: number): string {
  const cells: Record<(typeof RESULTS_CSV_COLUMNS)[number], string | number | boolean | undefined> = {
    model: result.index,
    arch: result.arch,
    reward: result.reward,
    accuracy: result.accuracy,
    params: result.params,
    epochs: result.curve.length,
    restarts: result.restarts,
    cached: result.cached,
    epsilon: proposal?.epsilon,
    origin: proposal?.origin,
    train_ms: Math.round(result.trainMs),
    elapsed_train_ms: Math.round(elapsed),
    backend: result.backend,
    test_accuracy: result.testAccuracy,
    flops: result.flops,
    density: result.density,
  };
  return RESULTS_CSV_COLUMNS.map((column) => csvField(cells[column])).join(',');
}

/** Every result of `log` as CSV with a header line; CRLF line ends as RFC 4180 asks. */
export function resultsCsv(log: Pick<RunLog, 'events'>): string {
  const proposals = new Map<number, ProposeEvent>();
  const lines: string[] = [RESULTS_CSV_COLUMNS.join(',')];
  let elapsed = 0;
  for (const event of log.events) {
    if (event.type === 'propose') proposals.set(event.index, event);
    else if (event.type === 'result') {
      elapsed += event.trainMs;
      lines.push(row(event, proposals.get(event.index), elapsed));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows of an RFC 4180 CSV text (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
