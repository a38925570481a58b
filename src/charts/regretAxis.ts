/** The regret chart's y axis (RegretChart.ts): its scale, tick values and labels, pure for tests. */
import { format, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

/** Lowest regret a log axis shows (0.01 percentage points); regrets of 0 are drawn there. */
export const LOG_FLOOR = 1e-4;

/** The y scale for regrets up to `maxY` (accuracy units) over `height` px, log or linear. */
export function regretYScale(
  maxY: number,
  logY: boolean,
  height: number,
): ScaleContinuousNumeric<number, number> {
  return logY
    ? scaleLog()
        .domain([LOG_FLOOR, Math.max(maxY, LOG_FLOOR * 10)])
        .nice()
        .range([height, 0])
    : scaleLinear()
        .domain([0, maxY > 0 ? maxY : 0.1])
        .nice()
        .range([height, 0]);
}

/**
 * Tick values of `y`: five round values on a linear axis; on a log axis the powers of ten above
 * the floor. A log axis has no 0, and the floor (where zero regrets are drawn) is not 0.01 pp
 * of anything a reader measured, so it gets no tick.
 */
export function regretYTicks(y: ScaleContinuousNumeric<number, number>, logY: boolean): number[] {
  if (!logY) return y.ticks(5);
  return y.ticks().filter((t) => t > LOG_FLOOR && Number.isInteger(Math.log10(t)));
}

/** A tick's label in percentage points, e.g. `0.1`, `1`, `10` (log) or `2.5` (linear). */
export function regretTickLabel(value: number, logY: boolean): string {
  return logY ? String(Number((value * 100).toPrecision(2))) : format('.2~f')(value * 100);
}
