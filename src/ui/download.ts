/** Saves a run log as a JSON file through a temporary link (no network involved). */
import type { RunLog } from '../nas/runlog';

export function downloadRun(log: RunLog): void {
  const blob = new Blob([JSON.stringify(log)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `nas-playground-${log.config.strategy}-seed${log.seed}-${log.events.length}events.json`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves `text` as a file named `name` (CSV, JSON) through a temporary link. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
