/** The store-fed charts of the main screen, each a `StoreChart` with its data rule. */
import { ArchDag, EpsilonChart, QTableView, RewardChart, TrainingCurve } from '../../charts';
import { shownView, type AppState } from '../../store';
import { archData, createRewardData, describeNet, epsilonData, trainingData } from './chartData';
import { blockDagData } from './blockData';
import { cellPairDags, nasrlDagData, nb201DagData } from './cellDags';
import { dartsPairDags } from './dartsDags';
import { StoreChart } from './StoreChart';
import { createExplainQTableData } from '../explain/explainQTable';

// The charts draw the view the timeline scrubber shows (the live run unless scrubbed back).
const viewChanged = (next: AppState, prev: AppState) => shownView(next) !== shownView(prev);

const epsilonSource = () => (s: AppState) => epsilonData(shownView(s));
const newEpsilonChart = (el: HTMLElement) => new EpsilonChart(el);

export function EpsilonScheduleChart() {
  return (
    <StoreChart
      testId="chart.epsilon"
      create={newEpsilonChart}
      source={epsilonSource}
      changed={viewChanged}
    />
  );
}

const rewardSource = () => {
  const build = createRewardData();
  return (s: AppState) => build(shownView(s));
};
// `history` grows in place: the result count, not the array, says whether it changed.
const rewardChanged = (next: AppState, prev: AppState) =>
  shownView(next).history !== shownView(prev).history || shownView(next).counts !== shownView(prev).counts;
const newRewardChart = (el: HTMLElement) => new RewardChart(el);

export function RewardPerModelChart() {
  return (
    <StoreChart testId="chart.reward" create={newRewardChart} source={rewardSource} changed={rewardChanged} />
  );
}

// Explain mode shows the table as it stood at the step explained (src/ui/explain); otherwise the
// view the timeline scrubber shows.
const qtableSource = createExplainQTableData;
const qtableChanged = (next: AppState, prev: AppState) =>
  next.explainOn !== prev.explainOn ||
  next.explainCursor !== prev.explainCursor ||
  shownView(next).qUpdates !== shownView(prev).qUpdates ||
  shownView(next).lastTrajectory !== shownView(prev).lastTrajectory ||
  next.config !== prev.config ||
  shownView(next).events !== shownView(prev).events;
const newQTable = (el: HTMLElement) => new QTableView(el);

export function QTableChart() {
  return (
    <StoreChart
      testId="qtable"
      create={newQTable}
      source={qtableSource}
      changed={qtableChanged}
      className="qtable-host"
    />
  );
}

const trainingSource = () => (s: AppState) => trainingData(s.training);
const trainingChanged = (next: AppState, prev: AppState) => next.training !== prev.training;
const newTrainingCurve = (el: HTMLElement) => new TrainingCurve(el);

export function TrainingCurveChart() {
  return (
    <StoreChart
      testId="training.curve"
      create={newTrainingCurve}
      source={trainingSource}
      changed={trainingChanged}
    />
  );
}

const archSource = () => (s: AppState) => {
  const arch = shownView(s).lastProposal?.arch;
  if (arch === undefined) return null;
  switch (s.config.space) {
    case 'block':
      return blockDagData(arch, s.config);
    case 'nb201':
      return nb201DagData(arch);
    case 'nasrl':
      return nasrlDagData(arch);
    case 'cell':
      return cellPairDags(arch)?.normal ?? null;
    case 'darts':
      // The derived pair's normal cell (the one-shot panel draws both).
      return dartsPairDags(arch)?.normal ?? null;
    case 'layers':
      break;
  }
  const described = describeNet(arch, s.config);
  return described === null ? null : archData(described.layers);
};
const archChanged = (next: AppState, prev: AppState) =>
  shownView(next).lastProposal !== shownView(prev).lastProposal || next.config !== prev.config;
const newArchDag = (el: HTMLElement) => new ArchDag(el);

export function ArchDagChart() {
  return <StoreChart testId="arch.dag" create={newArchDag} source={archSource} changed={archChanged} />;
}

const reductionSource = () => (s: AppState) => {
  const arch = shownView(s).lastProposal?.arch;
  return arch === undefined ? null : (cellPairDags(arch)?.reduction ?? null);
};

/** The reduction cell of the latest NASNet proposal (`ArchDagChart` draws its normal cell). */
export function ReductionCellChart() {
  return (
    <StoreChart
      testId="arch.dag.reduction"
      create={newArchDag}
      source={reductionSource}
      changed={archChanged}
    />
  );
}
