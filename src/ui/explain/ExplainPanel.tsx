/**
 * Explain mode's panel: the step shown (an epsilon-greedy choice or a Q-update with its
 * equation and numbers), the speed, and the buttons to step forward and back, play and skip. The Q-table chart
 * shows the table as it stood at that step, the cell explained in focus (explainQTable.ts).
 */
import { Fragment, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  explainChoice,
  explainUpdate,
  formatQ,
  formatRate,
  type ChoiceStep,
  type UpdateStep,
} from '../../nas/explain';
import { findStrategy } from '../../nas/strategies';
import { isQConfig, qParams } from '../../nas/qsearch';
import { findViews } from '../strategies';
import { appStore, useAppStore } from '../../store';
import { EXPLAIN_SPEEDS, type ExplainSpeedIndex } from '../../store/explainSlice';
import { useController } from '../controllerContext';
import { equationTerms } from './equationTerms';
import { explainNext, explainPrev, followNewSteps, isFullSpeed, togglePlay } from './explainActions';
import { explainIntroKey, nextTitleKey } from './explainIntro';
import { explainStepsOf } from './explainSteps';
import { OneShotExplain } from './OneShotExplain';
import './explain.css';

function ChoiceView({ step }: { step: ChoiceStep }) {
  const { t } = useTranslation('explain');
  const blocks = useAppStore((s) => findViews(s.config.strategy)?.unit === 'blocks');
  const e = explainChoice(step);
  return (
    <div
      className="explain-step"
      data-testid="explain.choice"
      data-mode={e.mode}
      data-u={step.choice.u ?? ''}
      data-epsilon={step.epsilon}
      data-state={step.state}
      data-action={step.action}
    >
      <h3 className="explain-heading">
        {t('choiceHeading', { model: step.proposal + 1, step: step.step + 1, steps: step.steps })}
      </h3>
      <p className="explain-line">
        <span className="explain-label">{t('state')}</span> <code>{step.state}</code>
      </p>
      {e.draw !== null && <p className="explain-draw mono">{e.draw}</p>}
      <p className={`explain-mode mode-${e.mode}`}>{t(`modes.${e.mode}`)}</p>
      <table className="data-table explain-actions">
        <thead>
          <tr>
            <th scope="col">{t('action')}</th>
            <th scope="col" className="num">
              {t('q')}
            </th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {e.rows.map((row) => (
            <tr
              key={row.action}
              className={row.chosen ? 'chosen' : undefined}
              data-testid="explain.choice.row"
              data-action={row.action}
              data-q={row.q}
              data-chosen={row.chosen}
            >
              <td className="mono">{row.action}</td>
              <td className="num mono">{row.qText}</td>
              <td className="explain-marks">
                {row.chosen && <span className="mark chosen-mark">◀ {t('chosen')}</span>}
                {row.best && <span className="mark best-mark">★ {t('maxQ')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {blocks && <p className="explain-note muted">{t('batchNote')}</p>}
    </div>
  );
}

/** One line of the equation, wrapping (when the panel is narrow) between terms, never inside one. */
function EquationLine({ className, expression }: { className: string; expression: string }) {
  return (
    <div className={className}>
      {equationTerms(expression).map((term, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          <span className="eq-term">{term}</span>
        </Fragment>
      ))}
    </div>
  );
}

function UpdateView({ step }: { step: UpdateStep }) {
  const { t } = useTranslation('explain');
  const config = useAppStore((s) => s.config);
  const { alpha, gamma } = qParams(config);
  const u = step.update;
  const e = explainUpdate(u, alpha, gamma);
  const terms: [string, string][] = [
    ['oldQ', formatQ(u.oldQ)],
    ['alpha', formatRate(alpha)],
    ['reward', formatQ(u.reward)],
    ['gamma', formatRate(gamma)],
    ['maxNextQ', formatQ(u.maxNextQ)],
    ['newQ', formatQ(u.newQ)],
  ];
  return (
    <div
      className="explain-step"
      data-testid="explain.equation"
      data-state={u.state}
      data-action={u.action}
      data-next-state={u.nextState}
      data-old-q={u.oldQ}
      data-alpha={alpha}
      data-reward={u.reward}
      data-gamma={gamma}
      data-max-next-q={u.maxNextQ}
      data-new-q={u.newQ}
      data-source={u.source}
    >
      <h3 className="explain-heading">
        {t('updateHeading', { model: step.proposal + 1, source: t(`sources.${u.source}`) })}
      </h3>
      <p className="explain-line">
        <span className="explain-label">{t('state')}</span> <code>{u.state}</code>
        <span className="explain-arrow"> —{u.action}→ </span>
        <span className="explain-label">{t('nextState')}</span> <code>{u.nextState}</code>
      </p>
      {u.nextState === 'T' && <p className="explain-note muted">{t('terminal')}</p>}
      <div className="explain-equation mono" role="math">
        <EquationLine className="eq-symbolic" expression={e.symbolic} />
        <EquationLine className="eq-numbers" expression={e.substituted} />
        <div className="eq-result">{e.result}</div>
      </div>
      <dl className="explain-terms">
        {terms.map(([key, value]) => (
          <div key={key} className={`term term-${key}`}>
            <dt>{t(`terms.${key}`)}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
      </dl>
      {!e.consistent && (
        <p className="explain-note error" role="alert">
          {t('inconsistent', { value: formatQ(e.recomputed) })}
        </p>
      )}
    </div>
  );
}

/** Index of the first step of the next model, or the last step when none has been logged. */
function nextModelCursor(cursor: number): number {
  return explainStepsOf(appStore.getState().view).nextProposalStart(cursor);
}

export function ExplainPanel() {
  const { t } = useTranslation('explain');
  const controller = useController();
  const oneShot = useAppStore((s) => findStrategy(s.config.strategy)?.family === 'oneshot');
  // Explain mode steps through Q-learning (choices, updates) and the one-shot methods (their
  // logged alpha steps, samples and controller updates).
  const explainable = useAppStore((s) => isQConfig(s.config)) || oneShot;
  /** A key of this panel's strings: the one-shot variant where there is one. */
  const key = (
    k:
      | 'title'
      | 'caption'
      | 'empty'
      | 'emptyReplay'
      | 'emptyLogged'
      | 'awaiting'
      | 'nextTitle'
      | 'nextTitleDone',
  ) => (oneShot ? `oneshot.${k}` : k);
  const cursor = useAppStore((s) => s.explainCursor);
  const speed = useAppStore((s) => s.explainSpeed);
  const playing = useAppStore((s) => s.explainPlaying);
  const awaiting = useAppStore((s) => s.explainAwaiting);
  const done = useAppStore((s) => s.view.done);
  const setSpeed = useAppStore((s) => s.setExplainSpeed);
  const setCursor = useAppStore((s) => s.setExplainCursor);
  const setPlaying = useAppStore((s) => s.setExplainPlaying);

  // The steps' index reads the log as it grows: select its length and the step shown (the same
  // object while it stays made).
  const total = useAppStore((s) => explainStepsOf(s.view).length);
  const step = useAppStore((s) => explainStepsOf(s.view).at(s.explainCursor));
  const proposedWithoutChoices = useAppStore((s) => {
    const last = s.view.proposals.at(-1);
    return last !== undefined && last.epsilon !== undefined && last.choices === undefined;
  });

  // New steps: follow them (awaited step, full speed) or rewind after a reset. A one-shot run
  // trained on to its next explained step pauses there, as a Q-learning run stops after its model.
  useEffect(() => {
    const follow = () => {
      if (followNewSteps(appStore) !== 'arrived') return;
      const state = appStore.getState();
      if (state.status === 'running' && findStrategy(state.config.strategy)?.family === 'oneshot')
        controller.pause().catch(console.warn);
    };
    follow();
    return appStore.subscribe((next, prev) => {
      if (next.view !== prev.view || next.status !== prev.status) follow();
    });
  }, [controller]);

  // Automatic stepping at 1, 4 or 16 steps per second.
  useEffect(() => {
    const rate = EXPLAIN_SPEEDS[speed];
    if (!playing || rate === 0 || rate === Infinity) return;
    const timer = setInterval(() => {
      if (!explainNext(appStore, controller)) appStore.getState().setExplainPlaying(false);
    }, 1000 / rate);
    return () => clearInterval(timer);
  }, [playing, speed, controller]);

  const onSpeed = (value: string) => {
    const index = Number(value) as ExplainSpeedIndex;
    const wasFull = isFullSpeed(appStore);
    if (playing) {
      setPlaying(false);
      if (wasFull && appStore.getState().status === 'running') controller.pause().catch(console.warn);
    }
    setSpeed(index);
  };

  let body;
  if (!explainable) body = <p className="explain-empty">{t('notQ')}</p>;
  else if (step?.kind === 'choice') body = <ChoiceView step={step} />;
  else if (step?.kind === 'update') body = <UpdateView step={step} />;
  else if (step?.kind === 'oneshot') body = <OneShotExplain step={step} />;
  else body = <p className="explain-empty">{t(key(explainIntroKey(total, done)))}</p>;

  const atEnd = cursor >= total - 1;
  return (
    <section className="panel panel-explain" data-testid="explain.panel" aria-labelledby="explain-title">
      <header className="panel-head">
        <div className="panel-titles">
          <h2 id="explain-title">{t(key('title'))}</h2>
          <p className="panel-caption">{t(key('caption'))}</p>
        </div>
        <div className="panel-aside">
          <span className="chip" data-testid="explain.position" data-cursor={cursor} data-total={total}>
            {t('position', { n: Math.max(0, cursor + 1), total })}
          </span>
        </div>
      </header>
      <div className="explain-controls">
        <label className="explain-speed">
          <span>{t('speed')}</span>
          <select
            className="input"
            data-testid="explain.speed"
            value={speed}
            onChange={(e) => onSpeed(e.target.value)}
          >
            {EXPLAIN_SPEEDS.map((_, i) => (
              <option key={i} value={i}>
                {t(`speeds.${i}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          data-testid="explain.prev"
          disabled={!explainable || cursor <= 0}
          title={t('prevTitle')}
          onClick={() => explainPrev(appStore)}
        >
          ← {t('prev')}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="explain.next"
          disabled={!explainable || (atEnd && done)}
          title={t(done ? nextTitleKey(done) : key(nextTitleKey(done)))}
          onClick={() => {
            setPlaying(false);
            explainNext(appStore, controller);
          }}
        >
          {t('next')} →
        </button>
        {speed !== 0 && (
          <button
            type="button"
            className="button"
            data-testid="explain.play"
            disabled={!explainable || (!playing && atEnd && done)}
            onClick={() => togglePlay(appStore, controller)}
          >
            {playing ? t('pause') : t('play')}
          </button>
        )}
        {!oneShot && (
          <button
            type="button"
            className="button"
            data-testid="explain.skip"
            disabled={!explainable || atEnd}
            title={t('skipTitle')}
            onClick={() => setCursor(nextModelCursor(cursor))}
          >
            {t('skip')}
          </button>
        )}
      </div>
      <div className="panel-body explain-body">
        {body}
        {explainable && proposedWithoutChoices && <p className="explain-note muted">{t('noChoices')}</p>}
        {explainable && awaiting && (
          <p className="explain-note" role="status" data-testid="explain.awaiting">
            {t(key('awaiting'))}
          </p>
        )}
        {explainable && done && atEnd && <p className="explain-note muted">{t('done')}</p>}
      </div>
    </section>
  );
}
