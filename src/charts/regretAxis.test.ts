import { describe, expect, it } from 'vitest';
import { LOG_FLOOR, regretTickLabel, regretYScale, regretYTicks } from './regretAxis';

/** The y axis labels, bottom to top, for regrets up to `maxY`. */
const labels = (maxY: number, logY: boolean) =>
  regretYTicks(regretYScale(maxY, logY, 200), logY).map((t) => regretTickLabel(t, logY));

describe('regret y axis', () => {
  it('on a log scale shows decades of percentage points and no 0', () => {
    expect(labels(0.05, true)).toEqual(['0.1', '1', '10']);
    expect(labels(0, true)).toEqual(['0.1']);
  });

  it('on a log scale has no tick at the floor where zero regrets are drawn', () => {
    const y = regretYScale(0.3, true, 200);
    expect(regretYTicks(y, true)).toEqual([1e-3, 1e-2, 1e-1, 1]);
    expect(regretYTicks(y, true)).not.toContain(LOG_FLOOR);
  });

  it('on a linear scale starts at 0', () => {
    expect(labels(0.04, false)).toEqual(['0', '1', '2', '3', '4']);
  });
});
