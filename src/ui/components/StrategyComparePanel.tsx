/**
 * The compare view (SPEC §6): pick strategies, a space, a budget of models, a fidelity and a
 * number of seeds; a worker of its own runs every (seed, strategy) with one shared result cache
 * and the chart draws the regret against models evaluated or against seconds of measured
 * training, mean and min–max band over seeds. One-shot strategies take part where the space's
 * cells are trained (`nb201.evaluate: 'train'`), as one point each. Results export as CSV and JSON.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RegretChart } from '../../charts/RegretChart';
import { COMPARE_LIMITS, compareMixProblem, compareProblem, type CompareSpec } from '../../nas/compare';
import {
  FIDELITIES,
  isTableDataset,
  type DatasetId,
  type FidelityId,
  type SpaceId,
  type StrategyId,
} from '../../nas/config';
import { findStrategy, strategyDefinitions } from '../../nas/strategies';
import { useAppStore } from '../../store';
import { D3Chart } from '../charts/D3Chart';
import {
  COMPARE_AXES,
  compareChartData,
  compareCsv,
  type CompareAxis,
  compareJson,
  compareSummary,
  strategyName,
} from '../charts/compareData';
import { useController } from '../controllerContext';
import { downloadText } from '../download';
import { percent } from '../format';
import { useMessageText } from '../messageText';
import { useNb201Table } from '../nb201Table';
import { Panel } from './Panel';

/** The spaces a comparison can search, named by `compare:spaces.<space>`. */
const COMPARE_SPACES: SpaceId[] = ['nb201', 'layers', 'nasrl', 'cell'];
const newChart = (el: HTMLElement) => new RegretChart(el);

/** Whether strategy `id` can search `space`. */
const searches = (id: StrategyId, space: SpaceId) => findStrategy(id)?.spaces.includes(space) ?? false;

/** Strategies that can search `space`, in registry order: sample-based ones, then one-shot ones
 * (which take part where the space's cells are trained, as one point each). */
const strategiesFor = (space: SpaceId, family: 'sample' | 'oneshot' = 'sample') =>
  strategyDefinitions()
    .filter((d) => d.family === family)
    .map((d) => d.id as StrategyId)
    .filter((id) => searches(id, space));

export function StrategyComparePanel() {
  const { t, i18n } = useTranslation('compare');
  const messageText = useMessageText();
  const controller = useController();
  const seed = useAppStore((s) => s.config.seed);
  const comparison = useAppStore((s) => s.comparison);
  const [space, setSpace] = useState<SpaceId>('nb201');
  const [picked, setPicked] = useState<StrategyId[]>(strategiesFor('nb201'));
  const [budget, setBudget] = useState(100);
  const [seeds, setSeeds] = useState(3);
  const runFidelity = useAppStore((s) => s.config.fidelity);
  const [fidelity, setFidelity] = useState<FidelityId | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [axis, setAxis] = useState<CompareAxis>('models');
  const base = useAppStore((s) => s.config);
  const { table } = useNb201Table(space === 'nb201' || comparison?.spec.space === 'nb201');
  const running = comparison?.status === 'running';

  const spec: CompareSpec = {
    strategies: picked.filter((s) => searches(s, space)),
    space,
    budget,
    seeds: Array.from({ length: seeds }, (_, i) => seed + i),
    ...(fidelity === null ? {} : { fidelity }),
  };
  // Ranks among the table's cells only where the accuracies were looked up there; and looked-up
  // cells take no training time, so seconds say nothing of them.
  const onTable = comparison?.spec.space === 'nb201' && isTableDataset(comparison.dataset as DatasetId);
  const shownAxis: CompareAxis = onTable ? 'models' : axis;
  // The chart's and the table's names are words: rebuilt when the language switches.
  const language = i18n.language;
  const chart = useMemo(
    () => (comparison && language ? compareChartData(comparison, table, shownAxis) : null),
    [comparison, table, language, shownAxis],
  );
  const summary = useMemo(
    () => (comparison && language ? compareSummary(comparison, table) : []),
    [comparison, table, language],
  );

  const run = () => {
    const problem = compareProblem(spec);
    if (problem) {
      setError(problem);
      return;
    }
    const mix = compareMixProblem(base, spec);
    if (mix) {
      setError(messageText(mix));
      return;
    }
    setError(null);
    controller
      .compareStrategies(spec)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const toggle = (s: StrategyId) => setPicked((p) => (p.includes(s) ? p.filter((x) => x !== s) : [...p, s]));
  const total = comparison ? comparison.spec.strategies.length * comparison.spec.seeds.length : 0;

  return (
    <Panel
      title={t('title')}
      caption={t('caption')}
      className="panel-strategy-compare"
      aside={
        comparison ? (
          <span
            className="chip"
            data-testid="compare.status"
            data-status={comparison.status}
            data-runs={comparison.runs.length}
          >
            {t('chip', {
              status: t(`status.${comparison.status}`),
              runs: comparison.runs.length,
              total,
              seconds: (comparison.elapsedMs / 1000).toFixed(1),
            })}
          </span>
        ) : undefined
      }
    >
      <div className="strategy-compare">
        <form className="compare-form" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('space')}
            <select
              className="input select"
              data-testid="compare.space"
              value={space}
              disabled={running}
              onChange={(e) => setSpace(e.target.value as SpaceId)}
            >
              {COMPARE_SPACES.map((s) => (
                <option key={s} value={s}>
                  {t(`spaces.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="compare-strategies" disabled={running}>
            <legend>{t('strategiesLegend')}</legend>
            {[...strategiesFor(space), ...strategiesFor(space, 'oneshot')].map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  data-testid="compare.strategy"
                  data-strategy={s}
                  checked={picked.includes(s)}
                  onChange={() => toggle(s)}
                />
                {strategyName(s)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('budget')}
            <input
              className="input"
              type="number"
              min={1}
              max={COMPARE_LIMITS.budget}
              data-testid="compare.budget"
              value={budget}
              disabled={running}
              onChange={(e) => setBudget(Number(e.target.value))}
            />
          </label>
          <label>
            {t('seeds')}
            <input
              className="input"
              type="number"
              min={1}
              max={COMPARE_LIMITS.seeds}
              data-testid="compare.seeds"
              value={seeds}
              disabled={running}
              onChange={(e) => setSeeds(Number(e.target.value))}
            />
          </label>
          <label>
            {t('fidelity')}
            <select
              className="input select"
              data-testid="compare.fidelity"
              value={fidelity ?? 'run'}
              disabled={running}
              onChange={(e) => setFidelity(e.target.value === 'run' ? null : (e.target.value as FidelityId))}
            >
              <option value="run">{t('runSettings', { fidelity: t(`fidelities.${runFidelity}`) })}</option>
              {FIDELITIES.map((f) => (
                <option key={f} value={f}>
                  {t('preset', { fidelity: t(`fidelities.${f}`) })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('axis')}
            <select
              className="input select"
              data-testid="compare.axis"
              value={shownAxis}
              onChange={(e) => setAxis(e.target.value as CompareAxis)}
            >
              {COMPARE_AXES.map((a) => (
                <option key={a} value={a} disabled={onTable && a === 'seconds'}>
                  {t(`axes.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <p className="muted compare-note">
            {t('note', { first: seed, last: seed + Math.max(0, seeds - 1) })}
          </p>
          <div className="compare-buttons">
            {running ? (
              <button
                type="button"
                className="button small"
                data-testid="compare.stop"
                onClick={controller.stopComparison}
              >
                {t('stop')}
              </button>
            ) : (
              <button type="button" className="button small primary" data-testid="compare.run" onClick={run}>
                {t('run')}
              </button>
            )}
            <button
              type="button"
              className="button small"
              data-testid="compare.export.csv"
              disabled={!comparison || comparison.runs.length === 0}
              onClick={() =>
                comparison && downloadText('nas-playground-compare.csv', compareCsv(comparison), 'text/csv')
              }
            >
              CSV
            </button>
            <button
              type="button"
              className="button small"
              data-testid="compare.export.json"
              disabled={!comparison || comparison.runs.length === 0}
              onClick={() =>
                comparison &&
                downloadText('nas-playground-compare.json', compareJson(comparison), 'application/json')
              }
            >
              JSON
            </button>
          </div>
          {error || comparison?.error ? (
            <p className="config-note error" role="alert" data-testid="compare.error">
              {error ?? (comparison?.error ? messageText(comparison.error) : null)}
            </p>
          ) : null}
        </form>
        <div className="compare-results">
          <D3Chart
            testId="chart.compare"
            create={newChart}
            data={chart ?? { series: [] }}
            className="compare-chart"
          />
          <table className="data-table" data-testid="compare.summary">
            <thead>
              <tr>
                <th scope="col">{t('strategy')}</th>
                <th scope="col" className="num">
                  {t('seeds')}
                </th>
                <th scope="col" className="num">
                  {t('finalBest')}
                </th>
                {onTable ? (
                  <th scope="col" className="num">
                    {t('meanRank')}
                  </th>
                ) : null}
                <th scope="col" className="num">
                  {t('trainedHere')}
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.map((row) => (
                <tr key={row.strategy} data-strategy={row.strategy} data-seeds={row.seeds}>
                  <td>{row.name}</td>
                  <td className="num">{row.seeds}</td>
                  <td className="num">
                    {row.meanBest === null ? '—' : percent(row.meanBest)}
                    {row.sdBest === null ? '' : ` ± ${(row.sdBest * 100).toFixed(2)}`}
                  </td>
                  {onTable ? (
                    <td className="num">
                      {row.meanRank === null ? '—' : Math.round(row.meanRank).toLocaleString(language)}
                    </td>
                  ) : null}
                  <td className="num">{row.trainedHere}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Panel>
  );
}
