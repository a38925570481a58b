/**
 * MetaQNN (Baker et al., ICLR 2017; SPEC §2) as an ask/tell strategy: epsilon-greedy walks
 * over the `layers` space propose architectures, and each observed reward updates the Q-table
 * along the trajectory, then along `replaySamples` trajectories drawn from the replay dictionary.
 * Pure module: no DOM, React or tfjs.
 */
import type { LayersArchitecture, Layer } from '../../architecture';
import type { MetaQnnConfig } from './config';
import {
  ReplayLearner,
  chooseAction,
  type QTable,
  type QTransition,
  type QUpdateSink,
} from '../../qlearning';
import type { ReplayDictionary } from '../../replay';
import type { Rng } from '../../rng';
import {
  TERMINAL_STATE,
  TERMINATE_ACTION,
  actionKey,
  applyLayer,
  initialState,
  legalActions,
  netString,
  parseNetString,
  stateKey,
  trajectoryOf,
  type LayersAction,
  type LayersPosition,
  type LayersState,
} from '../../spaces/layers';

/** A proposed architecture with the trajectory that built it. */
export interface Candidate {
  readonly arch: LayersArchitecture;
  /** Canonical net string, the key of the replay dictionary. */
  readonly net: string;
  /** Every (state, action) taken, the terminate step last. */
  readonly trajectory: readonly QTransition[];
}

interface LegalSet {
  actions: readonly LayersAction[];
  keys: readonly string[];
}

export class MetaQnnStrategy {
  /** The Q-table, replay dictionary and trajectories that each observation updates. */
  private readonly learner: ReplayLearner;
  /** Legal actions depend on the state alone, so they are computed once per state. */
  private readonly legalByState = new Map<string, LegalSet>();

  /** `imageSize`: side of the square input in pixels; `classes`: softmax outputs. */
  constructor(
    private readonly cfg: MetaQnnConfig,
    readonly imageSize: number,
    readonly classes: number,
  ) {
    this.learner = new ReplayLearner(cfg, (net) => this.rebuildTrajectory(net));
  }

  get qTable(): QTable {
    return this.learner.qTable;
  }

  get replayDictionary(): ReplayDictionary {
    return this.learner.replayDictionary;
  }

  /** Legal actions of a state, with their canonical strings, in `legalActions` order. */
  legal(state: LayersState): LegalSet {
    const key = stateKey(state);
    let set = this.legalByState.get(key);
    if (!set) {
      const actions = legalActions(state, this.cfg);
      set = { actions, keys: actions.map(actionKey) };
      this.legalByState.set(key, set);
    }
    return set;
  }

  /**
   * Samples one architecture: at each state, with probability `epsilon` a uniform legal action,
   * else an action of maximal Q (ties broken uniformly). A state whose only legal action is
   * terminate terminates without drawing.
   */
  propose(rng: Rng, epsilon: number): Candidate {
    let pos: LayersPosition = { state: initialState(this.imageSize), r: this.imageSize };
    const layers: Layer[] = [];
    const trajectory: QTransition[] = [];
    for (;;) {
      const key = stateKey(pos.state);
      const { actions, keys } = this.legal(pos.state);
      const choice = chooseAction(rng, epsilon, this.qTable, key, keys);
      const i = choice.index;
      const action = actions[i] as LayersAction;
      if (action.kind === 'terminate') {
        trajectory.push({
          state: key,
          action: TERMINATE_ACTION,
          nextState: TERMINAL_STATE,
          nextActions: [],
          choice,
        });
        break;
      }
      const next = applyLayer(pos, action);
      trajectory.push({
        state: key,
        action: keys[i] as string,
        nextState: stateKey(next.state),
        nextActions: this.legal(next.state).keys,
        choice,
      });
      layers.push(action);
      pos = next;
    }
    const arch: LayersArchitecture = { layers, classes: this.classes };
    return { arch, net: netString(arch), trajectory };
  }

  /** The stored reward of a net already in the replay dictionary. */
  cachedReward(net: string): number | undefined {
    return this.learner.cachedReward(net);
  }

  /**
   * Learns from one model (trained or cached): adds it to the replay dictionary, updates its
   * trajectory (source `trajectory`), then `replaySamples` sampled entries (source `replay`).
   */
  observe(candidate: Candidate, reward: number, replayRng: Rng, sink?: QUpdateSink): number[] {
    return this.learner.observe(candidate.net, candidate.trajectory, reward, replayRng, sink);
  }

  /** The trajectory that builds `net`, with the legal actions of every state reached. */
  trajectoryOf(net: string): readonly QTransition[] {
    return this.learner.trajectoryOf(net);
  }

  private rebuildTrajectory(net: string): QTransition[] {
    const arch = parseNetString(net);
    let pos: LayersPosition = { state: initialState(this.imageSize), r: this.imageSize };
    return trajectoryOf(arch, this.imageSize).map((step, i) => {
      const layer = arch.layers[i];
      if (!layer) return { ...step, nextActions: [] };
      pos = applyLayer(pos, layer);
      return { ...step, nextActions: this.legal(pos.state).keys };
    });
  }
}
