/**
 * "Your data" in the sidebar: import a dataset (a folder of class folders, a zip of one, a CSV or
 * IDX files), look at what was read, keep it under a name; the kept datasets are listed, used by
 * the run with one click, and deletable. A refused import says which file and why, and stores
 * nothing. The data never leaves this browser.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportFile, ImportSide } from '../../data/import/types';
import { onUserDatasetsChange } from '../../nas/userDatasets';
import { presetConfig } from '../../nas/presets';
import type { DatasetRecord } from '../../storage/db';
import { useAppStore } from '../../store';
import { DatasetPreview } from './DatasetPreview';
import {
  defaultSplit,
  deleteDataset,
  listDatasets,
  readDraft,
  saveDraft,
  suggestedName,
  type HashedDraft,
} from './datasetService';
import './datasetPanel.css';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The files of an input, with their folder paths. */
async function importFilesOf(list: FileList): Promise<ImportFile[]> {
  return Promise.all(
    [...list].map(async (file) => ({
      path: file.webkitRelativePath || file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

function DatasetRow({
  record,
  inUse,
  onUse,
  onError,
}: {
  record: DatasetRecord;
  inUse: boolean;
  onUse(): void;
  onError(text: string): void;
}) {
  const { t } = useTranslation('data');
  const [armed, setArmed] = useState(false);
  return (
    <li className={`runs-row ${inUse ? 'current' : ''}`} data-testid="data.row" data-id={record.id}>
      <div className="runs-name">{record.name}</div>
      <div className="runs-meta">
        {t('rowMeta', {
          count: record.count,
          classes: record.classNames.length,
          side: record.side,
          colour: t(record.channels === 1 ? 'grey' : 'rgb'),
        })}
      </div>
      <div className="runs-actions">
        <button
          type="button"
          className="button small"
          data-testid="data.use"
          disabled={inUse}
          onClick={onUse}
        >
          {inUse ? t('inUse') : t('use')}
        </button>
        <button
          type="button"
          className={`button small ${armed ? 'danger' : ''}`}
          data-testid="data.delete"
          disabled={inUse}
          title={inUse ? t('deleteInUse') : undefined}
          onClick={() => {
            if (!armed) return setArmed(true);
            deleteDataset(record.id).catch((err: unknown) => onError(errorText(err)));
          }}
          onBlur={() => setArmed(false)}
        >
          {armed ? t('deleteConfirm') : t('delete')}
        </button>
      </div>
    </li>
  );
}

export function DatasetPanel() {
  const { t } = useTranslation('data');
  const draftConfig = useAppStore((s) => s.draft);
  const patchConfig = useAppStore((s) => s.patchConfig);
  const [records, setRecords] = useState<DatasetRecord[]>([]);
  const [reading, setReading] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [draft, setDraft] = useState<{ data: HashedDraft; name: string; files: ImportFile[] } | null>(null);
  const [saving, setSaving] = useState(false);

  const refresh = useCallback(() => {
    listDatasets()
      .then(setRecords)
      .catch(() => setRecords([]));
  }, []);
  useEffect(() => {
    refresh();
    return onUserDatasetsChange(refresh);
  }, [refresh]);

  const cap = presetConfig(draftConfig.fidelity).data;
  const choose = (record: Pick<DatasetRecord, 'id' | 'count'>) => {
    setError('');
    const result = patchConfig({ dataset: record.id, data: defaultSplit(record.count, cap) }, 'dataset');
    if (!result.ok) setError(result.errors.map((e) => e.message).join(' '));
  };

  const readFiles = async (files: ImportFile[], side?: ImportSide, name?: string) => {
    setError('');
    setDraft(null);
    setReading(files.length);
    try {
      setDraft({ data: await readDraft(files, side), name: name ?? suggestedName(files), files });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setReading(null);
    }
  };
  const read = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setReading(list.length);
    try {
      await readFiles(await importFilesOf(list));
    } catch (err) {
      setError(errorText(err));
      setReading(null);
    }
  };

  const save = async (name: string) => {
    if (!draft) return;
    setSaving(true);
    try {
      const record = await saveDraft(draft.data, name);
      setDraft(null);
      choose(record);
    } catch (err) {
      setError(t('saveFailed', { reason: errorText(err) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="runs-panel data-panel" data-testid="data.panel" aria-labelledby="data-title">
      <div className="runs-head">
        <h2 id="data-title">{t('title')}</h2>
      </div>
      <p className="runs-caption">{t('caption')}</p>
      <div className="runs-actions">
        <label className="button small data-pick">
          {t('pickFolder')}
          <input
            type="file"
            className="visually-hidden"
            data-testid="data.import"
            // A folder of class folders; the attribute is not in React's types.
            {...{ webkitdirectory: '', directory: '' }}
            multiple
            disabled={reading !== null}
            onChange={(e) => {
              void read(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <label className="button small data-pick">
          {t('pickFiles')}
          <input
            type="file"
            className="visually-hidden"
            data-testid="data.importFiles"
            accept=".zip,.csv,.gz,.idx,.idx1-ubyte,.idx3-ubyte,.ubyte,image/png,image/jpeg"
            multiple
            disabled={reading !== null}
            onChange={(e) => {
              void read(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {reading !== null && (
        <p className="runs-caption" role="status" data-testid="data.reading">
          {t('reading', { count: reading })}
        </p>
      )}
      {error !== '' && (
        <p className="data-error" role="alert" data-testid="data.importError">
          {error}
        </p>
      )}
      {draft && (
        <DatasetPreview
          key={draft.data.id}
          draft={draft.data}
          suggestedName={draft.name}
          split={defaultSplit(draft.data.labels.length, cap)}
          busy={saving}
          onSave={(name) => void save(name)}
          onCancel={() => setDraft(null)}
          onSide={(side, name) => void readFiles(draft.files, side, name)}
        />
      )}
      {records.length > 0 && (
        <ul className="runs-list" data-testid="data.list">
          {records.map((record) => (
            <DatasetRow
              key={record.id}
              record={record}
              inUse={draftConfig.dataset === record.id}
              onUse={() => choose(record)}
              onError={setError}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
