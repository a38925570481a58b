/**
 * ENAS's controller (Pham et al., ICML 2018; SPEC §5) on the plain LSTM controller of
 * src/nas/lstmController.ts: it samples one op per edge and learns by REINFORCE from the children's
 * validation-minibatch accuracies, the shared weights frozen. As melodyguan/enas
 * src/cifar10/micro_controller.py `build_trainer` does it:
 *   reward_k = valid_acc_k + entropy_weight * sample_entropy_k, sample_entropy_k the sum over the
 *     child's decisions of the entropy of the distribution each was drawn from (not a loss term);
 *   baseline -= (1 - bl_dec) * (baseline - reward_k), from 0, child by child, before the loss;
 *   loss_k = -log P(child_k) * (reward_k - baseline), its gradient averaged over the
 *     `controller_num_aggregate` children of one step (`SyncReplicasOptimizer`).
 * What `LstmController` does not do, and so this controller does not either:
 *  - logits are plain: no `temperature` division and no `tanh_constant * tanh(logits)` squashing
 *    (micro search: tanh_constant 1.10 and op_tanh_reduce 2.5, so op logits are bounded by
 *    +-0.44; NAS-Bench-201's ENAS, D-X-Y/AutoDL-Projects search_model_enas_utils.py: temperature
 *    5.0, tanh_constant 2.5), and no fixed `b_soft_no_learn` bias;
 *  - Adam is tfjs's (beta1 0.9, epsilon 1e-7); ENAS's `get_train_ops` (src/utils.py) uses beta1
 *    0.0, epsilon 1e-3, as do NAS-Bench-201's (configs/nas-benchmark/algos/ENAS.config).
 * Pure module: no DOM, React or tfjs.
 */
import { LstmController, type LstmControllerState } from '../lstmController';
import { checkBatch } from '../controllerParams';
import type { TokenSpec } from '../reinforce';
import type { Rng } from '../rng';
import { argmax, entropy } from './gumbel';

/** The controller's size, optimiser and REINFORCE settings. */
export interface EnasControllerOptions {
  /** Hidden units of the LSTM (also the embedding size). */
  readonly units: number;
  /** Stacked LSTM layers. */
  readonly lstmLayers: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** Every weight starts uniform in [-initRange, initRange]. */
  readonly initRange: number;
  /** Weight of a child's sample entropy (nats) in its reward. */
  readonly entropyWeight: number;
  /** bl_dec: weight of the old baseline in each child's update. */
  readonly baselineDecay: number;
  /** Logits l become tanhConstant * tanh(l / temperature) (see `ControllerOptions`); absent: l. */
  readonly logitShaping?: { readonly temperature: number; readonly tanhConstant: number };
}

/**
 * ENAS's micro search (melodyguan/enas): src/cifar10/main.py builds the controller with
 * lstm_size 64 and lstm_num_layers 1 (overriding MicroController's 32 x 2; NAS-Bench-201's ENAS
 * uses 32 x 2), weights U(-0.1, 0.1) (micro_controller.py `_create_params`);
 * scripts/cifar10_micro_search.sh: controller_lr 0.0035, controller_entropy_weight 0.0001;
 * main.py: controller_bl_dec 0.99.
 */
export const ENAS_CONTROLLER_DEFAULTS: EnasControllerOptions = {
  units: 64,
  lstmLayers: 1,
  learningRate: 0.0035,
  initRange: 0.1,
  entropyWeight: 1e-4,
  baselineDecay: 0.99,
};

/**
 * How ENAS's micro search schedules the controller (scripts/cifar10_micro_search.sh, main.py):
 * after every epoch of the shared weights (controller_train_every 1), 30 Adam steps
 * (controller_train_steps), each averaging the gradients of 10 children (controller_num_aggregate),
 * each child scored on one validation minibatch. Derivation samples children and keeps the best on
 * validation (Pham et al. §2.2); 10 as NAS-Bench-201's ENAS (exps/NAS-Bench-201-algos/ENAS.py
 * `get_best_arch(n_samples=10)`). For the strategy; not used here.
 */
export const ENAS_SCHEDULE = { updatesPerEpoch: 30, childrenPerUpdate: 10, deriveSamples: 10 } as const;

/** One child sampled by the controller. */
export interface EnasSample {
  /** One token per step of the spec (on NAS-Bench-201: the op index of each edge). */
  readonly ops: number[];
  /** The distribution each token was drawn from, given the tokens before it. */
  readonly probabilities: number[][];
  /** ln P(child). */
  readonly logProb: number;
  /** ENAS's `sample_entropy`: the sum over steps of the entropies of `probabilities`, in nats. */
  readonly entropy: number;
}

/** What one controller update did. */
export interface EnasUpdate {
  /** reward_k = accuracy_k + entropyWeight * sample entropy_k. */
  readonly rewards: number[];
  /** reward_k - baseline after child k's update. */
  readonly advantages: number[];
  /** The baseline after the last child. */
  readonly baseline: number;
  /** Mean entropy per decision over the children's decisions, in nats (the event's `entropy`). */
  readonly entropy: number;
  /** Surrogate loss -(1/m) sum_k ln P(child_k) advantage_k before the step. */
  readonly loss: number;
  /** The baseline before the first child's update. */
  readonly baselineBefore: number;
  /** Each child's sample entropy (nats) and ln P(child), under the controller before the step. */
  readonly sampleEntropies: number[];
  readonly logProbs: number[];
}

/** Everything the controller has learnt, as plain numbers (JSON-safe). */
export interface EnasControllerState {
  readonly controller: LstmControllerState;
  /** ENAS's baseline, in reward units. */
  readonly baseline: number;
}

/** ENAS's REINFORCE controller over a `TokenSpec` (NAS-Bench-201: `nb201TokenSpace().spec`). */
export class EnasController {
  private readonly options: EnasControllerOptions;
  private readonly controller: LstmController;
  private baselineValue = 0;

  /** Weights drawn from `options.seed`; unset options take `ENAS_CONTROLLER_DEFAULTS`. */
  constructor(
    readonly spec: TokenSpec,
    options: Partial<EnasControllerOptions> & { readonly seed: number },
  ) {
    this.options = { ...ENAS_CONTROLLER_DEFAULTS, ...options };
    const { units, lstmLayers, learningRate, initRange, baselineDecay, logitShaping } = this.options;
    if (!(baselineDecay >= 0 && baselineDecay < 1))
      throw new Error(`Baseline decay must be in [0, 1), got ${baselineDecay}`);
    this.controller = new LstmController(spec, {
      seed: options.seed,
      units,
      lstmLayers,
      learningRate,
      initRange,
      ...(logitShaping ? { logitShaping } : {}),
      // Unused: the baseline of ENAS is kept here, child by child.
      baseline: { decay: baselineDecay, init: 'zero' },
    });
  }

  /** ENAS's baseline now (0 before the first update). */
  get baseline(): number {
    return this.baselineValue;
  }

  /** Samples one child, each token drawn from its distribution with `rng`. */
  sample(rng: Rng): EnasSample {
    const { tokens, probabilities, logProb } = this.controller.sample(rng);
    return { ops: tokens, probabilities, logProb, entropy: sampleEntropy(probabilities) };
  }

  /**
   * One controller step on `children` (one token list each) and their validation-minibatch
   * `accuracies` in [0, 1], as ENAS's aggregated step: rewards with the entropy bonus, the
   * baseline updated child by child, one Adam step on the mean of the children's losses.
   */
  update(children: readonly (readonly number[])[], accuracies: readonly number[]): EnasUpdate {
    const samples = children.map((tokens) => ({ tokens }));
    checkBatch(this.spec, samples, accuracies);
    const { entropyWeight, baselineDecay } = this.options;
    const rollouts = children.map((tokens) => this.controller.follow((t) => tokens[t]!));
    const entropies = rollouts.map((r) => sampleEntropy(r.probabilities));
    const logProbs = rollouts.map((r) => r.logProb);
    const rewards = accuracies.map((accuracy, k) => accuracy + entropyWeight * entropies[k]!);
    const baselineBefore = this.baselineValue;
    let baseline = baselineBefore;
    const advantages = rewards.map((reward) => {
      baseline -= (1 - baselineDecay) * (baseline - reward);
      return reward - baseline;
    });
    if (!Number.isFinite(baseline)) throw new Error(`Rewards must be finite, got ${rewards.join(', ')}`);
    const loss = this.controller.updateWithAdvantages(samples, advantages);
    this.baselineValue = baseline;
    const decisions = children.length * this.spec.steps.length;
    return {
      rewards,
      advantages,
      baseline,
      entropy: entropies.reduce((s, h) => s + h, 0) / decisions,
      loss,
      baselineBefore,
      sampleEntropies: entropies,
      logProbs,
    };
  }

  /**
   * The controller's distribution of every step for the heatmap: the distributions along its
   * greedy path (each step's argmax fed to the next), so it is deterministic, costs one rollout and
   * draws nothing from the run's streams. The first row is the exact marginal; later rows are
   * conditional on the most likely choices before them.
   */
  probabilities(): number[][] {
    return this.controller.follow((_t, p) => argmax(p)).probabilities;
  }

  /** The weights, Adam's moments and the baseline, for resuming a run. */
  getState(): EnasControllerState {
    return { controller: this.controller.getState(), baseline: this.baselineValue };
  }

  /** Restores `getState()`'s values (e.g. read back from JSON); throws on anything else. */
  setState(state: unknown): void {
    if (!isEnasState(state)) throw new Error('Not an ENAS controller state');
    this.controller.setState(state.controller);
    this.baselineValue = state.baseline;
  }
}

/** ENAS's `sample_entropy`: the sum over steps of each step's entropy, in nats. */
function sampleEntropy(probabilities: readonly (readonly number[])[]): number {
  return probabilities.reduce((sum, p) => sum + entropy(p), 0);
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isMatrix = (x: unknown): boolean =>
  Array.isArray(x) && x.every((row) => Array.isArray(row) && row.every(isFiniteNumber));

function isEnasState(x: unknown): x is EnasControllerState {
  if (typeof x !== 'object' || x === null) return false;
  const { controller, baseline } = x as Record<string, unknown>;
  if (!isFiniteNumber(baseline) || typeof controller !== 'object' || controller === null) return false;
  const c = controller as Record<string, unknown>;
  const b = c.baseline as Record<string, unknown> | null | undefined;
  return (
    isMatrix(c.weights) &&
    isMatrix(c.firstMoments) &&
    isMatrix(c.secondMoments) &&
    isFiniteNumber(c.accBeta1) &&
    isFiniteNumber(c.accBeta2) &&
    typeof b === 'object' &&
    b !== null &&
    isFiniteNumber(b.value) &&
    isFiniteNumber(b.updates)
  );
}
