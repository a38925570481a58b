/**
 * REINFORCE bookkeeping of the NAS-RL controller (Zoph & Le, ICLR 2017; SPEC §4): the reward
 * transform, the exponential-moving-average baseline, the advantages and loss of a batch, and
 * the `TokenSpec` that describes the controller's sequence of decisions for a chain of layers
 * (filter height, filter width, optional strides, filters, and anchor-point skip connections).
 * Pure module: no DOM, React or tfjs (the LSTM controller lives in src/train/controller.ts).
 */

/** How a model's best validation accuracy becomes its reward: as is, or cubed as in the paper. */
export type RewardTransform = 'plain' | 'cubed';

/** Where the baseline starts: at 0 (the TF convention) or at the first batch's mean reward. */
export type BaselineInit = 'zero' | 'first-reward';

/** Baseline decay of the paper's EMA (SPEC §4, "decay 0.95, as in NASNet"). */
export const DEFAULT_BASELINE_DECAY = 0.95;

/** Settings of the EMA baseline. */
export interface BaselineConfig {
  /** Weight of the old baseline in b <- decay * b + (1 - decay) * R, in [0, 1). */
  decay: number;
  /** Starting rule of the baseline (see `updateBaseline`). */
  init: BaselineInit;
}

/** The paper's baseline: decay 0.95, starting at 0. */
export const DEFAULT_BASELINE: BaselineConfig = { decay: DEFAULT_BASELINE_DECAY, init: 'zero' };

/** The EMA baseline after some updates: a plain value, serialisable into a run log. */
export interface BaselineState {
  /** Current baseline b, in reward units. */
  value: number;
  /** Batches of rewards folded in so far. */
  updates: number;
}

/** The baseline before any reward: 0, no updates. */
export const INITIAL_BASELINE: BaselineState = { value: 0, updates: 0 };

/** The reward of an accuracy in [0, 1]: `plain` gives it back, `cubed` gives accuracy^3. */
export function transformReward(accuracy: number, transform: RewardTransform): number {
  switch (transform) {
    case 'plain':
      return accuracy;
    case 'cubed':
      return accuracy ** 3;
  }
}

/**
 * The baseline after folding in `reward`: b <- decay * b + (1 - decay) * reward.
 * With `init: 'zero'` the first update starts from b = 0, as the TF controllers of the same
 * authors do (ENAS: `baseline = Variable(0.0)`, then `baseline -= (1 - bl_dec) * (baseline -
 * reward)`); with `init: 'first-reward'` the first update sets b = reward.
 */
export function updateBaseline(state: BaselineState, reward: number, cfg: BaselineConfig): BaselineState {
  if (!(cfg.decay >= 0 && cfg.decay < 1))
    throw new Error(`Baseline decay must be in [0, 1), got ${cfg.decay}`);
  if (!Number.isFinite(reward)) throw new Error(`Reward must be finite, got ${reward}`);
  const value =
    state.updates === 0 && cfg.init === 'first-reward'
      ? reward
      : cfg.decay * state.value + (1 - cfg.decay) * reward;
  return { value, updates: state.updates + 1 };
}

/** Advantages R_k - b of a batch against one baseline value. */
export function advantages(rewards: readonly number[], baseline: number): number[] {
  return rewards.map((reward) => reward - baseline);
}

/** The baseline after a batch and the advantages of its rewards. */
export interface ReinforceStep {
  baseline: BaselineState;
  advantages: number[];
}

/**
 * One REINFORCE step's baseline and advantages for the rewards of a batch of m samples.
 * The baseline is updated first with the batch's mean reward, then every advantage is taken
 * against that updated value (ENAS's order: the update runs under a control dependency before
 * the loss reads the baseline). For m = 1 this is exactly the TF code.
 * E.g. decay 0.95, init 'zero', batches [0.5], [0.7], [0.9]: b = 0.025, 0.05875, 0.1008125.
 */
export function reinforceStep(
  state: BaselineState,
  rewards: readonly number[],
  cfg: BaselineConfig,
): ReinforceStep {
  if (rewards.length === 0) throw new Error('A REINFORCE step needs at least one reward');
  const mean = rewards.reduce((sum, reward) => sum + reward, 0) / rewards.length;
  const baseline = updateBaseline(state, mean, cfg);
  return { baseline, advantages: advantages(rewards, baseline.value) };
}

/**
 * The REINFORCE surrogate loss -(1/m) sum_k logP_k * A_k, with logP_k = sum_t log P(a_t | a_<t)
 * the natural log-probability of sample k; its gradient is the paper's policy gradient, negated.
 */
export function reinforceLoss(logProbs: readonly number[], advantageValues: readonly number[]): number {
  if (logProbs.length !== advantageValues.length || logProbs.length === 0)
    throw new Error(
      `Need as many advantages as samples, got ${advantageValues.length} for ${logProbs.length}`,
    );
  const total = logProbs.reduce((sum, logProb, k) => sum + logProb * advantageValues[k]!, 0);
  return -total / logProbs.length;
}

/** What a choice step of the NAS-RL layers space decides for its layer (Zoph & Le, Fig. 2). */
export type NasRlChoiceName = 'filterHeight' | 'filterWidth' | 'strideHeight' | 'strideWidth' | 'filters';

/**
 * What a choice step decides for its layer: a NAS-RL layer field, or a decision of a cell block
 * (NASNet: its two inputs, two ops and combine op; `op` for spaces with one op per step).
 */
export type ChoiceName = NasRlChoiceName | 'input1' | 'input2' | 'op1' | 'op2' | 'combine' | 'op';

const NASRL_CHOICE_NAMES: readonly string[] = [
  'filterHeight',
  'filterWidth',
  'strideHeight',
  'strideWidth',
  'filters',
] satisfies NasRlChoiceName[];

function isNasRlChoice(name: ChoiceName): name is NasRlChoiceName {
  return NASRL_CHOICE_NAMES.includes(name);
}

/** One decision of the controller: a softmax over named choices, or an anchor-point skip. */
export type DecisionStep =
  | {
      kind: 'choice';
      /** Layer index the decision belongs to, from 0. */
      layer: number;
      name: ChoiceName;
      /**
       * The values the token indexes (pixels for sizes and strides, channels for filters; for
       * cell decisions the outcome indices 0..n-1).
       */
      choices: readonly number[];
      /** Human labels of the outcomes, one per choice, for display (e.g. `sep 3×3`). */
      labels?: readonly string[];
    }
  | {
      /** Anchor-point decision: does the output of layer `from` feed layer `layer`? Token 1 = yes. */
      kind: 'skip';
      layer: number;
      /** Earlier layer index, 0 <= from < layer. */
      from: number;
    };

/** The controller's decision sequence; steps of a layer are contiguous, layers in order. */
export interface TokenSpec {
  /** Number of layers the sequence describes. */
  layers: number;
  steps: readonly DecisionStep[];
}

/** The NAS-RL layers space: a fixed number of conv layers and the choices of each. */
export interface NasRlSpaceConfig {
  /** Conv layers per architecture (fixed; the paper grows it during the search). */
  layers: number;
  /** Filter heights and widths to choose from, pixels. */
  filterSizes: readonly number[];
  /** Filter counts (output channels) to choose from. */
  filterCounts: readonly number[];
  /** Stride heights and widths to choose from; absent: stride fixed to 1 and not decided. */
  strides?: readonly number[];
  /** Anchor-point skip connections (SPEC §4); absent or false: a plain chain. */
  skips?: boolean;
}

/** The paper's CIFAR-10 choices (SPEC §4) for `layers` layers, strides fixed to 1, with skips. */
export function paperNasRlSpace(layers: number): NasRlSpaceConfig {
  return { layers, filterSizes: [1, 3, 5, 7], filterCounts: [24, 36, 48, 64], skips: true };
}

/**
 * The decision sequence of `cfg`: per layer i, filterHeight, filterWidth, [strideHeight,
 * strideWidth], filters, then (with skips) one skip decision from each earlier layer j < i.
 */
export function buildTokenSpec(cfg: NasRlSpaceConfig): TokenSpec {
  if (!Number.isInteger(cfg.layers) || cfg.layers < 1)
    throw new Error(`A NAS-RL space has at least 1 layer, got ${cfg.layers}`);
  const lists: [string, readonly number[] | undefined][] = [
    ['filterSizes', cfg.filterSizes],
    ['filterCounts', cfg.filterCounts],
    ['strides', cfg.strides],
  ];
  for (const [name, list] of lists) {
    if (list === undefined) continue;
    if (list.length === 0 || !list.every((v) => Number.isInteger(v) && v > 0))
      throw new Error(`${name} must be a non-empty list of positive integers`);
  }
  const steps: DecisionStep[] = [];
  for (let layer = 0; layer < cfg.layers; layer++) {
    const choice = (name: NasRlChoiceName, choices: readonly number[]) =>
      steps.push({ kind: 'choice', layer, name, choices: [...choices] });
    choice('filterHeight', cfg.filterSizes);
    choice('filterWidth', cfg.filterSizes);
    if (cfg.strides) {
      choice('strideHeight', cfg.strides);
      choice('strideWidth', cfg.strides);
    }
    choice('filters', cfg.filterCounts);
    if (cfg.skips) for (let from = 0; from < layer; from++) steps.push({ kind: 'skip', layer, from });
  }
  return { layers: cfg.layers, steps };
}

/** Number of outcomes of a step: its choices, or 2 (no / yes) for a skip. */
export function outcomeCount(step: DecisionStep): number {
  return step.kind === 'choice' ? step.choices.length : 2;
}

/** One conv layer decoded from the controller's tokens. Sizes and strides in pixels. */
export interface NasRlLayer {
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  filters: number;
  /**
   * Earlier layers whose outputs are concatenated as input; empty: the layer reads the image.
   * Without skip decisions each layer reads the one before it.
   */
  inputs: number[];
}

/** Whether `spec` decides skip connections (false for a plain chain or a single layer). */
export function hasSkips(spec: TokenSpec): boolean {
  return spec.steps.some((step) => step.kind === 'skip');
}

/** The layers chosen by `tokens` (one outcome index per step of `spec`). */
export function decodeTokens(spec: TokenSpec, tokens: readonly number[]): NasRlLayer[] {
  if (tokens.length !== spec.steps.length)
    throw new Error(`Expected ${spec.steps.length} tokens, got ${tokens.length}`);
  const chain = !hasSkips(spec);
  const layers: NasRlLayer[] = Array.from({ length: spec.layers }, (_, i) => ({
    filterHeight: 1,
    filterWidth: 1,
    strideHeight: 1,
    strideWidth: 1,
    filters: 0,
    inputs: chain && i > 0 ? [i - 1] : [],
  }));
  spec.steps.forEach((step, t) => {
    const token = tokens[t]!;
    if (!Number.isInteger(token) || token < 0 || token >= outcomeCount(step))
      throw new Error(`Token ${token} at step ${t} is out of range`);
    const layer = layers[step.layer]!;
    if (step.kind === 'choice') {
      if (!isNasRlChoice(step.name))
        throw new Error(`Step ${t} decides "${step.name}", which is not a NAS-RL layer field`);
      layer[step.name] = step.choices[token]!;
    } else if (token === 1) layer.inputs.push(step.from);
  });
  return layers;
}
