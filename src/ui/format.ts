/** Number formatting for the UI: one place so every panel writes a value the same way. */

/** `0.9731` -> `97.3%`. */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/** Parameter counts: `1,234`, `45.6k`, `1.23M`. */
export function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e4) return `${(n / 1e3).toPrecision(3)}k`;
  return n.toLocaleString('en-US');
}

/** Durations: `850 ms`, `4.2 s`, `3 min 05 s` (`3 分 05 秒` in Chinese). */
export function duration(ms: number, language = 'en'): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const [min, sec] = language.startsWith('zh') ? ['分', '秒'] : ['min', 's'];
  return `${Math.floor(s / 60)} ${min} ${String(s % 60).padStart(2, '0')} ${sec}`;
}

/** Bytes in MB with one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** A tensor shape: `[14, 14, 8]` -> `14×14×8`. */
export function shape(dims: readonly number[]): string {
  return dims.join('×');
}

/** A loss value with 4 significant digits. */
export function loss(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : '—';
}
