/** The one-shot charts, each a `StoreChart` (store-fed, redraws paced by `RedrawThrottle`). */
import { AlphaHeatmap } from '../../../charts/AlphaHeatmap';
import { ArchDag } from '../../../charts';
import { EntropyChart } from '../../../charts/EntropyChart';
import { OpStackChart } from '../../../charts/OpStackChart';
import { SupernetCurves } from '../../../charts/SupernetCurves';
import { StoreChart } from '../../charts/StoreChart';
import type { DartsCellKind } from '../../../nas/spaces/darts';
import {
  alphaSource,
  curvesSource,
  dartsDerivedSource,
  derivedSource,
  entropySource,
  stackSource,
  viewChanged,
} from './sources';

const newAlphaHeatmap = (el: HTMLElement) => new AlphaHeatmap(el);
const newOpStackChart = (el: HTMLElement) => new OpStackChart(el);
const newEntropyChart = (el: HTMLElement) => new EntropyChart(el);
const newSupernetCurves = (el: HTMLElement) => new SupernetCurves(el);
const newArchDag = (el: HTMLElement) => new ArchDag(el);

/** The latest distribution, edges by ops. */
export function AlphaChart() {
  return (
    <StoreChart
      testId="oneshot.alpha.chart"
      create={newAlphaHeatmap}
      source={alphaSource}
      changed={viewChanged}
      className="oneshot-alpha-chart"
    />
  );
}

/** Each edge's weights over the steps, stacked. */
export function EdgesChart() {
  return (
    <StoreChart
      testId="oneshot.edges.chart"
      create={newOpStackChart}
      source={stackSource}
      changed={viewChanged}
      className="oneshot-edges-chart"
    />
  );
}

/** Mean entropy, and SNAS's temperature. */
export function EntropyLines() {
  return (
    <StoreChart
      testId="oneshot.entropy.chart"
      create={newEntropyChart}
      source={entropySource}
      changed={viewChanged}
      className="oneshot-entropy-chart"
    />
  );
}

/** The supernet's loss and accuracy per epoch. */
export function CurvesChart() {
  return (
    <StoreChart
      testId="oneshot.curves.chart"
      create={newSupernetCurves}
      source={curvesSource}
      changed={viewChanged}
      className="oneshot-curves-chart"
    />
  );
}

/** The derived cell's DAG. */
export function DerivedDag() {
  return (
    <StoreChart
      testId="oneshot.derived.dag"
      create={newArchDag}
      source={derivedSource}
      changed={viewChanged}
      className="oneshot-derived-chart"
    />
  );
}

const DARTS_SOURCES = { normal: dartsDerivedSource('normal'), reduce: dartsDerivedSource('reduce') };

/** One cell of the derived DARTS pair (the darts space). */
export function DartsDerivedDag({ kind }: { kind: DartsCellKind }) {
  return (
    <StoreChart
      testId={`oneshot.derived.dag.${kind}`}
      create={newArchDag}
      source={DARTS_SOURCES[kind]}
      changed={viewChanged}
      className="oneshot-derived-chart"
    />
  );
}
