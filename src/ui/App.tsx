/**
 * The main screen: header, a left column with the run controls and settings, and the panels
 * that show the search live. Laid out for a 1920×1080 projector and for laptops.
 */
import { useEffect } from 'react';
import { isTableDataset } from '../nas/config';
import { useAppStore } from '../store';
import { EpsilonScheduleChart, QTableChart, RewardPerModelChart } from './charts/RunCharts';
import { ArchPanel } from './components/ArchPanel';
import { ComparePanel } from './components/ComparePanel';
import { ConfigPanel } from './components/ConfigPanel';
import { Controls } from './components/Controls';
import { DebugReadout } from './components/DebugReadout';
import { Header } from './components/Header';
import { Leaderboard } from './components/Leaderboard';
import { Panel } from './components/Panel';
import { Nb201RunPanel } from './components/Nb201RunPanel';
import { StrategyComparePanel } from './components/StrategyComparePanel';
import { StrategyPanel } from './components/StrategyPanel';
import { TrainingPanel } from './components/TrainingPanel';
import { applyTheme } from './theme';

function EpsilonAside() {
  const epsilon = useAppStore((s) => s.view.epsilon);
  const steps = useAppStore((s) => s.view.schedule.length);
  return (
    <span className="chip">
      ε = {epsilon.epsilon} · step {epsilon.step + 1} / {steps}
    </span>
  );
}

function CountsAside() {
  const counts = useAppStore((s) => s.view.counts);
  return (
    <span className="chip" title="Proposals, of which answered from the replay dictionary">
      {counts.proposed} proposed · {counts.cached} cached
    </span>
  );
}

export function App() {
  const theme = useAppStore((s) => s.theme);
  const blocks = useAppStore((s) => s.config.strategy === 'blockqnn');
  const q = useAppStore((s) => s.config.strategy === 'metaqnn' || s.config.strategy === 'blockqnn');
  const table = useAppStore((s) => isTableDataset(s.config.dataset));
  useEffect(() => applyTheme(theme), [theme]);
  const rewardCaption = table
    ? 'NAS-Bench-201 validation accuracy of every proposal (looked up, not trained here); the line is the best so far.'
    : blocks
      ? 'The reward of every block (◇ its accuracy when the early-stop penalty applies); the line is the best so far.'
      : 'Validation accuracy of every proposal; the line is the best so far.';
  const rewardPanel = (
    <Panel title="Reward per model" caption={rewardCaption} aside={<CountsAside />} className="panel-reward">
      <RewardPerModelChart />
    </Panel>
  );
  const epsilonCaption = blocks
    ? 'Exploration falls batch by batch: ε is the chance of a random NSC at each step of a block.'
    : table
      ? 'Exploration falls as unique cells are looked up: ε is the chance of a random op on each edge.'
      : 'Exploration falls as unique models are trained: ε is the chance of a random layer.';
  // Q-learners show their schedule and Q-table; the other strategies their own view, which spans
  // the first column's two rows. The rest keeps its order.
  const learned = q ? (
    <>
      <Panel
        title="Epsilon schedule"
        caption={epsilonCaption}
        aside={<EpsilonAside />}
        className="panel-epsilon"
      >
        <EpsilonScheduleChart />
      </Panel>
      {rewardPanel}
      <Panel
        title="Q-table"
        caption="Expected reward of each action from each visited state; outlined: the last path."
        className="panel-qtable"
      >
        <QTableChart />
      </Panel>
    </>
  ) : (
    <>
      <StrategyPanel />
      {rewardPanel}
    </>
  );

  return (
    <div className="app">
      <Header />
      <aside className="sidebar">
        <Controls />
        <ConfigPanel />
        <DebugReadout />
      </aside>
      <main className="dashboard">
        {learned}
        <ArchPanel />
        {table ? <Nb201RunPanel /> : <TrainingPanel />}
        <Leaderboard />
        <ComparePanel />
        <StrategyComparePanel />
      </main>
    </div>
  );
}
