/**
 * The run's export menu (`run.export` opens it): run log (JSON, gzip-compressed when large), results
 * (CSV), a one-shot run's supernet curves and architecture weights (CSV), the best architecture
 * (text) and the best model (tfjs files, trained again in a worker of its own).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bestResult, describeBestArchitecture, isTrainableRun } from '../../nas/bestArchitecture';
import { architectureWeightsCsv, supernetCurvesCsv } from '../../nas/oneshot/curvesCsv';
import { oneShotOf } from '../../nas/oneshot/view';
import { resultsCsv } from '../../nas/resultsCsv';
import { findStrategy } from '../../nas/strategies';
import type { RunLog } from '../../nas/runlog';
import { useAppStore } from '../../store';
import { useController } from '../controllerContext';
import { downloadRun, downloadText } from '../download';
import { percent } from '../format';
import { GZIP_EXPORT_THRESHOLD_BYTES } from '../gzipFile';
import { useMessageText } from '../messageText';
import type { ModelFormat } from '../../worker/protocol';
import { exportBestModel, useModelExport, type ModelExportState } from './modelExport';
import './export.css';

/** The size above which the run log downloads gzip-compressed, in MiB, as the menu says it. */
const GZIP_EXPORT_THRESHOLD_MEGABYTES = GZIP_EXPORT_THRESHOLD_BYTES / (1024 * 1024);

interface ItemProps {
  testId: string;
  label: string;
  note: string;
  disabled?: boolean;
  busy?: boolean;
  onSelect(): void;
}

function MenuItem({ testId, label, note, disabled = false, busy = false, onSelect }: ItemProps) {
  return (
    <button
      type="button"
      role="menuitem"
      className="export-item"
      data-testid={testId}
      disabled={disabled}
      aria-busy={busy}
      onClick={onSelect}
    >
      <span className="export-item-label">{label}</span>
      <span className="export-item-note">{note}</span>
    </button>
  );
}

/**
 * A model item's note: what it does, why it is not offered, or how far its export got (`state`
 * when it is this item's format).
 */
function useModelNote(
  state: ModelExportState,
  format: ModelFormat,
  tableRun: boolean,
  oneShot: boolean,
): string {
  const { t } = useTranslation('export');
  const messageText = useMessageText();
  if (tableRun) return t('model.table');
  const idle =
    format === 'pytorch'
      ? t(oneShot ? 'model.oneShotPytorchNote' : 'model.pytorchNote')
      : format === 'keras'
        ? t(oneShot ? 'model.oneShotKerasNote' : 'model.kerasNote')
        : t(oneShot ? 'model.oneShotNote' : 'model.note');
  if (state.status !== 'idle' && state.format !== format) return idle;
  switch (state.status) {
    case 'training':
      return state.progress
        ? t('model.training', { ...state.progress, arch: state.arch })
        : t('model.starting', { arch: state.arch });
    case 'done':
      return t('model.done', { accuracy: percent(state.accuracy, 2), reward: percent(state.reward, 2) });
    case 'failed':
      return t('model.failed', { message: messageText(state.message) });
    case 'idle':
      return idle;
  }
}

export function ExportMenu() {
  const { t } = useTranslation('export');
  const controller = useController();
  const hasRun = useAppStore((s) => s.view.counts.proposed > 0);
  const hasResult = useAppStore((s) => s.view.history.length > 0);
  const tableRun = useAppStore((s) => !isTrainableRun(s.config));
  const oneShot = useAppStore((s) => findStrategy(s.config.strategy)?.family === 'oneshot');
  const hasEpoch = useAppStore((s) => oneShot && oneShotOf(s.view.strategyView).epochs.length > 0);
  const model = useModelExport((s) => s);
  const [open, setOpen] = useState(false);
  const [savingLog, setSavingLog] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const modelNote = useModelNote(model, 'tfjs', tableRun, oneShot);
  const pytorchNote = useModelNote(model, 'pytorch', tableRun, oneShot);
  const kerasNote = useModelNote(model, 'keras', tableRun, oneShot);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const log = (): RunLog => controller.exportRun();
  const fileBase = (l: RunLog) => `nas-playground-${l.config.strategy}-seed${l.seed}`;
  const training = model.status === 'training';

  return (
    <div className="export-menu" ref={wrapper}>
      <button
        type="button"
        className="button"
        data-testid="run.export"
        disabled={!hasRun}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        title={t('menu.title')}
      >
        {t('menu.button')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="export-popover" role="menu" aria-label={t('menu.label')}>
          <MenuItem
            testId="export.log"
            label={t('log.label')}
            note={savingLog ? t('log.saving') : t('log.note', { megabytes: GZIP_EXPORT_THRESHOLD_MEGABYTES })}
            disabled={savingLog}
            busy={savingLog}
            onSelect={() => {
              setSavingLog(true);
              // A task boundary first, so the busy note can show before a long log is serialised.
              void new Promise((resolve) => setTimeout(resolve, 0))
                .then(() => downloadRun(log()))
                .finally(() => {
                  setSavingLog(false);
                  setOpen(false);
                });
            }}
          />
          <MenuItem
            testId="export.csv"
            label={t('csv.label')}
            note={hasResult ? t('csv.note') : t('none')}
            disabled={!hasResult}
            onSelect={() => {
              const l = log();
              downloadText(`${fileBase(l)}-results.csv`, resultsCsv(l), 'text/csv');
              setOpen(false);
            }}
          />
          {oneShot && (
            <MenuItem
              testId="export.curves"
              label={t('curves.label')}
              note={hasEpoch ? t('curves.note') : t('none')}
              disabled={!hasEpoch}
              onSelect={() => {
                const l = log();
                downloadText(`${fileBase(l)}-supernet.csv`, supernetCurvesCsv(l), 'text/csv');
                setOpen(false);
              }}
            />
          )}
          {oneShot && (
            <MenuItem
              testId="export.weights"
              label={t('weights.label')}
              note={hasEpoch ? t('weights.note') : t('none')}
              disabled={!hasEpoch}
              onSelect={() => {
                const l = log();
                downloadText(`${fileBase(l)}-weights.csv`, architectureWeightsCsv(l), 'text/csv');
                setOpen(false);
              }}
            />
          )}
          <MenuItem
            testId="export.arch"
            label={t('arch.label')}
            note={hasResult ? t('arch.note') : t('none')}
            disabled={!hasResult}
            onSelect={() => {
              const l = log();
              const text = describeBestArchitecture(l);
              const best = bestResult(l);
              if (text && best)
                downloadText(`${fileBase(l)}-best-model${best.index}.txt`, text, 'text/plain');
              setOpen(false);
            }}
          />
          <MenuItem
            testId="export.model"
            label={t(oneShot ? 'model.oneShotLabel' : 'model.label')}
            note={hasResult || tableRun ? modelNote : t('none')}
            disabled={!hasResult || tableRun || training}
            busy={training && model.format === 'tfjs'}
            onSelect={() => {
              const l = log();
              if (isTrainableRun(l.config)) exportBestModel(l);
            }}
          />
          <MenuItem
            testId="export.pytorch"
            label={t(oneShot ? 'model.oneShotPytorchLabel' : 'model.pytorchLabel')}
            note={hasResult || tableRun ? pytorchNote : t('none')}
            disabled={!hasResult || tableRun || training}
            busy={training && model.format === 'pytorch'}
            onSelect={() => {
              const l = log();
              if (isTrainableRun(l.config)) exportBestModel(l, 'pytorch');
            }}
          />
          <MenuItem
            testId="export.keras"
            label={t(oneShot ? 'model.oneShotKerasLabel' : 'model.kerasLabel')}
            note={hasResult || tableRun ? kerasNote : t('none')}
            disabled={!hasResult || tableRun || training}
            busy={training && model.format === 'keras'}
            onSelect={() => {
              const l = log();
              if (isTrainableRun(l.config)) exportBestModel(l, 'keras');
            }}
          />
        </div>
      )}
    </div>
  );
}
