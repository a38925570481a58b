/**
 * A NAS-Bench-201 run against the whole benchmark: the rank of the best cell found among all
 * 15,625, regret per model, where the sampled cells fall in the accuracy distribution, and
 * (Q-learning) the greedy cell at the end of each epsilon step. Presentational: the parent
 * passes the table and the run's events.
 */
import { useMemo } from 'react';
import { formatEpsilon } from '../../charts/common';
import {
  DistributionChart,
  formatTopPercent,
  type DistributionChartData,
} from '../../charts/DistributionChart';
import { RegretChart, type RegretChartData, type RegretSeries } from '../../charts/RegretChart';
import readmeUrl from '../../data/nb201/README.md?url';
import type { Nb201DatasetId, Nb201Table } from '../../nas/nb201Table';
import {
  accuracyHistogram,
  foundSummary,
  greedyCellsByEpsilon,
  meanBand,
  regretCurve,
  shortOp,
  type Nb201CellResult,
  type Nb201ResultLike,
} from '../../nas/nb201Views';
import type { RunEvent } from '../../nas/runlog';
import { NB201_EDGES, type Nb201Cell, type Nb201Op } from '../../nas/spaces/nb201';
import { D3Chart } from '../charts/D3Chart';
import { percent } from '../format';
import { Panel } from './Panel';
import './nb201Panel.css';

/** Display names of the benchmark's datasets. */
export const NB201_DATASET_LABELS: Record<Nb201DatasetId, string> = {
  'nb201-cifar10': 'CIFAR-10',
  'nb201-cifar100': 'CIFAR-100',
  'nb201-imagenet16-120': 'ImageNet16-120',
};

/** Several runs (seeds) of one strategy, drawn on the regret chart as a mean and a min–max band. */
export interface Nb201CompareGroup {
  /** Legend label, e.g. `random search`. */
  label: string;
  /** Each seed's results, in order. */
  runs: readonly (readonly Nb201ResultLike[])[];
}

export interface Nb201PanelProps {
  table: Nb201Table;
  /** The run's dataset: its validation accuracy is the reward. */
  dataset: Nb201DatasetId;
  /** The run's `result` events, in order (cached repeats included). */
  results: readonly Nb201CellResult[];
  /** The run's events; with `q-update` events (Q-learning) the greedy cells per epsilon are shown. */
  events?: readonly RunEvent[];
  /** Q-learning's initial Q value, for replaying the updates (default 0.5, the paper's). */
  initialQ?: number;
  /** Legend label of this run's regret line (default `this run`). */
  label?: string;
  /** Other runs to compare on the regret chart (seeds of a strategy, as mean and band). */
  compare?: readonly Nb201CompareGroup[];
}

const newRegretChart = (el: HTMLElement) => new RegretChart(el);
const newDistributionChart = (el: HTMLElement) => new DistributionChart(el);

/** One-point bins over whole percents from the lowest to the highest accuracy (two-point past 100 bins). */
function histogramFor(table: Nb201Table, dataset: Nb201DatasetId) {
  const sorted = table.sortedValAccuracies(dataset);
  const lo = Math.floor((sorted[0] as number) * 100) / 100;
  const hi = Math.max(lo + 0.01, Math.ceil((sorted[sorted.length - 1] as number) * 100) / 100);
  const points = Math.round((hi - lo) * 100);
  const bins = points > 100 ? Math.ceil(points / 2) : points;
  return accuracyHistogram(table, dataset, bins, [lo, lo + (bins * (points > 100 ? 2 : 1)) / 100]);
}

export function Nb201Panel({
  table,
  dataset,
  results,
  events,
  initialQ = 0.5,
  label = 'this run',
  compare,
}: Nb201PanelProps) {
  const bins = useMemo(() => histogramFor(table, dataset), [table, dataset]);
  const summary = useMemo(() => foundSummary(results, table, dataset), [results, table, dataset]);

  const regret = useMemo((): RegretChartData => {
    const series: RegretSeries[] = (compare ?? []).map((group) => ({
      label: `${group.label} (${group.runs.length} seed${group.runs.length === 1 ? '' : 's'})`,
      points: meanBand(group.runs.map((run) => regretCurve(run, table, dataset))),
    }));
    const own = regretCurve(results, table, dataset).map((r, i) => ({ x: i + 1, mean: r, lo: r, hi: r }));
    return { series: [{ label, points: own }, ...series], logY: true };
  }, [compare, results, table, dataset, label]);

  const distribution = useMemo(
    (): DistributionChartData => ({
      bins,
      sampled: results.filter((r) => !r.cached).map((r) => r.reward),
      found: summary && {
        val: summary.val,
        rank: summary.rank,
        cells: summary.cells,
        topPercent: summary.topPercent,
      },
      best: table.best(dataset).accuracy[dataset].val,
      datasetLabel: NB201_DATASET_LABELS[dataset],
    }),
    [bins, results, summary, table, dataset],
  );

  const greedy = useMemo(() => {
    if (!events?.some((e) => e.type === 'q-update')) return [];
    return greedyCellsByEpsilon(events, initialQ).map((g) => {
      const val = table.lookup(g.ops).accuracy[dataset].val;
      return { ...g, val, rank: table.rank(val, dataset) };
    });
  }, [events, initialQ, table, dataset]);

  const cells = table.size.toLocaleString('en-US');
  return (
    <Panel
      title="NAS-Bench-201"
      caption={`Where the search landed among all ${cells} cells on ${NB201_DATASET_LABELS[dataset]}. Regret: the best validation accuracy in the table minus the best found so far.`}
      className="nb201-panel"
    >
      <Nb201Summary summary={summary} cells={cells} />
      <div className="nb201-charts">
        <figure className="nb201-figure">
          <figcaption>Regret per unique model</figcaption>
          <D3Chart testId="chart.regret" create={newRegretChart} data={regret} />
        </figure>
        <figure className="nb201-figure">
          <figcaption>Validation accuracy of every cell, and the run's</figcaption>
          <D3Chart testId="chart.distribution" create={newDistributionChart} data={distribution} />
        </figure>
      </div>
      {greedy.length > 0 && (
        <div className="nb201-greedy">
          <h3>Greedy cell at the end of each ε step</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="nb201.greedy">
              <thead>
                <tr>
                  <th className="num">ε</th>
                  <th className="num">models</th>
                  <th>greedy cell (node 1 / node 2 / node 3)</th>
                  <th className="num">val.</th>
                  <th className="num">rank</th>
                </tr>
              </thead>
              <tbody>
                {greedy.map((g, i) => {
                  const same = i > 0 && greedy[i - 1]?.cell === g.cell;
                  return (
                    <tr key={g.step} className={same ? 'same' : undefined} data-step={g.step}>
                      <td className="num">{formatEpsilon(g.epsilon)}</td>
                      <td className="num">
                        {g.models.toLocaleString('en-US')}
                        {g.complete ? '' : ' …'}
                      </td>
                      <td title={g.cell}>
                        <CellOps ops={g.ops} />
                      </td>
                      <td className="num">{percent(g.val, 2)}</td>
                      <td className="num">{g.rank.toLocaleString('en-US')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="nb201-note">
            The cell an ε = 0 walk would take. Ties (ops never tried keep the initial Q, {initialQ}) go to the
            first op in benchmark order, none; dimmed rows repeat the row above.
          </p>
        </div>
      )}
      <p className="nb201-citation" data-testid="nb201.citation">
        Results from NAS-Bench-201 (Dong &amp; Yang, ICLR 2020), 12-epoch schedule: looked up, not trained
        here.{' '}
        <a href={readmeUrl} target="_blank" rel="noreferrer">
          About the data (src/data/nb201/README.md)
        </a>
      </p>
    </Panel>
  );
}

/** The rank and percentile of the best cell found, or a note before the first result. */
function Nb201Summary({ summary, cells }: { summary: ReturnType<typeof foundSummary>; cells: string }) {
  if (summary === null) {
    return <p className="nb201-summary muted">No cell evaluated yet.</p>;
  }
  const isBest = summary.rank === 1;
  return (
    <p className="nb201-summary">
      <span className="nb201-summary-lead">Best found</span>{' '}
      <span data-testid="nb201.rank" className="nb201-rank">
        rank {summary.rank.toLocaleString('en-US')} / {cells}
      </span>{' '}
      <span
        data-testid="nb201.percentile"
        className="nb201-percentile"
        data-percentile={summary.percentile}
        title={`At least as good as ${summary.percentile.toFixed(2)}% of the cells (by validation accuracy)`}
      >
        {isBest ? '(the best cell)' : `(top ${formatTopPercent(summary.topPercent)}%)`}
      </span>
      <span className="nb201-sep" aria-hidden="true">
        ·
      </span>
      val. {percent(summary.val, 2)}, test {percent(summary.test, 2)}
      <span className="nb201-sep" aria-hidden="true">
        ·
      </span>
      after {summary.foundAfter.toLocaleString('en-US')} of {summary.models.toLocaleString('en-US')} models
      {!isBest && (
        <>
          <span className="nb201-sep" aria-hidden="true">
            ·
          </span>
          <span className="muted">table's best: val. {percent(summary.globalBestVal, 2)}</span>
        </>
      )}
    </p>
  );
}

/** A cell as short op names grouped by node, each op underlined in its kind's colour. */
function CellOps({ ops }: { ops: Nb201Cell }) {
  const nodes: { op: Nb201Op; k: number }[][] = [[], [], []];
  NB201_EDGES.forEach(({ to }, k) => nodes[to - 1]?.push({ op: ops[k] as Nb201Op, k }));
  return (
    <span className="nb201-cell mono">
      {nodes.map((node, n) => (
        <span key={n} className="nb201-node">
          {n > 0 && <span className="nb201-node-sep"> / </span>}
          {node.map(({ op, k }, i) => (
            <span key={k}>
              {i > 0 && ' '}
              <span className="nb201-op" data-op={op}>
                {shortOp(op)}
              </span>
            </span>
          ))}
        </span>
      ))}
    </span>
  );
}
