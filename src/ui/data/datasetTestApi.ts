/**
 * The dataset methods of `window.nasPlayground` (README: Testing API): import files as the
 * "Your data" panel does, list and delete imported datasets. Arguments are checked and a bad one
 * rejects with a message naming what is allowed; a refused import rejects with the panel's message.
 */
import { presetConfig } from '../../nas/presets';
import type { DatasetRecord } from '../../storage/db';
import type { ImportFile, ImportSide } from '../../data/import/types';
import type { RunController } from '../controller';
import { shown } from '../testApiArgs';
import {
  defaultSplit,
  deleteDataset,
  listDatasets,
  readDraft,
  saveDraft,
  suggestedName,
} from './datasetService';

/** One file given to `importDataset`: its path (class folder included) and its bytes. */
export interface DatasetFileArg {
  /** '/'-separated, e.g. `digits/3/a.png`: the parent folder names the class. */
  path: string;
  /** The bytes as base64 (images, zips, IDX), or ... */
  base64?: string;
  /** ... the text of a CSV. */
  text?: string;
}

export interface ImportDatasetOptions {
  /** Name it is kept under (default: the folder or file name). */
  name?: string;
  /** Side the images are resized to (default: 28 when every image is at least 28 pixels, else 14). */
  side?: ImportSide;
  /** Make it the run's dataset, resetting the run (default true). */
  use?: boolean;
}

/** An imported dataset as the test API reports it. */
export interface DatasetInfoResult {
  /** `user:` and 16 hex digits of the content hash: the value of `dataset` in the config. */
  id: string;
  name: string;
  /** SHA-256 (hex) of side, channels, labels and pixels. */
  hash: string;
  format: DatasetRecord['format'];
  count: number;
  classNames: string[];
  perClass: number[];
  side: number;
  channels: number;
}

const infoOf = (r: DatasetRecord): DatasetInfoResult => ({
  id: r.id,
  name: r.name,
  hash: r.hash,
  format: r.format,
  count: r.count,
  classNames: [...r.classNames],
  perClass: [...r.perClass],
  side: r.side,
  channels: r.channels,
});

function decodeBase64(text: string, path: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`importDataset(): the base64 of ${path} is not valid base64`);
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The files argument as import files; rejects anything else with what is allowed. */
export function checkDatasetFiles(files: unknown): ImportFile[] {
  if (!Array.isArray(files) || files.length === 0)
    throw new Error(
      `importDataset() takes a non-empty array of { path, base64 | text }; got ${shown(files)}`,
    );
  return files.map((file: unknown, i) => {
    const f = file as Partial<DatasetFileArg> | null;
    if (typeof f !== 'object' || f === null || typeof f.path !== 'string' || f.path.trim() === '')
      throw new Error(`importDataset(): file ${i} needs a path (a non-empty string); got ${shown(file)}`);
    const hasBase64 = typeof f.base64 === 'string';
    const hasText = typeof f.text === 'string';
    if (hasBase64 === hasText)
      throw new Error(`importDataset(): ${f.path} needs exactly one of base64 (bytes) or text (a CSV)`);
    return {
      path: f.path,
      bytes: hasBase64 ? decodeBase64(f.base64!, f.path) : new TextEncoder().encode(f.text!),
    };
  });
}

/** The options argument; rejects unknown keys and bad values. */
export function checkImportOptions(options: unknown): ImportDatasetOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new Error(`importDataset() options are an object { name?, side?, use? }; got ${shown(options)}`);
  const o = options as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((k) => !['name', 'side', 'use'].includes(k));
  if (unknownKeys.length > 0) throw new Error(`importDataset() options have no ${unknownKeys.join(', ')}`);
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === ''))
    throw new Error(`importDataset(): name must be a non-empty string; got ${shown(o.name)}`);
  if (o.side !== undefined && o.side !== 14 && o.side !== 28)
    throw new Error(`importDataset(): side must be 14 or 28; got ${shown(o.side)}`);
  if (o.use !== undefined && typeof o.use !== 'boolean')
    throw new Error(`importDataset(): use must be true or false; got ${shown(o.use)}`);
  return o as ImportDatasetOptions;
}

export interface DatasetTestApi {
  importDataset(files: DatasetFileArg[], options?: ImportDatasetOptions): Promise<DatasetInfoResult>;
  datasets(): Promise<DatasetInfoResult[]>;
  deleteDataset(id: string): Promise<void>;
}

export function datasetTestApi(
  controller: Pick<RunController, 'configure'>,
  fidelity: () => string,
): DatasetTestApi {
  return {
    async importDataset(files, options) {
      const given = checkDatasetFiles(files);
      const opts = checkImportOptions(options);
      const draft = await readDraft(given, opts.side);
      const record = await saveDraft(draft, opts.name?.trim() ?? suggestedName(given));
      if (opts.use ?? true) {
        const cap = presetConfig(fidelity() as Parameters<typeof presetConfig>[0]).data;
        await controller.configure({ dataset: record.id, data: defaultSplit(record.count, cap) });
      }
      return infoOf(record);
    },
    async datasets() {
      return (await listDatasets()).map(infoOf);
    },
    async deleteDataset(id) {
      if (typeof id !== 'string' || !(await listDatasets()).some((r) => r.id === id))
        throw new Error(`deleteDataset(): no imported dataset ${shown(id)}`);
      await deleteDataset(id);
    },
  };
}
