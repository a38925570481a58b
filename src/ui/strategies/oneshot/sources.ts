/**
 * The store rules of the one-shot charts: what each draws (`source`) and when to ask for a redraw
 * (`viewChanged`). The fold appends to its arrays in place, so a source keys its last data by
 * the array and its length and hands the same object back when its part did not change; the
 * charts skip a redraw for the same object, and `RedrawThrottle` (in `StoreChart`) paces the rest.
 */
import type { AlphaHeatmapData } from '../../../charts/AlphaHeatmap';
import type { ArchDagData } from '../../../charts';
import { chartLanguage, chartText } from '../../../charts/chartText';
import type { EntropyChartData } from '../../../charts/EntropyChart';
import type { OpStackChartData } from '../../../charts/OpStackChart';
import type { SupernetCurvesData } from '../../../charts/SupernetCurves';
import { oneShotOf, type OneShotView } from '../../../nas/oneshot/view';
import type { DartsCellKind } from '../../../nas/spaces/darts';
import { shownView, type AppState } from '../../../store';
import { nb201DagData } from '../../charts/cellDags';
import { dartsDagData } from '../../charts/dartsDags';
import {
  alphaGrid,
  chosenWeights,
  edgeStacks,
  entropySeries,
  epochCurves,
  maxEntropyOf,
  spaceOfView,
} from './oneShotData';

/** The one-shot part of the view the timeline shows (the live run unless scrubbed back). */
export const shownOneShot = (s: AppState): OneShotView => oneShotOf(shownView(s).strategyView);

/** A redraw may be due when the shown run's one-shot view is a new object (one per event it folds). */
export const viewChanged = (next: AppState, prev: AppState): boolean =>
  shownView(next).strategyView !== shownView(prev).strategyView;

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** A `StoreChart` source building `build(view)` again only when `keyOf(view)` changes. */
function keyedSource<D>(
  keyOf: (view: OneShotView) => readonly unknown[],
  build: (view: OneShotView) => D | null,
): () => (s: AppState) => D | null {
  return () => {
    let lastKey: readonly unknown[] | null = null;
    let last: D | null = null;
    return (s) => {
      const view = shownOneShot(s);
      const key = keyOf(view);
      if (lastKey !== null && sameKey(key, lastKey)) return last;
      lastKey = key;
      last = build(view);
      return last;
    };
  };
}

const bySnapshots = (v: OneShotView) => [v.snapshots, v.snapshots.length];

/** Rows by ops; on the darts space the normal cell's 14 rows (N) above the reduction cell's (R). */
export const alphaSource = keyedSource<AlphaHeatmapData>(bySnapshots, (view) => {
  const space = spaceOfView(view);
  const grid = alphaGrid(view);
  return {
    ops: space.ops,
    rows: grid?.edges ?? Array.from({ length: space.edges }, (_, edge) => String(edge)),
    values: grid?.values ?? null,
  };
});

export const stackSource = keyedSource<OpStackChartData>(bySnapshots, (view) => ({
  ops: spaceOfView(view).ops,
  facets: edgeStacks(view.snapshots).map((s) => ({ title: s.edge, steps: s.steps, bands: s.layers })),
}));

export const entropySource = keyedSource<EntropyChartData>(bySnapshots, (view) => ({
  points: entropySeries(view.snapshots),
  maxEntropy: maxEntropyOf(spaceOfView(view)),
}));

export const curvesSource = keyedSource<SupernetCurvesData>(
  (v) => [v.epochs, v.epochs.length],
  (view) => ({ epochs: epochCurves(view.epochs) }),
);

/**
 * The derived cell as the app draws NAS-Bench-201 cells, each op box giving the weight its edge
 * ended with in place of the edge's name, which the arrows show (the DAG draws edges of one
 * width, so the weight is written, not drawn; a short detail keeps the boxes narrow).
 */
export const derivedSource = keyedSource<ArchDagData>(
  (v) => [v.derived, v.snapshots.length, chartLanguage()],
  (view) => {
    if (!view.derived) return null;
    if (spaceOfView(view).id === 'darts') return null;
    const dag = nb201DagData(view.derived.arch);
    if (!dag) return null;
    const weights = chosenWeights(view);
    return {
      ...dag,
      nodes: dag.nodes.map((node) => {
        const edge = /^e(\d)$/.exec(node.id)?.[1];
        const weight = edge === undefined ? null : weights[Number(edge)];
        return weight === null || weight === undefined
          ? node
          : {
              ...node,
              detail: chartText('oneshot.weightDetail', { weight: weight.toFixed(2) }),
            };
      }),
    };
  },
);

/**
 * One cell of a derived DARTS pair (the darts space), each kept op's box giving the weight its
 * edge ended with, as `derivedSource` does for nb201. Null before the derivation.
 */
export const dartsDerivedSource = (kind: DartsCellKind) =>
  keyedSource<ArchDagData>(
    (v) => [v.derived, v.snapshots.length, chartLanguage()],
    (view) => {
      if (!view.derived || spaceOfView(view).id !== 'darts') return null;
      const dag = dartsDagData(view.derived.ops, kind);
      const weights = chosenWeights(view);
      return {
        ...dag,
        nodes: dag.nodes.map((node) => {
          const row = /^e(\d+)$/.exec(node.id)?.[1];
          const weight = row === undefined ? null : weights[Number(row)];
          return weight === null || weight === undefined
            ? node
            : { ...node, detail: chartText('oneshot.weightDetail', { weight: weight.toFixed(2) }) };
        }),
      };
    },
  );
