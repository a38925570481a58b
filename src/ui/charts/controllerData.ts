/**
 * From the NAS-RL controller's decisions (Zoph & Le, ICLR 2017) to what `ControllerView` shows:
 * one row per decision step with its outcome labels, the rows grouped by layer, the change of a
 * probability since the previous sample, and the reward-vs-baseline sparkline. Pure: no DOM.
 */
import { i18next } from '../../i18n';
import type { ChoiceName, DecisionStep, TokenSpec } from '../../nas/reinforce';

/** One decision step as the view lists it. */
export interface ControllerStepRow {
  /** Heading the row is listed under, e.g. `Layer 2` or `Normal cell · block 1`. */
  group: string;
  /** What the step decides, e.g. `filter height`. */
  name: string;
  /** One label per outcome, in token order. */
  labels: string[];
}

/** Labels of a skip step's outcomes: token 0 = not connected, 1 = connected. */
export const SKIP_LABELS: readonly string[] = ['no', 'yes'];

/** Step names in words, as the paper's Fig. 2 writes them (English; `strategy:controller.choice.*`). */
export const CHOICE_NAMES: Record<ChoiceName, string> = {
  filterHeight: 'filter height',
  filterWidth: 'filter width',
  strideHeight: 'stride h',
  strideWidth: 'stride w',
  filters: 'filters',
  input1: 'input 1',
  input2: 'input 2',
  op1: 'op 1',
  op2: 'op 2',
  combine: 'combine',
  op: 'op',
};

/** A controller word in the interface language, or `english` where the app set up none (tests). */
function words(key: string, english: string, vars?: Record<string, number>): string {
  return i18next.isInitialized
    ? i18next.t(`strategy:controller.${key}`, { ...vars, defaultValue: english })
    : english;
}

/** Overrides the outcome labels of a step; return undefined to keep the default. */
export type StepLabels = (step: DecisionStep, index: number) => readonly string[] | undefined;

/** A choice step may carry its own outcome labels (not in `DecisionStep` yet; read if present). */
function ownLabels(step: DecisionStep): readonly string[] | undefined {
  const labels = (step as { labels?: unknown }).labels;
  return Array.isArray(labels) && labels.every((l) => typeof l === 'string') ? labels : undefined;
}

/** Default labels: a skip's no / yes; a choice's own labels, else its values (pixels or channels). */
function defaultLabels(step: DecisionStep): string[] {
  if (step.kind === 'skip') return [...SKIP_LABELS];
  return [...(ownLabels(step) ?? step.choices.map(String))];
}

/**
 * The rows of `spec`, one per step in token order: group `Layer i` (1-based), names `filter
 * height`, `filter width`, `stride h`, `stride w`, `filters`, or `skip from layer j` (1-based).
 * `labelsOf` may replace a step's labels; it must give one label per outcome.
 */
export function stepRows(spec: TokenSpec, labelsOf?: StepLabels): ControllerStepRow[] {
  return spec.steps.map((step, index) => {
    const defaults = defaultLabels(step);
    const custom = labelsOf?.(step, index);
    if (custom && custom.length !== defaults.length)
      throw new Error(`Step ${index} has ${defaults.length} outcomes, got ${custom.length} labels`);
    return {
      group: words('layer', `Layer ${step.layer + 1}`, { layer: step.layer + 1 }),
      name:
        step.kind === 'skip'
          ? words('skipFrom', `skip from layer ${step.from + 1}`, { layer: step.from + 1 })
          : words(`choice.${step.name}`, CHOICE_NAMES[step.name]),
      labels: custom ? [...custom] : defaults,
    };
  });
}

/** Whether a row is a yes/no skip decision, which the view draws compactly. */
export function isSkipRow(row: Pick<ControllerStepRow, 'labels'>): boolean {
  return row.labels.length === 2 && row.labels[0] === SKIP_LABELS[0] && row.labels[1] === SKIP_LABELS[1];
}

/** Consecutive rows of one group, with the step index of the first. */
export interface StepGroup<Row extends Pick<ControllerStepRow, 'group'>> {
  group: string;
  /** Index of the group's first step in the token sequence. */
  start: number;
  rows: Row[];
}

/** Rows cut into runs of the same `group`, in order (a group that comes back starts a new run). */
export function groupSteps<Row extends Pick<ControllerStepRow, 'group'>>(
  rows: readonly Row[],
): StepGroup<Row>[] {
  const groups: StepGroup<Row>[] = [];
  rows.forEach((row, index) => {
    const last = groups.at(-1);
    if (last && last.group === row.group) last.rows.push(row);
    else groups.push({ group: row.group, start: index, rows: [row] });
  });
  return groups;
}

/** Change of one outcome's probability since the previous sample; null without a previous one. */
export function probabilityDelta(
  probabilities: readonly (readonly number[])[] | null,
  previous: readonly (readonly number[])[] | null,
  step: number,
  outcome: number,
): number | null {
  const now = probabilities?.[step]?.[outcome];
  const before = previous?.[step]?.[outcome];
  return now === undefined || before === undefined ? null : now - before;
}

/** Changes smaller than this (0.5 percentage points) are shown as no change. */
export const DELTA_THRESHOLD = 0.005;

/** `up`, `down` or null (no previous sample, or a change below `DELTA_THRESHOLD`). */
export function deltaDirection(delta: number | null): 'up' | 'down' | null {
  if (delta === null || Math.abs(delta) < DELTA_THRESHOLD) return null;
  return delta > 0 ? 'up' : 'down';
}

/** A reward and the baseline after it, one per controller update. */
export interface BaselinePoint {
  baseline: number;
  reward: number;
}

/** SVG paths of the sparkline, in a box of the given size, y up. */
export interface Sparkline {
  reward: string;
  baseline: string;
  /** Smallest and largest value drawn (rewards and baselines together). */
  domain: [number, number];
}

/**
 * Polylines of reward and baseline over `history`, left to right, in a `width` x `height` box
 * with `pad` pixels kept free at top and bottom. Null with fewer than two points.
 */
export function sparkline(
  history: readonly BaselinePoint[],
  width: number,
  height: number,
  pad = 2,
): Sparkline | null {
  if (history.length < 2) return null;
  const values = history.flatMap((p) => [p.reward, p.baseline]).filter(Number.isFinite);
  if (values.length === 0) return null;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  const x = (i: number) => (i / (history.length - 1)) * width;
  const y = (v: number) => pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad);
  const path = (key: keyof BaselinePoint) =>
    history.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join('');
  return {
    reward: path('reward'),
    baseline: path('baseline'),
    domain: [Math.min(...values), Math.max(...values)],
  };
}
