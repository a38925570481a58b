/**
 * A NAS-Bench-201 run against the whole benchmark: the rank of the best cell found among all
 * 15,625, regret per model, where the sampled cells fall in the accuracy distribution, and
 * (Q-learning) the greedy cell at the end of each epsilon step. Presentational: the parent
 * passes the table and the run's events.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
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
  greedyCellsOf,
  meanBand,
  regretCurve,
  shortOp,
  type Nb201CellResult,
  type Nb201ResultLike,
} from '../../nas/nb201Views';
import type { QRule } from '../../nas/qReplay';
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
  /** A Q-learning run's log (it may grow in place; `revision` says it changed) and update rule:
   * the greedy cells per epsilon are shown. */
  qLearning?: { events: readonly RunEvent[]; rule: QRule; revision: number };
  /** Legend label of this run's regret line (default `this run`, translated). */
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
  qLearning,
  label: ownLabel,
  compare,
}: Nb201PanelProps) {
  const { t, i18n } = useTranslation('panels');
  const label = ownLabel ?? t('nb201.thisRun');
  const bins = useMemo(() => histogramFor(table, dataset), [table, dataset]);
  const summary = useMemo(() => foundSummary(results, table, dataset), [results, table, dataset]);

  const regret = useMemo((): RegretChartData => {
    const series: RegretSeries[] = (compare ?? []).map((group) => ({
      label: t('nb201.seeds', { label: group.label, count: group.runs.length }),
      points: meanBand(group.runs.map((run) => regretCurve(run, table, dataset))),
    }));
    const own = regretCurve(results, table, dataset).map((r, i) => ({ x: i + 1, mean: r, lo: r, hi: r }));
    return { series: [{ label, points: own }, ...series], logY: true };
  }, [compare, results, table, dataset, label, t]);

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
    if (!qLearning) return [];
    return greedyCellsOf(qLearning.events, qLearning.rule).map((g) => {
      const val = table.lookup(g.ops).accuracy[dataset].val;
      return { ...g, val, rank: table.rank(val, dataset) };
    });
  }, [qLearning, table, dataset]);

  const cells = table.size.toLocaleString(i18n.language);
  return (
    <Panel
      title="NAS-Bench-201"
      caption={t('nb201.panelCaption', { cells, dataset: NB201_DATASET_LABELS[dataset] })}
      className="nb201-panel"
    >
      <Nb201Summary summary={summary} cells={cells} />
      <div className="nb201-charts">
        <figure className="nb201-figure">
          <figcaption>{t('nb201.regret')}</figcaption>
          <D3Chart testId="chart.regret" create={newRegretChart} data={regret} />
        </figure>
        <figure className="nb201-figure">
          <figcaption>{t('nb201.distribution')}</figcaption>
          <D3Chart testId="chart.distribution" create={newDistributionChart} data={distribution} />
        </figure>
      </div>
      {greedy.length > 0 && (
        <div className="nb201-greedy">
          <h3>{t('nb201.greedy')}</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="nb201.greedy">
              <thead>
                <tr>
                  <th className="num">ε</th>
                  <th className="num">{t('nb201.models')}</th>
                  <th>{t('nb201.greedyCell')}</th>
                  <th className="num">{t('nb201.val')}</th>
                  <th className="num">{t('nb201.rank')}</th>
                </tr>
              </thead>
              <tbody>
                {greedy.map((g, i) => {
                  const same = i > 0 && greedy[i - 1]?.cell === g.cell;
                  return (
                    <tr key={g.step} className={same ? 'same' : undefined} data-step={g.step}>
                      <td className="num">{formatEpsilon(g.epsilon)}</td>
                      <td className="num">
                        {g.models.toLocaleString(i18n.language)}
                        {g.complete ? '' : ' …'}
                      </td>
                      <td title={g.cell}>
                        <CellOps ops={g.ops} />
                      </td>
                      <td className="num">{percent(g.val, 2)}</td>
                      <td className="num">{g.rank.toLocaleString(i18n.language)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="nb201-note">{t('nb201.greedyNote', { initialQ: qLearning?.rule.initialQ ?? 0.5 })}</p>
        </div>
      )}
      <p className="nb201-citation" data-testid="nb201.citation">
        {t('nb201.citation')}{' '}
        <a href={readmeUrl} target="_blank" rel="noreferrer">
          {t('nb201.about')}
        </a>
      </p>
    </Panel>
  );
}

/** The rank and percentile of the best cell found, or a note before the first result. */
function Nb201Summary({ summary, cells }: { summary: ReturnType<typeof foundSummary>; cells: string }) {
  const { t, i18n } = useTranslation('panels');
  if (summary === null) {
    return <p className="nb201-summary muted">{t('nb201.noCell')}</p>;
  }
  const number = (n: number) => n.toLocaleString(i18n.language);
  const isBest = summary.rank === 1;
  return (
    <p className="nb201-summary">
      <span className="nb201-summary-lead">{t('nb201.bestFound')}</span>{' '}
      <span data-testid="nb201.rank" className="nb201-rank">
        {t('nb201.rankOf', { rank: number(summary.rank), cells })}
      </span>{' '}
      <span
        data-testid="nb201.percentile"
        className="nb201-percentile"
        data-percentile={summary.percentile}
        title={t('nb201.percentileTitle', { percentile: summary.percentile.toFixed(2) })}
      >
        {isBest ? t('nb201.theBest') : t('nb201.top', { percent: formatTopPercent(summary.topPercent) })}
      </span>
      <span className="nb201-sep" aria-hidden="true">
        ·
      </span>
      {t('nb201.valTest', { val: percent(summary.val, 2), test: percent(summary.test, 2) })}
      <span className="nb201-sep" aria-hidden="true">
        ·
      </span>
      {t('nb201.after', { found: number(summary.foundAfter), models: number(summary.models) })}
      {!isBest && (
        <>
          <span className="nb201-sep" aria-hidden="true">
            ·
          </span>
          <span className="muted">{t('nb201.tableBest', { val: percent(summary.globalBestVal, 2) })}</span>
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
