/**
 * BlockQNN side by side: the run beside a second run of the same config and seed with reward
 * shaping or the early-stop penalty flipped (Zhong et al. 2018, Figures 5 and 6, in a lesson).
 * Each side shows its reward per block and the mean reward per epsilon step.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { RewardChart } from '../../../charts';
import { COMPARE_SWITCHES, type CompareSwitch } from '../../../store/compareSlice';
import type { AppState } from '../../../store';
import { useAppStore } from '../../../store';
import { useMessageText } from '../../messageText';
import type { RunView } from '../../../store/runView';
import { createRewardData } from '../../charts/chartData';
import { StoreChart } from '../../charts/StoreChart';
import { useController } from '../../controllerContext';
import { Panel } from '../../components/Panel';

const newRewardChart = (el: HTMLElement) => new RewardChart(el);
const mainView = (s: AppState): RunView => s.view;
const compareView = (s: AppState): RunView | null => s.compare?.view ?? null;

const mainSource = () => {
  const build = createRewardData();
  return (s: AppState) => build(mainView(s));
};
const compareSource = () => {
  const build = createRewardData();
  return (s: AppState) => {
    const view = compareView(s);
    return view ? build(view) : null;
  };
};
const mainChanged = (next: AppState, prev: AppState) => next.view !== prev.view;
const compareChanged = (next: AppState, prev: AppState) => next.compare !== prev.compare;

/** Mean reward of the trained blocks at each epsilon, in schedule order. */
function meansByEpsilon(view: RunView): { epsilon: number; mean: number; n: number }[] {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const r of view.history) {
    if (r.cached) continue;
    const epsilon = view.proposals[r.index]?.epsilon ?? NaN;
    const entry = sums.get(epsilon) ?? { sum: 0, n: 0 };
    entry.sum += r.reward;
    entry.n++;
    sums.set(epsilon, entry);
  }
  return [...sums].map(([epsilon, { sum, n }]) => ({ epsilon, mean: sum / n, n }));
}

function Summary({ view, testId }: { view: RunView; testId: string }) {
  const { t } = useTranslation('compare');
  const means = meansByEpsilon(view);
  return (
    <dl className="compare-summary" data-testid={testId} data-results={view.history.length}>
      <div>
        <dt>{t('side.blocks')}</dt>
        <dd>{view.history.length}</dd>
      </div>
      <div>
        <dt>{t('side.bestReward')}</dt>
        <dd>{view.bestReward === null ? '—' : view.bestReward.toFixed(3)}</dd>
      </div>
      <div>
        <dt>{t('side.meanPerEpsilon')}</dt>
        <dd>
          {means.length === 0 ? '—' : means.map((m) => `ε ${m.epsilon}: ${m.mean.toFixed(3)}`).join(' · ')}
        </dd>
      </div>
    </dl>
  );
}

/** "with reward shaping" / "without early-stop penalty". */
function sideLabel(on: boolean, flipped: CompareSwitch, t: TFunction<'compare'>): string {
  return t(on ? 'side.with' : 'side.without', { name: t(`side.${flipped}`) });
}

export function ComparePanel() {
  const { t } = useTranslation('compare');
  const messageText = useMessageText();
  const controller = useController();
  const config = useAppStore((s) => s.config);
  const view = useAppStore((s) => s.view);
  const compare = useAppStore((s) => s.compare);
  const [choice, setChoice] = useState<CompareSwitch>('rewardShaping');
  const [error, setError] = useState<string | null>(null);
  if (config.strategy !== 'blockqnn') return null;
  const flipped = compare?.flipped ?? choice;
  const run = () => {
    setError(null);
    controller
      .compare(choice)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <Panel
      title={t('side.title')}
      caption={t('side.caption')}
      className="panel-compare"
      aside={
        <div className="compare-controls">
          <label>
            <span className="visually-hidden">{t('side.switch')}</span>
            <select
              className="input select"
              data-testid="sidebyside.switch"
              value={choice}
              disabled={compare !== null}
              onChange={(e) => setChoice(e.target.value as CompareSwitch)}
            >
              {COMPARE_SWITCHES.map((sw) => (
                <option key={sw} value={sw}>
                  {t(`side.${sw}`)}
                </option>
              ))}
            </select>
          </label>
          {compare ? (
            <button
              type="button"
              className="button small"
              data-testid="sidebyside.stop"
              onClick={controller.stopCompare}
            >
              {t('side.stop')}
            </button>
          ) : (
            <button type="button" className="button small primary" data-testid="sidebyside.run" onClick={run}>
              {t('side.run')}
            </button>
          )}
        </div>
      }
    >
      {error ? <p className="config-note error">{error}</p> : null}
      {compare ? (
        <div className="compare-grid">
          <section aria-label={t('side.thisRun')}>
            <h3>{t('side.thisRunHead', { side: sideLabel(config.blockqnn[flipped], flipped, t) })}</h3>
            <StoreChart
              testId="sidebyside.chart.main"
              create={newRewardChart}
              source={mainSource}
              changed={mainChanged}
            />
            <Summary view={view} testId="sidebyside.summary.main" />
          </section>
          <section aria-label={t('side.variantRun')}>
            <h3>
              {t('side.variantHead', { side: sideLabel(compare.config.blockqnn[flipped], flipped, t) })}
              {compare.error ? <span className="compare-error"> · {messageText(compare.error)}</span> : null}
            </h3>
            <StoreChart
              testId="sidebyside.chart.variant"
              create={newRewardChart}
              source={compareSource}
              changed={compareChanged}
            />
            <Summary view={compare.view} testId="sidebyside.summary.variant" />
          </section>
        </div>
      ) : (
        <p className="empty">{t('side.empty')}</p>
      )}
    </Panel>
  );
}
