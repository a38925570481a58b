/**
 * The compare view (SPEC §6): pick strategies, a space, a budget of models, a fidelity and a
 * number of seeds; a worker of its own runs every (seed, strategy) with one shared result cache
 * and the chart draws the regret against models evaluated, mean and min–max band over seeds.
 * Results export as CSV and JSON.
 */
import { useMemo, useState } from 'react';
import { RegretChart } from '../../charts/RegretChart';
import { COMPARE_LIMITS, compareProblem, type CompareSpec } from '../../nas/compare';
import {
  FIDELITIES,
  STRATEGY_SPACES,
  type FidelityId,
  type SpaceId,
  type StrategyId,
} from '../../nas/config';
import { useAppStore } from '../../store';
import { D3Chart } from '../charts/D3Chart';
import {
  STRATEGY_NAMES,
  compareChartData,
  compareCsv,
  compareJson,
  compareSummary,
} from '../charts/compareData';
import { useController } from '../controllerContext';
import { downloadText } from '../download';
import { percent } from '../format';
import { useNb201Table } from '../nb201Table';
import { Panel } from './Panel';

const SPACE_NAMES: Partial<Record<SpaceId, string>> = {
  nb201: 'NAS-Bench-201 (looked up)',
  layers: 'Layers (MetaQNN)',
  nasrl: 'NAS-RL layers',
  cell: 'NASNet cells',
};
const COMPARE_SPACES = Object.keys(SPACE_NAMES) as SpaceId[];
const ORDER: StrategyId[] = ['metaqnn', 'reinforce', 'evolution', 'random'];
const newChart = (el: HTMLElement) => new RegretChart(el);

/** Strategies that can search `space`, in display order. */
const strategiesFor = (space: SpaceId) => ORDER.filter((s) => STRATEGY_SPACES[s].includes(space));

export function StrategyComparePanel() {
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
  const { table } = useNb201Table(space === 'nb201' || comparison?.spec.space === 'nb201');
  const running = comparison?.status === 'running';

  const spec: CompareSpec = {
    strategies: picked.filter((s) => STRATEGY_SPACES[s].includes(space)),
    space,
    budget,
    seeds: Array.from({ length: seeds }, (_, i) => seed + i),
    ...(fidelity === null ? {} : { fidelity }),
  };
  const chart = useMemo(() => (comparison ? compareChartData(comparison, table) : null), [comparison, table]);
  const summary = useMemo(() => (comparison ? compareSummary(comparison, table) : []), [comparison, table]);

  const run = () => {
    const problem = compareProblem(spec);
    if (problem) {
      setError(problem);
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
      title="Compare strategies"
      caption="The same space, budget and seeds for each strategy, one shared result cache: the regret falls as each finds better models."
      className="panel-strategy-compare"
      aside={
        comparison ? (
          <span
            className="chip"
            data-testid="compare.status"
            data-status={comparison.status}
            data-runs={comparison.runs.length}
          >
            {comparison.status} · {comparison.runs.length} / {total} runs ·{' '}
            {(comparison.elapsedMs / 1000).toFixed(1)} s
          </span>
        ) : undefined
      }
    >
      <div className="strategy-compare">
        <form className="compare-form" onSubmit={(e) => e.preventDefault()}>
          <label>
            Space
            <select
              className="input select"
              data-testid="compare.space"
              value={space}
              disabled={running}
              onChange={(e) => setSpace(e.target.value as SpaceId)}
            >
              {COMPARE_SPACES.map((s) => (
                <option key={s} value={s}>
                  {SPACE_NAMES[s]}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="compare-strategies" disabled={running}>
            <legend>Strategies</legend>
            {strategiesFor(space).map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  data-testid="compare.strategy"
                  data-strategy={s}
                  checked={picked.includes(s)}
                  onChange={() => toggle(s)}
                />
                {STRATEGY_NAMES[s]}
              </label>
            ))}
          </fieldset>
          <label>
            Models per run
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
            Seeds
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
            Fidelity
            <select
              className="input select"
              data-testid="compare.fidelity"
              value={fidelity ?? 'run'}
              disabled={running}
              onChange={(e) => setFidelity(e.target.value === 'run' ? null : (e.target.value as FidelityId))}
            >
              <option value="run">the run’s settings ({runFidelity})</option>
              {FIDELITIES.map((f) => (
                <option key={f} value={f}>
                  {f} preset
                </option>
              ))}
            </select>
          </label>
          <p className="muted compare-note">
            Seeds {seed}…{seed + Math.max(0, seeds - 1)}; training as the fidelity says (nothing is trained on
            NAS-Bench-201).
          </p>
          <div className="compare-buttons">
            {running ? (
              <button
                type="button"
                className="button small"
                data-testid="compare.stop"
                onClick={controller.stopComparison}
              >
                Stop
              </button>
            ) : (
              <button type="button" className="button small primary" data-testid="compare.run" onClick={run}>
                Run comparison
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
              {error ?? comparison?.error}
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
                <th scope="col">Strategy</th>
                <th scope="col" className="num">
                  Seeds
                </th>
                <th scope="col" className="num">
                  Final best (mean ± sd)
                </th>
                {comparison?.spec.space === 'nb201' ? (
                  <th scope="col" className="num">
                    Mean rank
                  </th>
                ) : null}
                <th scope="col" className="num">
                  Trained here
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
                  {comparison?.spec.space === 'nb201' ? (
                    <td className="num">
                      {row.meanRank === null ? '—' : Math.round(row.meanRank).toLocaleString('en')}
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
