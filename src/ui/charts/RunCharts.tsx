/** The store-fed charts of the main screen, each a `StoreChart` with its data rule. */
import { ArchDag, EpsilonChart, QTableView, RewardChart, TrainingCurve } from '../../charts';
import type { AppState } from '../../store';
import {
  archData,
  createQTableData,
  createRewardData,
  describeNet,
  epsilonData,
  trainingData,
} from './chartData';
import { blockDagData } from './blockData';
import { cellPairDags, nasrlDagData, nb201DagData } from './cellDags';
import { StoreChart } from './StoreChart';

const viewChanged = (next: AppState, prev: AppState) => next.view !== prev.view;

const epsilonSource = () => (s: AppState) => epsilonData(s.view);
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
  return (s: AppState) => build(s.view);
};
// `history` grows in place: the result count, not the array, says whether it changed.
const rewardChanged = (next: AppState, prev: AppState) =>
  next.view.history !== prev.view.history || next.view.counts !== prev.view.counts;
const newRewardChart = (el: HTMLElement) => new RewardChart(el);

export function RewardPerModelChart() {
  return (
    <StoreChart testId="chart.reward" create={newRewardChart} source={rewardSource} changed={rewardChanged} />
  );
}

const qtableSource = () => {
  const build = createQTableData();
  return (s: AppState) => build(s.view, s.config);
};
const qtableChanged = (next: AppState, prev: AppState) =>
  next.view.qUpdates !== prev.view.qUpdates ||
  next.view.lastTrajectory !== prev.view.lastTrajectory ||
  next.config !== prev.config ||
  next.view.events !== prev.view.events;
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
  const arch = s.view.lastProposal?.arch;
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
    case 'layers':
      break;
  }
  const described = describeNet(arch, s.config);
  return described === null ? null : archData(described.layers);
};
const archChanged = (next: AppState, prev: AppState) =>
  next.view.lastProposal !== prev.view.lastProposal || next.config !== prev.config;
const newArchDag = (el: HTMLElement) => new ArchDag(el);

export function ArchDagChart() {
  return <StoreChart testId="arch.dag" create={newArchDag} source={archSource} changed={archChanged} />;
}

const reductionSource = () => (s: AppState) => {
  const arch = s.view.lastProposal?.arch;
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
