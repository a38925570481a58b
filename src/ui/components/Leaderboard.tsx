/**
 * The ten best architectures of the run by reward, with how often they were re-proposed, and
 * (for a run that trains its models) buttons exporting any row as PyTorch or Keras code.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isTrainableRun } from '../../nas/bestArchitecture';
import type { ResultEvent } from '../../nas/runlog';
import { TABLE_BACKEND } from '../../nas/tableEvaluate';
import { shownView, useAppStore } from '../../store';
import type { PythonFormat } from '../../worker/protocol';
import { useController } from '../controllerContext';
import { exportResultModel, useModelExport } from '../export/modelExport';
import { count, duration, percent } from '../format';
import { Panel } from './Panel';
import { ResultCacheBadge } from './ResultCacheBadge';
import { TrainingPathBadge } from './TrainingPathBadge';

interface Entry {
  result: ResultEvent;
  /** Times the architecture was proposed again and answered from the replay dictionary. */
  reused: number;
}

/** Unique trained architectures, best first (ties: earlier first). */
export function topEntries(history: readonly ResultEvent[], limit = 10): Entry[] {
  const byArch = new Map<string, Entry>();
  for (const result of history) {
    const entry = byArch.get(result.arch);
    if (!entry) byArch.set(result.arch, { result, reused: result.cached ? 1 : 0 });
    else if (result.cached) entry.reused++;
  }
  return [...byArch.values()]
    .sort((a, b) => b.result.reward - a.result.reward || a.result.index - b.result.index)
    .slice(0, limit);
}

export function Leaderboard() {
  const { t, i18n } = useTranslation('panels');
  const history = useAppStore((s) => shownView(s).history);
  const size = useAppStore((s) => shownView(s).history.length);
  // `history` is appended in place: its length says when to recompute.
  const entries = useMemo(() => topEntries(history.slice(0, size)), [history, size]);
  // BlockQNN results carry the terms of the early-stop reward: show them beside the reward.
  const terms = entries.some((e) => e.result.flops !== undefined);
  // Looked up in NAS-Bench-201's table, a result has no parameters or training time of its own:
  // their columns would read 0, so they give the cell strings their room.
  const lookedUp = entries.length > 0 && entries.every((e) => e.result.backend === TABLE_BACKEND);
  const sizes = !terms && !lookedUp;
  const exportable = useAppStore((s) => isTrainableRun(s.config)) && !lookedUp;
  const controller = useController();
  // Primitives: a selector making a new object each time would re-render without end.
  const exportingArch = useModelExport((s) => (s.status === 'training' ? s.arch : null));
  const exportingFormat = useModelExport((s) => (s.status === 'training' ? s.format : null));
  const exportButton = (result: ResultEvent, format: PythonFormat) => (
    <button
      type="button"
      className="row-export-button"
      data-testid={`leaderboard.export.${format}`}
      data-arch={result.arch}
      title={t(`leaderboard.export.${format}Title`, { arch: result.arch })}
      disabled={exportingArch !== null}
      aria-busy={exportingArch === result.arch && exportingFormat === format}
      onClick={() => exportResultModel(controller.exportRun(), result, format)}
    >
      {t(`leaderboard.export.${format}`)}
    </button>
  );
  return (
    <Panel title={t('leaderboard.title')} caption={t('leaderboard.caption')} className="panel-leaderboard">
      <div className="table-scroll" data-testid="leaderboard">
        {entries.length === 0 ? (
          <p className="empty">{t('leaderboard.empty')}</p>
        ) : (
          <table
            className="data-table leaderboard-table"
            data-columns={sizes ? 'sizes' : terms ? 'terms' : 'reward'}
          >
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">{t('leaderboard.architecture')}</th>
                <th scope="col" className="num">
                  {t('leaderboard.reward')}
                </th>
                {terms ? (
                  <>
                    <th scope="col" className="num" title={t('leaderboard.accuracyTitle')}>
                      {t('leaderboard.accuracy')}
                    </th>
                    <th scope="col" className="num" title={t('leaderboard.macsTitle')}>
                      {t('leaderboard.macs')}
                    </th>
                    <th scope="col" className="num" title={t('leaderboard.densityTitle')}>
                      {t('leaderboard.density')}
                    </th>
                  </>
                ) : null}
                {sizes ? (
                  <th scope="col" className="num">
                    {t('leaderboard.params')}
                  </th>
                ) : null}
                {sizes ? (
                  <th scope="col" className="num">
                    {t('leaderboard.time')}
                  </th>
                ) : null}
                <th scope="col" className="num" title={t('leaderboard.reusedTitle')}>
                  ↺
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ result, reused }, i) => (
                <tr key={result.arch} className={i === 0 ? 'best' : undefined}>
                  <td className="num rank">{i + 1}</td>
                  <td className="mono arch-cell" title={result.arch}>
                    {result.arch}
                    <ResultCacheBadge result={result} />
                    <TrainingPathBadge
                      trainedOn={result.trainedOn}
                      engineFallback={result.engineFallbackMessage ?? result.engineFallback}
                      testId="result.trainedOn"
                    />
                    {/* Under the architecture, not a column of its own: the card is narrow and
                        the cell strings need the width. */}
                    {exportable ? (
                      <span className="row-export" aria-label={t('leaderboard.export.title')}>
                        {exportButton(result, 'pytorch')}
                        {exportButton(result, 'keras')}
                      </span>
                    ) : null}
                  </td>
                  <td className="num">
                    {terms && result.reward !== result.accuracy
                      ? result.reward.toFixed(3)
                      : percent(result.reward, 2)}
                  </td>
                  {terms ? (
                    <>
                      <td className="num">{percent(result.accuracy, 2)}</td>
                      <td
                        className="num"
                        title={t('leaderboard.flopsPenalty', { value: result.flopsPenalty?.toFixed(3) })}
                      >
                        {count(result.flops ?? 0)}
                      </td>
                      <td
                        className="num"
                        title={t('leaderboard.densityPenalty', { value: result.densityPenalty?.toFixed(3) })}
                      >
                        {result.density?.toFixed(2)}
                      </td>
                    </>
                  ) : null}
                  {sizes ? <td className="num">{count(result.params)}</td> : null}
                  {sizes ? <td className="num">{duration(result.trainMs, i18n.language)}</td> : null}
                  <td className="num">{reused > 0 ? <span className="cached-mark">↺ {reused}</span> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Panel>
  );
}
