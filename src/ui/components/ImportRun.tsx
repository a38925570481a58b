/**
 * Import of a run log: a button over a file input, and a file dropped anywhere on the page.
 * The file is JSON or gzip-compressed JSON (`.json.gz`, known by its magic bytes, not its name).
 * A refused file shows why (`import.error`) and changes nothing; an accepted one becomes the run.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { useController } from '../controllerContext';
import { GzipError, readRunLogFile, type GzipProblem } from '../gzipFile';
import { useMessageText } from '../messageText';
import './importRun.css';

/** The message for a gzip file that could not be decompressed. */
const GZIP_PROBLEM_CODE: Record<GzipProblem, string> = {
  corrupt: 'import:gzipCorrupt',
  unsupported: 'import:gzipUnsupported',
};

/** True when a drag carries files (not text or a link dragged within the page). */
const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

export function ImportRun() {
  const { t } = useTranslation('import');
  const controller = useController();
  const error = useAppStore((s) => s.importError);
  const text = useMessageText();
  const setImportError = useAppStore((s) => s.setImportError);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [file, setFile] = useState<string | null>(null);
  const [imported, setImported] = useState<string | null>(null);
  const proposals = useAppStore((s) => s.view.counts.proposed);

  const importFile = useCallback(
    async (chosen: File) => {
      setBusy(true);
      setImported(null);
      setFile(chosen.name);
      try {
        const text = await readRunLogFile(chosen);
        const outcome = await controller.importRun(text);
        if (outcome.ok) setImported(chosen.name);
      } catch (err) {
        if (err instanceof GzipError) setImportError({ code: GZIP_PROBLEM_CODE[err.problem] });
        else {
          const reason = err instanceof Error ? err.message : String(err);
          setImportError({ code: 'import:readFailed', params: { reason } });
        }
      } finally {
        setBusy(false);
      }
    },
    [controller, setImportError],
  );

  // Drop anywhere on the page; the browser would otherwise open the file and lose the run.
  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const dropped = e.dataTransfer?.files[0];
      if (dropped) void importFile(dropped);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [importFile]);

  return (
    <div className="import-run">
      <label className={`button import-button ${busy ? 'busy' : ''}`} title={t('title')}>
        <input
          type="file"
          accept=".json,.gz,.json.gz,application/json,application/gzip"
          className="visually-hidden"
          data-testid="run.import"
          disabled={busy}
          onChange={(e) => {
            const chosen = e.currentTarget.files?.[0];
            // Cleared so that choosing the same file again imports it again.
            e.currentTarget.value = '';
            if (chosen) void importFile(chosen);
          }}
        />
        {busy ? t('reading') : t('button')}
      </label>
      {error !== null && (
        <div className="import-error" role="alert" data-testid="import.error">
          <strong>{t('refused', { file: file ?? t('aFile') })}</strong>
          <span className="import-error-text">{text(error)}</span>
          <button type="button" className="button ghost small" onClick={() => setImportError(null)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      {error === null && imported !== null && (
        <div className="import-ok" role="status" data-testid="import.status">
          {t('imported', { file: imported, models: proposals })}
        </div>
      )}
      {dragging && (
        <div className="import-drop" aria-hidden="true">
          {t('dropping')}
        </div>
      )}
    </div>
  );
}
