/**
 * The Q-table chart's data in explain mode: the table as it stood at the step shown, with the
 * cell the step is about in focus. A choice outlines the path so far and the state's other legal
 * actions; an update outlines the next state's actions, whose max entered the equation. The
 * colours keep one scale over the whole log (ExplainIndex.domain).
 */
import type { QTableCellRef, QTableData } from '../../charts';
import { shownView, type AppState } from '../../store';
import type { RunView } from '../../store/runView';
import { createQTableData } from '../charts/chartData';
import { explainStepsOf } from './explainSteps';

/** A builder for `StoreChart`: the usual Q-table outside explain mode, the step's table in it. */
export function createExplainQTableData(): (s: AppState) => QTableData {
  const build = createQTableData();
  return (s) => {
    const steps = s.explainOn ? explainStepsOf(s.view) : null;
    const step = steps?.at(s.explainCursor) ?? null;
    // A one-shot step has no Q-table (the chart is not shown for one-shot runs).
    if (steps === null || step === null || step.kind === 'oneshot') return build(shownView(s), s.config);
    const proposal = s.view.proposals[step.proposal];
    const qValues = steps.qValuesAt(s.explainCursor);
    let highlight: QTableCellRef[];
    let focus: QTableCellRef;
    // Rows whose every legal action is outlined: the chosen state's, or the next state's.
    let outlined: string | null;
    if (step.kind === 'choice') {
      highlight = (proposal?.trajectory ?? []).slice(0, step.step + 1);
      focus = { state: step.state, action: step.action };
      outlined = step.state;
    } else {
      const { state, action, nextState } = step.update;
      highlight = [{ state, action }];
      focus = { state, action };
      outlined = nextState === 'T' ? null : nextState;
    }
    // Listed even before any of its values changed, so its initial Q-values show.
    if (outlined !== null && !qValues.has(outlined)) qValues.set(outlined, new Map());
    // The chart lists every state of the table then; its path rows come from `lastTrajectory`.
    const view: RunView = { ...s.view, qValues, lastTrajectory: highlight, lastLearned: [] };
    const data = build(view, s.config);
    const row = data.rows.find((r) => r.state === outlined);
    const touched = row ? row.actions.map((a) => ({ state: row.state, action: a.action })) : [];
    // One colour scale for the whole log: a value keeps its colour from step to step.
    const colorDomain = steps.domain(data.initialQ);
    return { ...data, highlight, touched, focus, colorDomain };
  };
}
