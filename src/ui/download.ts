/** Saves a run log, or any text, as a file through a temporary link (no network involved). */
import type { RunLog } from '../nas/runlog';

export function downloadRun(log: RunLog): void {
  downloadText(
    `nas-playground-${log.config.strategy}-seed${log.seed}-${log.events.length}events.json`,
    JSON.stringify(log),
    'application/json',
  );
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
