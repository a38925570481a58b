/**
 * The main screen: header, a left column with the run controls and settings, and the panels
 * that show the search live. Laid out for a 1920×1080 projector and for laptops.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isTableDataset } from '../nas/config';
import { shownView, useAppStore } from '../store';
import { EpsilonScheduleChart, QTableChart, RewardPerModelChart } from './charts/RunCharts';
import { ArchPanel } from './components/ArchPanel';
import { ConfigPanel } from './components/ConfigPanel';
import { ImportRun } from './components/ImportRun';
import { ComputeSelect } from './components/ComputeSelect';
import { Controls } from './components/Controls';
import { DebugReadout } from './components/DebugReadout';
import { Header } from './components/Header';
import { Leaderboard } from './components/Leaderboard';
import { LessonPicker } from './components/LessonPicker';
import { Panel } from './components/Panel';
import { LinkProblems, ShareButton } from './components/ShareLink';
import { Nb201RunPanel } from './components/Nb201RunPanel';
import { StrategyComparePanel } from './components/StrategyComparePanel';
import { RunsPanel } from './components/RunsPanel';
import { DatasetPanel } from './data/DatasetPanel';
import { StorageWarning } from './components/StorageWarning';
import { StrategyPanel } from './components/StrategyPanel';
import { findViews } from './strategies';
import { isQConfig } from '../nas/qsearch';
import { TimelineScrubber } from './components/TimelineScrubber';
import { TrainingPanel } from './components/TrainingPanel';
import { applyTheme } from './theme';
import { useController } from './controllerContext';
import { ExplainPanel } from './explain/ExplainPanel';
import { HelpPanel } from './explain/HelpPanel';
import { useShortcuts } from './explain/useShortcuts';

function EpsilonAside() {
  const { t } = useTranslation('panels');
  const epsilon = useAppStore((s) => shownView(s).epsilon);
  const steps = useAppStore((s) => shownView(s).schedule.length);
  return (
    <span className="chip">
      {t('epsilonChip', { epsilon: epsilon.epsilon, step: epsilon.step + 1, steps })}
    </span>
  );
}

function CountsAside() {
  const { t } = useTranslation('panels');
  const counts = useAppStore((s) => shownView(s).counts);
  return (
    <span className="chip" title={t('countsTitle')}>
      {t('counts', { proposed: counts.proposed, cached: counts.cached })}
    </span>
  );
}

export function App() {
  const { t } = useTranslation('panels');
  const theme = useAppStore((s) => s.theme);
  const views = useAppStore((s) => findViews(s.config.strategy));
  const blocks = views?.unit === 'blocks';
  const q = useAppStore((s) => isQConfig(s.config));
  const ExtraPanel = views?.ExtraPanel;
  const table = useAppStore((s) => isTableDataset(s.config.dataset));
  useEffect(() => applyTheme(theme), [theme]);
  const explainOn = useAppStore((s) => s.explainOn);
  useShortcuts(useController());
  const rewardCaption = t(table ? 'reward.table' : blocks ? 'reward.blocks' : 'reward.models');
  const rewardPanel = (
    <Panel title={t('reward.title')} caption={rewardCaption} aside={<CountsAside />} className="panel-reward">
      <RewardPerModelChart />
    </Panel>
  );
  const epsilonCaption = t(blocks ? 'epsilon.blocks' : table ? 'epsilon.table' : 'epsilon.models');
  // Q-learners show their schedule and Q-table; the other strategies their own view, which spans
  // the first column's two rows. The rest keeps its order.
  const learned = q ? (
    <>
      <Panel
        title={t('epsilon.title')}
        caption={epsilonCaption}
        aside={<EpsilonAside />}
        className="panel-epsilon"
      >
        <EpsilonScheduleChart />
      </Panel>
      {rewardPanel}
      <Panel title={t('qtable.title')} caption={t('qtable.caption')} className="panel-qtable">
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
        <LinkProblems />
        <StorageWarning />
        <Controls />
        <ComputeSelect />
        <TimelineScrubber />
        <LessonPicker />
        {/* What a user picks first (strategy, space, dataset, fidelity) on the first screen. */}
        <ConfigPanel />
        <ShareButton />
        <ImportRun />
        <DatasetPanel />
        <RunsPanel />
        <DebugReadout />
      </aside>
      <main className="dashboard">
        {explainOn && <ExplainPanel />}
        {learned}
        <ArchPanel />
        {table ? <Nb201RunPanel /> : <TrainingPanel />}
        <Leaderboard />
        {ExtraPanel && <ExtraPanel />}
        <StrategyComparePanel />
      </main>
      <HelpPanel />
    </div>
  );
}
