/**
 * Explain mode's reading of the one-shot events (issue #18): one DARTS alpha step on one edge (the
 * gradient of the validation loss, weight decay, Adam's step, the softmax before and after), one
 * SNAS Gumbel-softmax sample on one edge (log alpha, the noise, the temperature, the relaxed
 * weights, the hard choice), and one ENAS controller update (rewards with the entropy bonus, the
 * baseline child by child, the advantages, the surrogate loss). Every number shown is the logged
 * one or recomputed from logged ones, with a check that the two agree.
 * Pure module: no DOM, React or tfjs.
 */
import { argmax, softmaxRows } from './gumbel';
import type { DartsAlphaEvent, EnasUpdateEvent, SnasGumbelEvent } from './events';

/** Agreement of a number recomputed here in float64 with one the device computed in float32. */
const DEVICE_TOLERANCE = 1e-4;

const close = (a: number, b: number, tolerance = DEVICE_TOLERANCE): boolean =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

/** The edge whose row of `before` and `after` differs most (largest absolute change of one entry). */
function mostChanged(before: readonly (readonly number[])[], after: readonly (readonly number[])[]): number {
  let best = 0;
  let bestChange = -1;
  before.forEach((row, e) => {
    const change = Math.max(...row.map((x, o) => Math.abs(after[e]![o]! - x)));
    if (change > bestChange) [best, bestChange] = [e, change];
  });
  return best;
}

/** One op of a DARTS alpha step on one edge. */
export interface DartsOpRow {
  readonly op: number;
  readonly alphaBefore: number;
  /** dL_val / d alpha (the logged gradient, before weight decay). */
  readonly grad: number;
  /** The gradient Adam saw: grad + weightDecay * alphaBefore (PyTorch Adam's `weight_decay`). */
  readonly decayedGrad: number;
  /** alphaAfter - alphaBefore: Adam's step. */
  readonly delta: number;
  readonly alphaAfter: number;
  readonly softmaxBefore: number;
  readonly softmaxAfter: number;
}

export interface DartsExplanation {
  readonly edge: number;
  readonly rows: readonly DartsOpRow[];
  /**
   * The run's first Adam step (step 1): with zero moments, Adam moves every alpha by
   * -lr * g / (|g| + eps), i.e. by lr against the sign of its decayed gradient, whatever its size.
   */
  readonly firstAdamStep: boolean;
  /** On the first Adam step: whether every logged delta is that one (to float32). */
  readonly consistent: boolean;
}

/** The edge a DARTS step is best shown on: the one whose softmax moved most. */
export function dartsFocusEdge(event: DartsAlphaEvent): number {
  return mostChanged(softmaxRows(event.alphaBefore), softmaxRows(event.alphaAfter));
}

export function explainDartsAlpha(event: DartsAlphaEvent, edge = dartsFocusEdge(event)): DartsExplanation {
  const before = event.alphaBefore[edge]!;
  const after = event.alphaAfter[edge]!;
  const pBefore = softmaxRows([before])[0]!;
  const pAfter = softmaxRows([after])[0]!;
  const rows = before.map((alphaBefore, op) => {
    const grad = event.grad[edge]![op]!;
    return {
      op,
      alphaBefore,
      grad,
      decayedGrad: grad + event.weightDecay * alphaBefore,
      delta: after[op]! - alphaBefore,
      alphaAfter: after[op]!,
      softmaxBefore: pBefore[op]!,
      softmaxAfter: pAfter[op]!,
    };
  });
  const firstAdamStep = event.step === 1;
  // torch.optim.Adam's eps: negligible beside any gradient a real loss gives.
  const firstDelta = (g: number) => (-event.learningRate * g) / (Math.abs(g) + 1e-8);
  const consistent =
    !firstAdamStep ||
    rows.every((r) => Math.abs(r.delta - firstDelta(r.decayedGrad)) <= 1e-3 * event.learningRate + 1e-7);
  return { edge, rows, firstAdamStep, consistent };
}

/** One op of a SNAS sample on one edge. */
export interface SnasOpRow {
  readonly op: number;
  readonly logAlpha: number;
  /** softmax(log alpha): the distribution the sample relaxes. */
  readonly probability: number;
  /** G = -log(-log U). */
  readonly noise: number;
  /** (log alpha + G) / temperature. */
  readonly scaled: number;
  /** softmax of `scaled`, recomputed here. */
  readonly z: number;
  /** Z as the supernet computed it on the device. */
  readonly zLogged: number;
  readonly hard: boolean;
}

export interface SnasExplanation {
  readonly edge: number;
  readonly temperature: number;
  readonly rows: readonly SnasOpRow[];
  /** The op the hard choice took, and the most likely op without noise. */
  readonly chosen: number;
  readonly mostLikely: number;
  /** Whether the recomputed Z and the logged hard choice agree with the logged ones. */
  readonly consistent: boolean;
}

/** The edge a SNAS sample is best shown on: the first whose noise overturned the likeliest op. */
export function snasFocusEdge(event: SnasGumbelEvent): number {
  const edge = event.logAlpha.findIndex((row, e) => argmax(row) !== event.hard[e]);
  return edge >= 0 ? edge : 0;
}

export function explainSnasGumbel(event: SnasGumbelEvent, edge = snasFocusEdge(event)): SnasExplanation {
  const logAlpha = event.logAlpha[edge]!;
  const noise = event.noise[edge]!;
  const scaled = logAlpha.map((a, o) => (a + noise[o]!) / event.temperature);
  const z = softmaxRows([scaled])[0]!;
  const probability = softmaxRows([logAlpha])[0]!;
  const chosen = event.hard[edge]!;
  const rows = logAlpha.map((a, op) => ({
    op,
    logAlpha: a,
    probability: probability[op]!,
    noise: noise[op]!,
    scaled: scaled[op]!,
    z: z[op]!,
    zLogged: event.z[edge]![op]!,
    hard: op === chosen,
  }));
  const consistent = rows.every((r) => close(r.z, r.zLogged, 1e-3)) && argmax(z) === chosen;
  return { edge, temperature: event.temperature, rows, chosen, mostLikely: argmax(logAlpha), consistent };
}

/** One child of an ENAS controller update. */
export interface EnasChildRow {
  readonly child: number;
  readonly ops: readonly number[];
  readonly accuracy: number;
  /** Sample entropy (nats), when logged. */
  readonly sampleEntropy?: number;
  readonly reward: number;
  /** The baseline after this child's update: b <- b - (1 - decay)(b - reward), when logged. */
  readonly baselineAfter?: number;
  readonly advantage?: number;
  readonly logProb?: number;
}

export interface EnasExplanation {
  readonly rows: readonly EnasChildRow[];
  readonly entropyWeight: number;
  readonly baselineBefore?: number;
  readonly baselineDecay?: number;
  readonly baselineAfter: number;
  readonly loss: number;
  /** -(1/m) sum_k ln P_k A_k from the logged numbers, when they are logged. */
  readonly lossRecomputed?: number;
  /** Whether the rewards, baselines, advantages and loss recomputed agree with the logged ones
   * (true when the log holds too little to recompute them). */
  readonly consistent: boolean;
  /** The log holds the numbers of every term (a log from before them shows rewards only). */
  readonly detailed: boolean;
}

export function explainEnasUpdate(event: EnasUpdateEvent): EnasExplanation {
  const { baselineBefore, baselineDecay, sampleEntropies, logProbs, advantages } = event;
  const detailed =
    baselineBefore !== undefined &&
    baselineDecay !== undefined &&
    sampleEntropies !== undefined &&
    logProbs !== undefined &&
    advantages !== undefined;
  let baseline = baselineBefore ?? NaN;
  let consistent = true;
  const rows = event.children.map((ops, k): EnasChildRow => {
    const accuracy = event.accuracies[k]!;
    const reward = event.rewards[k]!;
    if (!detailed) return { child: k, ops, accuracy, reward };
    const entropy = sampleEntropies[k]!;
    consistent &&= close(reward, accuracy + event.entropyWeight * entropy, 1e-9);
    baseline -= (1 - baselineDecay) * (baseline - reward);
    consistent &&= close(advantages[k]!, reward - baseline, 1e-9);
    return {
      child: k,
      ops,
      accuracy,
      sampleEntropy: entropy,
      reward,
      baselineAfter: baseline,
      advantage: advantages[k]!,
      logProb: logProbs[k]!,
    };
  });
  let lossRecomputed: number | undefined;
  if (detailed) {
    lossRecomputed = -rows.reduce((s, r) => s + r.logProb! * r.advantage!, 0) / rows.length;
    consistent &&= close(baseline, event.baseline, 1e-9) && close(lossRecomputed, event.loss, 1e-6);
  }
  return {
    rows,
    entropyWeight: event.entropyWeight,
    ...(detailed ? { baselineBefore, baselineDecay } : {}),
    baselineAfter: event.baseline,
    loss: event.loss,
    ...(lossRecomputed !== undefined ? { lossRecomputed } : {}),
    consistent,
    detailed,
  };
}
