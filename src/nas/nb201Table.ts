/**
 * Tabular NAS-Bench-201 (Dong & Yang, ICLR 2020): the 12-epoch accuracies of all 15,625 cells,
 * looked up instead of trained. The data comes in as the parsed JSON of
 * src/data/nb201/nb201-12epoch.json (format in its README), so this module loads nothing itself.
 * Pure module: no DOM, React or tfjs.
 */
import {
  NB201_CELL_COUNT,
  NB201_OPS,
  cellCode,
  cellString,
  parseCellString,
  type Nb201Cell,
  type Nb201Op,
} from './spaces/nb201';

/** The benchmark datasets, as dataset ids of a run. */
export type Nb201DatasetId = 'nb201-cifar10' | 'nb201-cifar100' | 'nb201-imagenet16-120';

/** Every NAS-Bench-201 dataset id, in the table's column order. */
export const NB201_DATASETS: readonly Nb201DatasetId[] = [
  'nb201-cifar10',
  'nb201-cifar100',
  'nb201-imagenet16-120',
];

/** Top-1 accuracies of one cell on one dataset, as fractions in [0, 1]. */
export interface Nb201Accuracy {
  /** Validation accuracy: the search's reward. */
  readonly val: number;
  /** Test accuracy: for reporting only. */
  readonly test: number;
}

/** One row of the benchmark. */
export interface Nb201Entry {
  /** The benchmark's architecture index, 0..15,624. */
  readonly index: number;
  /** Canonical cell string. */
  readonly cell: string;
  readonly ops: Nb201Cell;
  readonly accuracy: Readonly<Record<Nb201DatasetId, Nb201Accuracy>>;
}

const FORMAT = 'nb201-12epoch';
const COLUMNS = [
  'cell',
  'cifar10-val',
  'cifar10-test',
  'cifar100-val',
  'cifar100-test',
  'imagenet16-120-val',
  'imagenet16-120-test',
];
/** Stored integers are ten-thousandths of a percent. */
const UNITS_PER_ONE = 1e6;
const CELL_DIGITS_RE = /^[0-4]{6}$/;

/**
 * Validates the parsed JSON of nb201-12epoch.json and returns its rows in index order; throws
 * an Error naming the first problem.
 */
export function parseNb201Json(json: unknown): Nb201Entry[] {
  const bad = (why: string): Error => new Error(`Not an ${FORMAT} table: ${why}`);
  if (typeof json !== 'object' || json === null) throw bad('expected a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== FORMAT || o.version !== 1) throw bad(`format must be "${FORMAT}", version 1`);
  if (!Array.isArray(o.ops) || o.ops.join() !== NB201_OPS.join())
    throw bad(`ops must be ${NB201_OPS.join(', ')}`);
  if (!Array.isArray(o.columns) || o.columns.join() !== COLUMNS.join()) {
    throw bad(`columns must be ${COLUMNS.join(', ')}`);
  }
  const rows = o.rows;
  if (!Array.isArray(rows) || rows.length !== NB201_CELL_COUNT) {
    throw bad(`expected ${NB201_CELL_COUNT} rows`);
  }
  const seen = new Set<string>();
  return rows.map((row: unknown, index): Nb201Entry => {
    if (!Array.isArray(row) || row.length !== COLUMNS.length) throw bad(`row ${index} must have 7 fields`);
    const [digits, ...values] = row as unknown[];
    if (typeof digits !== 'string' || !CELL_DIGITS_RE.test(digits)) {
      throw bad(`row ${index}: the cell must be 6 digits 0..4, got ${JSON.stringify(digits)}`);
    }
    if (seen.has(digits)) throw bad(`row ${index}: cell ${digits} appears twice`);
    seen.add(digits);
    const fractions = values.map((v, c) => {
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > UNITS_PER_ONE) {
        throw bad(`row ${index}, ${COLUMNS[c + 1]}: expected an integer in 0..1e6, got ${JSON.stringify(v)}`);
      }
      return (v as number) / UNITS_PER_ONE;
    });
    const ops = Array.from(digits, (d) => NB201_OPS[Number(d)] as Nb201Op) as unknown as Nb201Cell;
    const acc = (d: number): Nb201Accuracy => ({
      val: fractions[2 * d] as number,
      test: fractions[2 * d + 1] as number,
    });
    return {
      index,
      cell: cellString(ops),
      ops,
      accuracy: { 'nb201-cifar10': acc(0), 'nb201-cifar100': acc(1), 'nb201-imagenet16-120': acc(2) },
    };
  });
}

/** Lookups, ranks and the accuracy distribution of the 15,625 cells. */
export class Nb201Table {
  private readonly rows: readonly Nb201Entry[];
  /** Benchmark index by `cellCode`. */
  private readonly indexByCode = new Int32Array(NB201_CELL_COUNT).fill(-1);
  /** Validation accuracies per dataset, ascending. */
  private readonly sortedVal = new Map<Nb201DatasetId, Float64Array>();
  /** `best` and `worst` per dataset, found once (the table never changes). */
  private readonly bestOf = new Map<Nb201DatasetId, Nb201Entry>();
  private readonly worstOf = new Map<Nb201DatasetId, Nb201Entry>();

  /** `entries`: every cell once, `entries[i].index === i` (as `parseNb201Json` returns them). */
  constructor(entries: readonly Nb201Entry[]) {
    if (entries.length !== NB201_CELL_COUNT) {
      throw new Error(`A NAS-Bench-201 table has ${NB201_CELL_COUNT} cells, got ${entries.length}`);
    }
    entries.forEach((e, i) => {
      if (e.index !== i) throw new Error(`Entry ${i} has index ${e.index}: entries must be in index order`);
      const code = cellCode(e.ops);
      if (this.indexByCode[code] !== -1) throw new Error(`Cell ${e.cell} appears twice`);
      this.indexByCode[code] = i;
    });
    this.rows = entries;
    for (const d of NB201_DATASETS) {
      this.sortedVal.set(d, Float64Array.from(entries, (e) => e.accuracy[d].val).sort());
    }
  }

  /** A table from the parsed JSON of nb201-12epoch.json. */
  static fromJson(json: unknown): Nb201Table {
    return new Nb201Table(parseNb201Json(json));
  }

  /** Number of cells (15,625). */
  get size(): number {
    return this.rows.length;
  }

  /** Every entry in index order. */
  get entries(): readonly Nb201Entry[] {
    return this.rows;
  }

  /** The entry of benchmark index `index`. */
  at(index: number): Nb201Entry {
    const e = Number.isInteger(index) ? this.rows[index] : undefined;
    if (!e)
      throw new Error(`A NAS-Bench-201 index is an integer in 0..${this.rows.length - 1}, got ${index}`);
    return e;
  }

  /** The benchmark index of a cell (not its lexicographic `cellCode`). */
  indexOf(ops: readonly Nb201Op[]): number {
    return this.indexByCode[cellCode(ops)] as number;
  }

  /** The ops of benchmark index `index`. */
  opsAt(index: number): Nb201Cell {
    return this.at(index).ops;
  }

  /** The entry of a cell, given as a cell string (parsed, errors thrown as is) or as ops. */
  lookup(cell: string | readonly Nb201Op[]): Nb201Entry {
    const ops = typeof cell === 'string' ? parseCellString(cell) : cell;
    return this.at(this.indexOf(ops));
  }

  /** Validation accuracies of `dataset`, ascending, one per cell (for a distribution plot). */
  sortedValAccuracies(dataset: Nb201DatasetId): Float64Array {
    return (this.sortedVal.get(dataset) as Float64Array).slice();
  }

  /**
   * Rank of a validation accuracy on `dataset` among all cells: 1 + the number of cells with a
   * strictly higher validation accuracy, so tied cells share the best rank (1 = the best).
   */
  rank(valAccuracy: number, dataset: Nb201DatasetId): number {
    const sorted = this.sortedVal.get(dataset) as Float64Array;
    return 1 + sorted.length - upperBound(sorted, valAccuracy);
  }

  /**
   * Percentile of a validation accuracy on `dataset`: the percentage of cells whose validation
   * accuracy is at most it (ties count as beaten), so the best cell is at 100.
   */
  percentile(valAccuracy: number, dataset: Nb201DatasetId): number {
    const sorted = this.sortedVal.get(dataset) as Float64Array;
    return (100 * upperBound(sorted, valAccuracy)) / sorted.length;
  }

  /** The cell of highest validation accuracy on `dataset` (the lowest index among ties). */
  best(dataset: Nb201DatasetId): Nb201Entry {
    // Views ask at every update; a scan of the 15,625 cells each time was a long main-thread task.
    let best = this.bestOf.get(dataset);
    if (!best) {
      best = this.rows.reduce((b, e) => (e.accuracy[dataset].val > b.accuracy[dataset].val ? e : b));
      this.bestOf.set(dataset, best);
    }
    return best;
  }

  /** The cell of lowest validation accuracy on `dataset` (the lowest index among ties). */
  worst(dataset: Nb201DatasetId): Nb201Entry {
    let worst = this.worstOf.get(dataset);
    if (!worst) {
      worst = this.rows.reduce((w, e) => (e.accuracy[dataset].val < w.accuracy[dataset].val ? e : w));
      this.worstOf.set(dataset, worst);
    }
    return worst;
  }
}

/** Number of elements of the ascending `sorted` that are <= x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
