/**
 * MetaQNN (Baker et al., ICLR 2017; SPEC §2) as an ask/tell strategy: epsilon-greedy walks
 * over the `layers` space propose architectures, and each observed reward updates the Q-table
 * along the trajectory, then along `replaySamples` trajectories drawn from the replay dictionary.
 * Pure module: no DOM, React or tfjs.
 */
import type { LayersArchitecture, Layer } from '../architecture';
import type { MetaQnnConfig } from '../config';
import { QTable, epsilonGreedy, learnWithReplay, type ReplayLearning, type QTransition } from '../qlearning';
import { ReplayDictionary } from '../replay';
import type { Rng } from '../rng';
import type { QUpdateEvent } from '../runlog';
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
} from '../spaces/layers';

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
  readonly qTable: QTable;
  readonly replayDictionary = new ReplayDictionary();
  /** The Q-table, replay dictionary and rates that each observation updates. */
  private readonly learning: ReplayLearning;
  /** Legal actions depend on the state alone, so they are computed once per state. */
  private readonly legalByState = new Map<string, LegalSet>();
  /** Trajectories of nets seen, for replay updates. */
  private readonly trajectoryByNet = new Map<string, readonly QTransition[]>();

  /** `imageSize`: side of the square input in pixels; `classes`: softmax outputs. */
  constructor(
    private readonly cfg: MetaQnnConfig,
    readonly imageSize: number,
    readonly classes: number,
  ) {
    this.qTable = new QTable(cfg.initialQ);
    this.learning = {
      table: this.qTable,
      replay: this.replayDictionary,
      params: { alpha: cfg.alpha, gamma: cfg.gamma },
      samples: cfg.replaySamples,
      trajectoryOf: (net) => this.trajectoryOf(net),
    };
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
      const i = actions.length === 1 ? 0 : epsilonGreedy(rng, epsilon, this.qTable, key, keys);
      const action = actions[i] as LayersAction;
      if (action.kind === 'terminate') {
        trajectory.push({ state: key, action: TERMINATE_ACTION, nextState: TERMINAL_STATE, nextActions: [] });
        break;
      }
      const next = applyLayer(pos, action);
      trajectory.push({
        state: key,
        action: keys[i] as string,
        nextState: stateKey(next.state),
        nextActions: this.legal(next.state).keys,
      });
      layers.push(action);
      pos = next;
    }
    const arch: LayersArchitecture = { layers, classes: this.classes };
    return { arch, net: netString(arch), trajectory };
  }

  /** The stored reward of a net already in the replay dictionary. */
  cachedReward(net: string): number | undefined {
    return this.replayDictionary.rewardOf(net);
  }

  /**
   * Learns from one model (trained or cached): adds it to the replay dictionary, updates its
   * trajectory (source `trajectory`), then `replaySamples` sampled entries (source `replay`).
   */
  observe(candidate: Candidate, reward: number, replayRng: Rng): QUpdateEvent[] {
    if (!this.trajectoryByNet.has(candidate.net))
      this.trajectoryByNet.set(candidate.net, candidate.trajectory);
    return learnWithReplay(this.learning, candidate.net, candidate.trajectory, reward, replayRng);
  }

  /** The trajectory that builds `net`, with the legal actions of every state reached. */
  trajectoryOf(net: string): readonly QTransition[] {
    let trajectory = this.trajectoryByNet.get(net);
    if (!trajectory) {
      const arch = parseNetString(net);
      const steps = trajectoryOf(arch, this.imageSize);
      let pos: LayersPosition = { state: initialState(this.imageSize), r: this.imageSize };
      trajectory = steps.map((step, i) => {
        const layer = arch.layers[i];
        if (!layer) return { ...step, nextActions: [] };
        pos = applyLayer(pos, layer);
        return { ...step, nextActions: this.legal(pos.state).keys };
      });
      this.trajectoryByNet.set(net, trajectory);
    }
    return trajectory;
  }
}
