/**
 * Framework-free d3 charts with an imperative API (`new Chart(el)`, `update(data)`, `reset()`,
 * `destroy()`). Inputs are plain data declared next to each chart; importing this module also
 * loads the chart theme (charts.css: colours as CSS custom properties, light and dark).
 */
import './charts.css';
// d3's package is marked side-effect free, so a bundler drops the import that adds
// selection.transition() and selection.interrupt(); importing the module itself keeps it.
import 'd3-transition';

export { EpsilonChart, type EpsilonChartData, type EpsilonScheduleStep } from './EpsilonChart';
export { RewardChart, SVG_POINT_LIMIT, type RewardChartData, type RewardPoint } from './RewardChart';
export {
  QTableView,
  summarize as summarizeQTable,
  summaryText as qtableSummaryText,
  type QTableAction,
  type QTableCellRef,
  type QTableData,
  type QTableRow,
  type QTableSummary,
} from './QTableView';
export { ArchDag, type ArchDagData, type ArchEdge, type ArchNode, type ArchNodeKind } from './ArchDag';
export {
  TrainingCurve,
  type LossPoint,
  type TrainingCurveData,
  type ValAccuracyPoint,
} from './TrainingCurve';
export { REDRAW_INTERVAL_MS, RedrawThrottle, shouldRedraw } from './shouldRedraw';
export { prefersReducedMotion } from './common';
