import { describe, expect, it, vi } from 'vitest';
import { REDRAW_INTERVAL_MS, RedrawThrottle, shouldRedraw } from './shouldRedraw';

describe('shouldRedraw', () => {
  it('never redraws when nothing is pending', () => {
    expect(shouldRedraw(0, 10_000, false)).toBe(false);
    expect(shouldRedraw(0, 10_000, false, false)).toBe(false);
  });

  it('redraws at most every REDRAW_INTERVAL_MS while the run is live', () => {
    expect(shouldRedraw(1000, 1000 + REDRAW_INTERVAL_MS - 1, true)).toBe(false);
    expect(shouldRedraw(1000, 1000 + REDRAW_INTERVAL_MS, true)).toBe(true);
  });

  it('always redraws once the run has stopped', () => {
    expect(shouldRedraw(1000, 1001, true, false)).toBe(true);
  });
});

describe('RedrawThrottle', () => {
  it('draws a live run in a task of its own, at most once an interval, the last of a burst included', () => {
    vi.useFakeTimers();
    let now = 0;
    const draw = vi.fn();
    const throttle = new RedrawThrottle(draw, () => now);
    throttle.request();
    // Not in the caller's task: the next one.
    expect(draw).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(0);
    expect(draw).toHaveBeenCalledTimes(1);
    now = 30;
    throttle.request();
    now = 60;
    throttle.request();
    vi.advanceTimersByTime(60);
    expect(draw).toHaveBeenCalledTimes(1);
    now = 100;
    vi.advanceTimersByTime(10);
    expect(draw).toHaveBeenCalledTimes(2);
    // A stopped run draws in the next task, not waiting for the interval (nor in the caller's task).
    now = 110;
    throttle.request(false);
    expect(draw).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(0);
    expect(draw).toHaveBeenCalledTimes(3);
    throttle.cancel();
    vi.useRealTimers();
  });
});
