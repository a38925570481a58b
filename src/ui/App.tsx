/**
 * The main screen: header, a left column with the run controls and settings, and the panels
 * that show the search live. Laid out for a 1920×1080 projector and for laptops.
 */
import { useEffect } from 'react';
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
  useEffect(() => applyTheme(theme), [theme]);

  return (
    <div className="app">
      <Header />
      <aside className="sidebar">
        <Controls />
        <ConfigPanel />
        <DebugReadout />
      </aside>
      <main className="dashboard">
        <Panel
          title="Epsilon schedule"
          caption={
            blocks
              ? 'Exploration falls batch by batch: ε is the chance of a random NSC at each step of a block.'
              : 'Exploration falls as unique models are trained: ε is the chance of a random layer.'
          }
          aside={<EpsilonAside />}
          className="panel-epsilon"
        >
          <EpsilonScheduleChart />
        </Panel>
        <Panel
          title="Reward per model"
          caption={
            blocks
              ? 'The reward of every block (◇ its accuracy when the early-stop penalty applies); the line is the best so far.'
              : 'Validation accuracy of every proposal; the line is the best so far.'
          }
          aside={<CountsAside />}
          className="panel-reward"
        >
          <RewardPerModelChart />
        </Panel>
        <Panel
          title="Q-table"
          caption="Expected reward of each action from each visited state; outlined: the last path."
          className="panel-qtable"
        >
          <QTableChart />
        </Panel>
        <ArchPanel />
        <TrainingPanel />
        <Leaderboard />
        <ComparePanel />
      </main>
    </div>
  );
}
