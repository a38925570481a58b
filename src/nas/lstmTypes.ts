/** The weights and rollout records of the plain LSTM controller (lstmController.ts). Pure module. */

/** A softmax head of a choice step: kernel [units, outcomes], bias, embedding [outcomes, units]. */
export interface Head {
  outcomes: number;
  kernel: Float32Array;
  bias: Float32Array;
  embedding: Float32Array;
  gradKernel: Float64Array;
  gradBias: Float64Array;
  gradEmbedding: Float64Array;
}

/** One LSTM layer: kernel [2 units, 4 units] over [x, h], gates i, f, g, o; and its gradients. */
export interface Layer {
  kernel: Float32Array;
  bias: Float32Array;
  gradKernel: Float64Array;
  gradBias: Float64Array;
}

/** What one layer's cell computed at one step, kept for backpropagation. */
export interface CellCache {
  x: Float64Array;
  hPrev: Float64Array;
  cPrev: Float64Array;
  /** Gate activations i, f, g, o, each `units` long, one after the other. */
  gates: Float64Array;
  /** tanh of the new cell state. */
  tanhC: Float64Array;
  h: Float64Array;
}

/** Where the input of an LSTM step came from. */
export type Input =
  | { kind: 'go' }
  | { kind: 'embedding'; step: number; token: number }
  /** Sum of the chosen anchors times `scale` = 1 / (1 + their count); none: zeros. */
  | { kind: 'anchors'; anchors: number[]; scale: number };

/** A skip decision scored against an anchor. */
export interface SkipRecord {
  from: number;
  /** tanh(W_prev h_from + W_curr h_anchor). */
  activation: Float64Array;
  /** sigmoid(score) = P(connect). */
  connect: number;
  token: number;
}

/** One LSTM step of a rollout and what read its output: a choice head or an anchor's skips. */
export interface StepRecord {
  input: Input;
  cells: CellCache[];
  /** A choice step: its index in the spec, the distribution and the token drawn. */
  choice?: {
    step: number;
    probabilities: Float64Array;
    token: number;
    /** With logit shaping: tanh(l / temperature) of each raw logit l, for its derivative. */
    shaped?: Float64Array;
  };
  /** An anchor step: the anchor's index (= its layer) and the skips it scored. */
  anchor?: { index: number; skips: SkipRecord[] };
}

/** Everything a rollout of one sequence computed. */
export interface Rollout {
  records: StepRecord[];
  /** Anchor hidden states h_i by layer, and their keys W_prev h_i. */
  anchors: Float64Array[];
  tokens: number[];
  probabilities: number[][];
  logProb: number;
}
