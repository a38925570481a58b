/**
 * From the store's view of the run to the plain data each chart class takes. Builders that
 * run often keep caches (reward points grow by appending; legal actions per state are fixed
 * for a config), so a redraw costs what changed, not the whole run.
 */
import type {
  ArchDagData,
  ArchNodeKind,
  EpsilonChartData,
  QTableData,
  QTableRow,
  RewardChartData,
  RewardPoint,
  TrainingCurveData,
} from '../../charts';
import { datasetChannels, datasetImageSize, type RunConfig } from '../../nas/config';
import { qParams } from '../../nas/qsearch';
import {
  TERMINAL_STATE,
  describeArchitecture,
  parseNetString,
  type LayerShape,
} from '../../nas/spaces/layers';
import { findSpace } from '../../nas/strategies';
import type { TrainingView } from '../../store/runSlice';
import type { RunView } from '../../store/runView';
import { chartText } from '../../charts/chartText';
import { shape } from '../format';

export function epsilonData(view: RunView): EpsilonChartData {
  return {
    schedule: view.schedule,
    trained: view.scheduled,
    trainedPerStep: view.trainedPerStep,
    // BlockQNN counts every block of its batches (iterations x batch size), cached ones too.
    ...(view.countsCached ? { unit: 'blocks' as const } : {}),
  };
}

/** Reward points, appended as results arrive (rebuilt when the run changes). */
export function createRewardData(): (view: RunView) => RewardChartData {
  let source: RunView['history'] | null = null;
  let points: RewardPoint[] = [];
  return (view) => {
    if (view.history !== source || points.length > view.history.length) {
      source = view.history;
      points = [];
    }
    for (let i = points.length; i < view.history.length; i++) {
      const r = view.history[i]!;
      const epsilon = view.proposals[r.index]?.epsilon ?? view.epsilon.epsilon;
      points.push({
        index: r.index,
        reward: r.reward,
        epsilon,
        cached: r.cached,
        arch: r.arch,
        ...(r.reward !== r.accuracy ? { accuracy: r.accuracy } : {}),
      });
    }
    // A new array each time: the chart may keep the previous one for its transitions.
    const noSchedule = view.proposals[0] !== undefined && view.proposals[0].epsilon === undefined;
    return { points: points.slice(), noSchedule };
  };
}

/** The depth and legal actions of a Q-learner's state, as the run's search space reads it. */
export function stateActions(state: string, config: RunConfig): { depth: number; actions: string[] } {
  const space = findSpace(config.space);
  if (!space?.qStates) throw new Error(`The '${config.space}' space has no Q-learning states`);
  return space.qStates(state, config);
}

/** Q-table rows for every state the run has visited, with all its legal actions. */
export function createQTableData(): (view: RunView, config: RunConfig) => QTableData {
  let forConfig: RunConfig | null = null;
  const actionsOf = new Map<string, { depth: number; actions: string[] }>();
  const describe = (state: string, config: RunConfig) => {
    let entry = actionsOf.get(state);
    if (!entry) {
      try {
        entry = stateActions(state, config);
      } catch (err) {
        // A state the space cannot read is a bug (a validated log holds none): say so, and still
        // draw its tried actions at depth 0 rather than lose the run's view.
        console.error(`Q-table: cannot read state '${state}':`, err);
        entry = { depth: 0, actions: [] };
      }
      actionsOf.set(state, entry);
    }
    return entry;
  };
  return (view, config) => {
    if (config !== forConfig) {
      forConfig = config;
      actionsOf.clear();
    }
    const initialQ = qParams(config).initialQ;
    const states = new Set(view.qValues.keys());
    for (const step of view.lastTrajectory) states.add(step.state);
    states.delete(TERMINAL_STATE);
    const rows: QTableRow[] = [];
    for (const state of states) {
      const { depth, actions } = describe(state, config);
      const known = view.qValues.get(state);
      const names = known ? [...new Set([...actions, ...known.keys()])] : actions;
      rows.push({
        state,
        depth,
        actions: names.map((action) => {
          const q = known?.get(action);
          return { action, q: q ?? initialQ, visited: q !== undefined };
        }),
      });
    }
    rows.sort((a, b) => a.depth - b.depth || a.state.localeCompare(b.state));
    return { rows, initialQ, highlight: view.lastTrajectory, touched: view.lastLearned };
  };
}

/** Layers of a net string with shapes and parameters, or null when it cannot be read. */
export function describeNet(
  arch: string,
  config: RunConfig,
): { layers: LayerShape[]; params: number } | null {
  const size = datasetImageSize(config);
  try {
    return describeArchitecture(parseNetString(arch), [size, size, datasetChannels(config)]);
  } catch {
    return null;
  }
}

const KINDS: readonly ArchNodeKind[] = ['input', 'conv', 'pool', 'fc', 'gap', 'softmax'];

/** The DAG of a chain: one node per layer (input first, softmax last), edges in order. */
export function archData(layers: readonly LayerShape[]): ArchDagData {
  const nodes = layers.map((layer, i) => ({
    id: `n${i}`,
    // The input is a word (`Input`); the other labels are layer tokens such as `C(32,3,1)`.
    label: layer.kind === 'input' ? chartText('dag.inputLayer', { defaultValue: layer.label }) : layer.label,
    kind: KINDS.includes(layer.kind as ArchNodeKind) ? (layer.kind as ArchNodeKind) : ('other' as const),
    detail: shape(layer.outputShape),
  }));
  const edges = nodes.slice(1).map((node, i) => ({ from: nodes[i]!.id, to: node.id }));
  return { nodes, edges };
}

export function trainingData(training: TrainingView): TrainingCurveData {
  return { losses: training.losses, valAccuracy: training.valAccuracy };
}
