/**
 * A one-shot run's supernet as CSV (RFC 4180), for a spreadsheet or a paper's figure: the curves
 * (one row per epoch: losses, accuracies, wall-clock time, and the entropy and temperature of
 * the epoch's last snapshot) and the architecture weights (one row per snapshot, edge and op).
 * Pure module: no DOM, React or tfjs.
 */
import { csvField } from '../resultsCsv';
import type { RunLog } from '../runlog';
import { oneShotSpace } from './spaces';
import type { OneShotEpochEvent, OneShotStepEvent } from './events';

export const CURVES_CSV_COLUMNS = [
  'epoch',
  'step',
  'train_loss',
  'train_accuracy',
  'val_loss',
  'val_accuracy',
  'elapsed_ms',
  'entropy',
  'temperature',
] as const;

export const WEIGHTS_CSV_COLUMNS = ['step', 'epoch', 'edge', 'from', 'to', 'op', 'weight'] as const;

const lines = (header: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  [header, ...rows]
    .map((r) => r.map((v) => csvField(v as string | number | undefined)).join(','))
    .join('\r\n') + '\r\n';

/** One row per `oneshot-epoch` of the log, epochs numbered from 1 as the UI shows them. */
export function supernetCurvesCsv(log: RunLog): string {
  const epochs = log.events.filter((e): e is OneShotEpochEvent => e.type === 'oneshot-epoch');
  const snapshots = log.events.filter((e): e is OneShotStepEvent => e.type === 'oneshot-step');
  const rows = epochs.map((e) => {
    const last = snapshots.findLast((s) => s.epoch === e.epoch);
    return [
      e.epoch + 1,
      e.step,
      e.trainLoss,
      e.trainAccuracy,
      e.valLoss,
      e.valAccuracy,
      e.elapsedMs,
      last?.entropy,
      last?.temperature,
    ];
  });
  return lines(CURVES_CSV_COLUMNS, rows);
}

/** One row per snapshot, edge and op: the architecture distribution over time (long format). */
export function architectureWeightsCsv(log: RunLog): string {
  const rows: unknown[][] = [];
  // darts: rows 1-14 the normal cell's edges, 15-28 the reduction cell's; inputs c_{k-2}, c_{k-1}.
  const space = oneShotSpace(log.config.space);
  for (const e of log.events) {
    if (e.type !== 'oneshot-step') continue;
    e.weights.forEach((row, edge) =>
      row.forEach((weight, op) => {
        const { from, to } = edge < space.edges ? space.edgeLabel(edge) : { from: undefined, to: undefined };
        const fromCell = from === undefined || Number.isNaN(Number(from)) ? from : Number(from);
        const toCell = to === undefined ? to : Number(to);
        rows.push([e.step, e.epoch + 1, edge + 1, fromCell, toCell, space.ops[op] ?? op, weight]);
      }),
    );
  }
  return lines(WEIGHTS_CSV_COLUMNS, rows);
}
