/**
 * The one throttle rule for heavy redraws (Q-table, reward chart with thousands of points).
 * Chart wrappers call it instead of pasting their own timing conditions.
 */

/** Minimum time between two redraws of a heavy chart while a run is live, in milliseconds. */
export const REDRAW_INTERVAL_MS = 100;

/**
 * Whether a heavy chart should redraw now.
 * - nothing new (`pending` false): never;
 * - the run has stopped (`running` false: paused, done, reset, restored): always, so the final
 *   state is never held back;
 * - otherwise at most once every `intervalMs` (`lastDrawMs` and `nowMs` from the same clock,
 *   e.g. `performance.now()`).
 */
export function shouldRedraw(
  lastDrawMs: number,
  nowMs: number,
  pending: boolean,
  running = true,
  intervalMs: number = REDRAW_INTERVAL_MS,
): boolean {
  if (!pending) return false;
  if (!running) return true;
  return nowMs - lastDrawMs >= intervalMs;
}

/**
 * Applies `shouldRedraw` with a trailing draw: while the run is live, `request()` draws in a task
 * of its own (at once when allowed, otherwise once the interval has passed, so the last update of
 * a burst is always shown): the charts a worker message changes then draw one task each, not all
 * in the task that handles the message (issue #22: no long task); a stopped run draws at once.
 */
export class RedrawThrottle {
  private lastDrawMs = -Infinity;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly draw: () => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs: number = REDRAW_INTERVAL_MS,
  ) {}

  /**
   * New data is waiting; `running` is false once the run has stopped: it draws in the next task
   * without waiting for the interval. Never in the caller's task: when a run stops (or the
   * timeline moves) every chart has new data at once, and drawing them all in the task of that
   * store update made one long main-thread task; each chart now draws in a task of its own.
   */
  request(running = true): void {
    this.pending = true;
    const now = this.now();
    if (!running) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, 0);
      return;
    }
    // Allowed now: the next task; otherwise once the interval since the last draw has passed.
    const allowed = shouldRedraw(this.lastDrawMs, now, this.pending, running, this.intervalMs);
    this.timer ??= setTimeout(
      () => {
        this.timer = null;
        if (this.pending) this.flush();
      },
      allowed ? 0 : this.intervalMs - (now - this.lastDrawMs),
    );
  }

  /** The run stopped: a draw still waiting for its interval happens in the next task. */
  settle(): void {
    if (this.pending) this.request(false);
  }

  /** Draws now if anything is pending. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.pending) return;
    this.pending = false;
    this.lastDrawMs = this.now();
    this.draw();
  }

  /** Drops a scheduled draw (call when the chart is destroyed). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
  }
}
