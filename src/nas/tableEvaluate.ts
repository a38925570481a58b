/**
 * The tabular evaluator of the `nb201` space: the reward is NAS-Bench-201's 12-epoch validation
 * accuracy of the cell, looked up at once; the test accuracy is reported beside it and never
 * used for search. Results say where they come from: backend `nas-bench-201`.
 * Pure module: no DOM, React or tfjs.
 */
import type { TableDatasetId } from './config';
import type { Nb201Table } from './nb201Table';
import type { EvalResult, Evaluate } from './search';

/** The `backend` of every looked-up result. */
export const TABLE_BACKEND = 'nas-bench-201';

/** The accuracies of a NAS-Bench-201 cell on `dataset`, as an evaluation result. */
export function lookupResult(table: Nb201Table, dataset: TableDatasetId, cell: string): EvalResult {
  const { val, test } = table.lookup(cell).accuracy[dataset];
  return {
    accuracy: val,
    curve: [val],
    params: 0,
    trainMs: 0,
    backend: TABLE_BACKEND,
    restarts: 0,
    testAccuracy: test,
  };
}

/** An `Evaluate` that looks cells up in `table` instead of training them. */
export function tableEvaluator(table: Nb201Table, dataset: TableDatasetId): Evaluate {
  return async (arch, ctx) => {
    if (arch.space !== 'nb201') throw new Error(`Only NAS-Bench-201 cells are in the table, not ${ctx.net}`);
    return lookupResult(table, dataset, ctx.net);
  };
}
