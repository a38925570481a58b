/**
 * The saved runs (open, rename, duplicate, delete, new) and the persistent result cache
 * (count, export, import, clear), in the sidebar. Refusals are shown here and change nothing.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../storage/db';
import { MessageError } from '../../nas/messageError';
import type { Message } from '../../nas/message';
import { useAppStore } from '../../store';
import { datasetDisplayName } from '../../nas/userDatasets';
import { downloadText } from '../download';
import { useMessageText } from '../messageText';
import { percent } from '../format';
import { useRunsManager } from '../runsContext';
import './runsPanel.css';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function RunRow({
  run,
  current,
  onError,
}: {
  run: RunRecord;
  current: boolean;
  onError(message: string): void;
}) {
  const { t, i18n } = useTranslation('runs');
  const runs = useRunsManager();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(run.name);
  const [armed, setArmed] = useState(false);
  const act = (command: () => Promise<void>) => {
    onError('');
    command().catch((err: unknown) => onError(errorText(err)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!runs) return;
    act(async () => {
      await runs.rename(run.id, name);
      setEditing(false);
    });
  };
  const updated = new Date(run.updated).toLocaleString(i18n.language === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return (
    <li
      className={`runs-row ${current ? 'current' : ''}`}
      data-testid="runs.row"
      data-run-id={run.id}
      data-current={current}
    >
      {editing ? (
        <form className="runs-rename" onSubmit={submit}>
          <input
            className="input"
            aria-label={t('nameLabel')}
            data-testid="runs.rename.input"
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button small" data-testid="runs.rename.save">
            {t('save')}
          </button>
          <button type="button" className="button small" onClick={() => setEditing(false)}>
            {t('cancel')}
          </button>
        </form>
      ) : (
        <div className="runs-name" data-testid="runs.name">
          {run.name}
          {current ? <span className="runs-current">{t('current')}</span> : null}
        </div>
      )}
      <div className="runs-meta">
        {t('meta', {
          strategy: t(`compare:strategies.${run.summary.strategy}`, { defaultValue: run.summary.strategy }),
          dataset: datasetDisplayName(run.summary.dataset),
          trained: run.summary.trained,
          best: percent(run.summary.bestReward, 1),
        })}
        {' · '}
        {t('updated', { time: updated })}
      </div>
      <div className="runs-actions">
        <button
          type="button"
          className="button small"
          data-testid="runs.open"
          disabled={current || !runs}
          title={t('openTitle')}
          onClick={() => runs && act(() => runs.open(run.id))}
        >
          {t('open')}
        </button>
        <button
          type="button"
          className="button small"
          data-testid="runs.rename"
          disabled={!runs}
          onClick={() => {
            setName(run.name);
            setEditing(!editing);
          }}
        >
          {t('rename')}
        </button>
        <button
          type="button"
          className="button small"
          data-testid="runs.duplicate"
          disabled={!runs}
          title={t('duplicateTitle')}
          onClick={() => runs && act(() => runs.duplicate(run.id))}
        >
          {t('duplicate')}
        </button>
        <button
          type="button"
          className={`button small ${armed ? 'danger' : ''}`}
          data-testid="runs.delete"
          disabled={current || !runs}
          title={current ? t('deleteOpenTitle') : t('deleteTitle')}
          onBlur={() => setArmed(false)}
          onClick={() => {
            if (!runs) return;
            if (!armed) setArmed(true);
            else act(() => runs.remove(run.id));
          }}
        >
          {armed ? t('deleteConfirm') : t('delete')}
        </button>
      </div>
    </li>
  );
}

function CacheControls() {
  const { t } = useTranslation('runs');
  const runs = useRunsManager();
  const count = useAppStore((s) => s.cacheCount);
  const messageText = useMessageText();
  // A refusal keeps its message, so it is shown in the language of the moment.
  const [message, setMessage] = useState<
    { text: string; error: false } | { problem: Message | string; error: true } | null
  >(null);
  const [armed, setArmed] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const act = (command: () => Promise<string>) => {
    setMessage(null);
    command().then(
      (text) => setMessage({ text, error: false }),
      (err: unknown) =>
        setMessage({ problem: err instanceof MessageError ? err.problem : errorText(err), error: true }),
    );
  };
  const disabled = !runs || count === null;
  return (
    <div className="runs-cache">
      <div className="runs-cache-head">
        <h3>{t('cache.title')}</h3>
        <span className="chip" data-testid="cache.count" data-count={count ?? ''}>
          {count === null ? t('cache.countUnavailable') : t('cache.count', { count })}
        </span>
      </div>
      <p className="runs-caption">{t('cache.caption')}</p>
      <div className="runs-actions">
        <button
          type="button"
          className="button small"
          data-testid="cache.export"
          disabled={disabled || count === 0}
          title={t('cache.exportTitle')}
          onClick={() =>
            runs &&
            act(async () => {
              const doc = await runs.exportCache();
              downloadText(
                `nas-playground-result-cache-${doc.entries.length}.json`,
                JSON.stringify(doc),
                'application/json',
              );
              return '';
            })
          }
        >
          {t('cache.export')}
        </button>
        <button
          type="button"
          className="button small"
          data-testid="cache.import"
          disabled={disabled}
          title={t('cache.importTitle')}
          onClick={() => file.current?.click()}
        >
          {t('cache.import')}
        </button>
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="cache.import.file"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = '';
            if (!chosen || !runs) return;
            act(async () => t('cache.imported', { count: await runs.importCache(await chosen.text()) }));
          }}
        />
        <button
          type="button"
          className={`button small ${armed ? 'danger' : ''}`}
          data-testid="cache.clear"
          disabled={disabled || count === 0}
          title={t('cache.clearTitle')}
          onBlur={() => setArmed(false)}
          onClick={() => {
            if (!runs) return;
            if (!armed) return setArmed(true);
            setArmed(false);
            act(async () => {
              await runs.clearCache();
              return t('cache.cleared');
            });
          }}
        >
          {armed ? t('cache.clearConfirm') : t('cache.clear')}
        </button>
      </div>
      {message && (message.error || message.text !== '') ? (
        <p
          className={message.error ? 'runs-error' : 'runs-note'}
          role={message.error ? 'alert' : 'status'}
          data-testid={message.error ? 'cache.error' : 'cache.message'}
        >
          {message.error ? t('cache.refused', { error: messageText(message.problem) }) : message.text}
        </p>
      ) : null}
    </div>
  );
}

export function RunsPanel() {
  const { t } = useTranslation('runs');
  const runs = useRunsManager();
  const saved = useAppStore((s) => s.savedRuns);
  const currentId = useAppStore((s) => s.currentRunId);
  // A run without proposals is already new: its settings are the form's.
  const started = useAppStore((s) => s.view.counts.proposed > 0);
  const [error, setError] = useState('');
  return (
    <section className="runs-panel" aria-labelledby="runs-title">
      <div className="runs-head">
        <h2 id="runs-title">{t('title')}</h2>
        <button
          type="button"
          className="button small"
          data-testid="runs.new"
          disabled={!runs || !started}
          title={t('newTitle')}
          onClick={() => {
            setError('');
            runs?.newRun().catch((err: unknown) => setError(errorText(err)));
          }}
        >
          {t('new')}
        </button>
      </div>
      <p className="runs-caption">{t('caption')}</p>
      {error !== '' ? (
        <p className="runs-error" role="alert" data-testid="runs.error">
          {error}
        </p>
      ) : null}
      <ul className="runs-list" data-testid="runs.list">
        {saved.length === 0 ? <li className="empty">{t('empty')}</li> : null}
        {saved.map((run) => (
          <RunRow key={run.id} run={run} current={run.id === currentId} onError={setError} />
        ))}
      </ul>
      <CacheControls />
    </section>
  );
}
