/** Saves a run log, or any text, as a file through a temporary link (no network involved). */
import type { RunLog } from '../nas/runlog';
import { runLogFile } from './gzipFile';

/**
 * Saves a run log as `….json`, or gzip-compressed as `….json.gz` when its JSON is larger than
 * `GZIP_EXPORT_THRESHOLD_BYTES` (8 MiB; plain JSON where the browser cannot compress).
 */
export async function downloadRun(log: RunLog): Promise<void> {
  const name = `nas-playground-${log.config.strategy}-seed${log.seed}-${log.events.length}events.json`;
  const { blob, gzipped } = await runLogFile(JSON.stringify(log));
  downloadBlob(gzipped ? `${name}.gz` : name, blob);
}

/** Saves `text` as a file named `name` (CSV, JSON) through a temporary link. */
export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Saves `blob` (an image, model weights) as a file named `name` through a temporary link. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
