/**
 * The REINFORCE controller of NAS-RL (Zoph & Le, ICLR 2017) at its latest sample: per decision
 * step the softmax over its outcomes as small bars (the sampled one outlined, ▲/▼ for the change
 * since the previous sample), grouped by layer; above, the baseline, the last advantage, the
 * loss, the number of updates and a sparkline of reward against baseline. Props in, no store.
 */
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  deltaDirection,
  groupSteps,
  isSkipRow,
  probabilityDelta,
  sparkline,
  type BaselinePoint,
  type ControllerStepRow,
} from '../../charts/controllerData';
import { loss as formatLoss, percent } from '../../format';
import '../../components/searchViews.css';

export interface ControllerViewProps {
  /** The decision steps in token order; see `stepRows` for a NAS-RL `TokenSpec`. */
  steps: ControllerStepRow[];
  /** Per step, the distribution the latest sample was drawn from; null before the first sample. */
  probabilities: number[][] | null;
  /** The distributions of the sample before, to show what the last update changed. */
  previous: number[][] | null;
  /** Sampled outcome index per step. */
  tokens: number[] | null;
  /** EMA baseline b after the last update, reward units. */
  baseline: number | null;
  /** R - b of the last sample. */
  advantage: number | null;
  /** REINFORCE surrogate loss of the last update. */
  loss: number | null;
  /** Controller updates so far. */
  updates: number;
  /** Reward and baseline after each update, oldest first. */
  history: BaselinePoint[];
}

const SPARK_WIDTH = 200;
const SPARK_HEIGHT = 44;

/** A reward-scale value with three decimals, a true minus sign and an explicit plus if `signed`. */
function value(x: number | null, signed = false): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const text = Math.abs(x).toFixed(3);
  if (x < 0 && text !== '0.000') return `−${text}`;
  return signed && text !== '0.000' ? `+${text}` : text;
}

function sign(x: number | null): 'positive' | 'negative' | 'zero' {
  if (x === null || !Number.isFinite(x) || Math.abs(x) < 5e-4) return 'zero';
  return x > 0 ? 'positive' : 'negative';
}

/** Percentage points of a change, signed: `+3.2 pts`. */
function points(delta: number, t: TFunction<'strategy'>): string {
  const pts = (delta * 100).toFixed(1);
  return t('controller.points', { value: delta > 0 ? `+${pts}` : pts.replace('-', '−') });
}

export function ControllerView(props: ControllerViewProps) {
  const { t } = useTranslation('strategy');
  const { steps, probabilities, previous, tokens, baseline, advantage, loss, updates, history } = props;
  const groups = useMemo(() => groupSteps(steps.map((row, index) => ({ ...row, index }))), [steps]);
  return (
    <div
      className="search-view controller-view"
      data-testid="controller.view"
      data-steps={steps.length}
      data-updates={updates}
    >
      <ControllerStats
        baseline={baseline}
        advantage={advantage}
        loss={loss}
        updates={updates}
        history={history}
      />
      {steps.length === 0 ? (
        <p className="empty">{t('controller.noSteps')}</p>
      ) : (
        <div className="controller-steps" tabIndex={0} aria-label={t('controller.decisions')}>
          {probabilities === null && <p className="empty">{t('controller.noSample')}</p>}
          {groups.map((group) => (
            <section className="step-group" key={`${group.start}-${group.group}`}>
              <h3 className="step-group-title">{group.group}</h3>
              <ol className="step-list" start={group.start}>
                {group.rows.map((row) => (
                  <StepRow
                    key={row.index}
                    index={row.index}
                    row={row}
                    probabilities={probabilities?.[row.index] ?? null}
                    token={tokens?.[row.index] ?? null}
                    deltaOf={(outcome) => probabilityDelta(probabilities, previous, row.index, outcome)}
                  />
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

function ControllerStats({
  baseline,
  advantage,
  loss,
  updates,
  history,
}: Pick<ControllerViewProps, 'baseline' | 'advantage' | 'loss' | 'updates' | 'history'>) {
  const { t } = useTranslation('strategy');
  const line = useMemo(() => sparkline(history, SPARK_WIDTH, SPARK_HEIGHT, 3), [history]);
  return (
    <div className="controller-stats">
      <dl className="ctrl-stat-list">
        <div className="ctrl-stat">
          <dt title={t('controller.baselineTitle')}>{t('controller.baseline')}</dt>
          <dd data-testid="controller.baseline">{value(baseline)}</dd>
        </div>
        <div className="ctrl-stat">
          <dt title={t('controller.advantageTitle')}>{t('controller.advantage')}</dt>
          <dd data-testid="controller.advantage" data-sign={sign(advantage)}>
            {value(advantage, true)}
          </dd>
        </div>
        <div className="ctrl-stat">
          <dt title={t('controller.lossTitle')}>{t('controller.loss')}</dt>
          <dd>{loss === null ? '—' : formatLoss(loss)}</dd>
        </div>
        <div className="ctrl-stat">
          <dt>{t('controller.updates')}</dt>
          <dd>{updates}</dd>
        </div>
      </dl>
      <figure className="controller-spark">
        {line ? (
          <svg
            width={SPARK_WIDTH}
            height={SPARK_HEIGHT}
            viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`}
            role="img"
            aria-label={t('controller.sparkLabel', { count: history.length })}
          >
            <path className="spark-reward" d={line.reward} />
            <path className="spark-baseline" d={line.baseline} />
          </svg>
        ) : (
          <div className="spark-empty" style={{ width: SPARK_WIDTH, height: SPARK_HEIGHT }}>
            {t('controller.noUpdates')}
          </div>
        )}
        <figcaption>
          <span className="spark-key spark-key-reward">{t('controller.reward')}</span>
          <span className="spark-key spark-key-baseline">{t('controller.baseline')}</span>
          {line && (
            <span className="spark-range">
              {value(line.domain[0])}–{value(line.domain[1])}
            </span>
          )}
        </figcaption>
      </figure>
    </div>
  );
}

interface StepRowProps {
  index: number;
  row: ControllerStepRow;
  /** This step's distribution; null before the first sample. */
  probabilities: number[] | null;
  token: number | null;
  deltaOf: (outcome: number) => number | null;
}

function StepRow({ index, row, probabilities, token, deltaOf }: StepRowProps) {
  if (isSkipRow(row))
    return <SkipRow index={index} row={row} probabilities={probabilities} token={token} deltaOf={deltaOf} />;
  return (
    <li className="step-row" data-testid="controller.step" data-step={index} data-kind="choice">
      <span className="step-name">{row.name}</span>
      <div className="step-outcomes" style={{ '--outcomes': row.labels.length } as CSSProperties}>
        {row.labels.map((label, outcome) => (
          <Outcome
            key={outcome}
            label={label}
            p={probabilities?.[outcome] ?? null}
            sampled={token === outcome}
            delta={deltaOf(outcome)}
          />
        ))}
      </div>
    </li>
  );
}

function Outcome({
  label,
  p,
  sampled,
  delta,
}: {
  label: string;
  p: number | null;
  sampled: boolean;
  delta: number | null;
}) {
  const { t } = useTranslation('strategy');
  return (
    <div
      className="outcome"
      data-sampled={sampled ? '' : undefined}
      title={`${label}: ${percent(p, 1)}${sampled ? t('controller.sampledMark') : ''}`}
    >
      <span className="outcome-label">{label}</span>
      <span className="outcome-pct">
        {percent(p, 0)}
        <Delta delta={delta} />
      </span>
      <span className="outcome-track" aria-hidden="true">
        <span className="outcome-bar" style={{ width: `${(p ?? 0) * 100}%` }} />
      </span>
    </div>
  );
}

/** A skip decision on one line: the bar of P(connect), and the sampled answer. */
function SkipRow({ index, row, probabilities, token, deltaOf }: StepRowProps) {
  const { t } = useTranslation('strategy');
  const p = probabilities?.[1] ?? null;
  const answer = token === null ? null : token === 1 ? 'yes' : 'no';
  return (
    <li className="step-row step-row-skip" data-testid="controller.step" data-step={index} data-kind="skip">
      <span className="step-name">{row.name}</span>
      <div className="skip-outcome" title={t('controller.pConnect', { p: percent(p, 1) })}>
        <span className="outcome-track" aria-hidden="true">
          <span className="outcome-bar" style={{ width: `${(p ?? 0) * 100}%` }} />
        </span>
        <span className="outcome-pct">
          {percent(p, 0)}
          <Delta delta={deltaOf(1)} />
        </span>
        <span className="skip-answer" data-answer={answer ?? undefined}>
          {answer === null ? '—' : t(`controller.${answer}`)}
        </span>
      </div>
    </li>
  );
}

function Delta({ delta }: { delta: number | null }) {
  const { t } = useTranslation('strategy');
  const direction = deltaDirection(delta);
  if (direction === null || delta === null) return <span className="outcome-delta" aria-hidden="true" />;
  return (
    <span
      className="outcome-delta"
      data-direction={direction}
      title={t('controller.sinceTitle', { points: points(delta, t) })}
    >
      {direction === 'up' ? '▲' : '▼'}
    </span>
  );
}
