/**
 * PNAS's surrogate (Liu et al., ECCV 2018, §3.3): predicts a cell's validation accuracy from its
 * tokens, so that only the cells it ranks highest are trained. The MLP form: each token (the two
 * inputs and two ops of a block) is embedded in D dimensions, a block is the concatenation of its
 * four embeddings (4D), a cell the average of its blocks' vectors, so cells of any size have one
 * fixed-length encoding; two hidden ReLU layers and a sigmoid output give the accuracy in [0, 1];
 * trained with Adam on the L1 loss. The paper uses an ensemble of such predictors, each trained on
 * a different 4/5 of the data (k-fold), and averages their predictions (§5.2). Sizes, epochs and
 * learning rate are the run's options (the paper's values are marked unconfirmed in options.ts).
 * Plain TypeScript (a few thousand weights: no GPU needed); all randomness from the `Rng` given.
 * Pure module: no DOM, React or tfjs.
 */
import type { CellOp } from '../../spaces/cell';
import type { Rng } from '../../rng';
import type { PnasCell } from './cells';

/** The surrogate's size and training. */
export interface SurrogateSettings {
  /** Predictors in the ensemble; each is trained on all folds but its own. */
  ensembleSize: number;
  /** Embedding size D of each token. */
  embeddingSize: number;
  /** Units of each of the two hidden layers. */
  hiddenUnits: number;
  /** Passes over the training cells at each fit. */
  epochs: number;
  /** Adam's learning rate. */
  learningRate: number;
}

/** A trained cell and its measured accuracy. */
export interface SurrogateExample {
  readonly cell: PnasCell;
  /** Best validation accuracy, in [0, 1]. */
  readonly accuracy: number;
}

/** Minibatch of one Adam step. */
const BATCH_SIZE = 16;
const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Token indices of a cell: per block [input1, op1, input2, op2], inputs and ops in their own tables. */
function cellTokens(cell: PnasCell, ops: readonly CellOp[]): number[] {
  return cell.flatMap((block) => {
    const op1 = ops.indexOf(block.ops[0]);
    const op2 = ops.indexOf(block.ops[1]);
    if (op1 < 0 || op2 < 0) throw new Error(`Op of ${block.ops.join(',')} is not in the surrogate's ops`);
    return [block.inputs[0], op1, block.inputs[1], op2];
  });
}

/** One MLP predictor: embeddings, two hidden layers, a sigmoid output; flat weights for Adam. */
class MlpPredictor {
  private readonly dim: number;
  private readonly offsets: {
    inputEmbed: number;
    opEmbed: number;
    w1: number;
    b1: number;
    w2: number;
    b2: number;
    w3: number;
    b3: number;
  };
  readonly weights: Float64Array;

  constructor(
    private readonly inputVocab: number,
    private readonly opVocab: number,
    private readonly embed: number,
    private readonly hidden: number,
    rng: Rng,
    initialOutput: number,
  ) {
    this.dim = 4 * embed;
    let at = 0;
    const take = (n: number): number => {
      const start = at;
      at += n;
      return start;
    };
    this.offsets = {
      inputEmbed: take(inputVocab * embed),
      opEmbed: take(opVocab * embed),
      w1: take(hidden * this.dim),
      b1: take(hidden),
      w2: take(hidden * hidden),
      b2: take(hidden),
      w3: take(hidden),
      b3: take(1),
    };
    this.weights = new Float64Array(at);
    const fill = (start: number, n: number, limit: number) => {
      for (let i = 0; i < n; i++) this.weights[start + i] = (2 * rng.next() - 1) * limit;
    };
    const o = this.offsets;
    fill(o.inputEmbed, (inputVocab + opVocab) * embed, 1);
    fill(o.w1, hidden * this.dim, Math.sqrt(6 / (this.dim + hidden)));
    fill(o.w2, hidden * hidden, Math.sqrt(6 / (2 * hidden)));
    fill(o.w3, hidden, Math.sqrt(6 / (hidden + 1)));
    // Start at the mean accuracy, so that the first steps learn differences, not the level.
    const p = Math.min(0.99, Math.max(0.01, initialOutput));
    this.weights[o.b3] = Math.log(p / (1 - p));
  }

  /** Start of the embedding of token `token` in slot `slot` (0, 2: inputs; 1, 3: ops). */
  private embedding(slot: number, token: number): number {
    return (slot % 2 === 0 ? this.offsets.inputEmbed : this.offsets.opEmbed) + token * this.embed;
  }

  private checkTokens(tokens: readonly number[]): void {
    tokens.forEach((t, k) => {
      const vocab = k % 2 === 0 ? this.inputVocab : this.opVocab;
      if (!(Number.isInteger(t) && t >= 0 && t < vocab))
        throw new Error(`Token ${t} is outside the surrogate's vocabulary of ${vocab}`);
    });
  }

  /** The cell's encoding: the average over blocks of its four concatenated token embeddings. */
  private encode(tokens: readonly number[]): Float64Array {
    const w = this.weights;
    const x = new Float64Array(this.dim);
    const blocks = tokens.length / 4;
    for (let k = 0; k < tokens.length; k++) {
      const slot = k % 4;
      const e = this.embedding(slot, tokens[k]!);
      for (let d = 0; d < this.embed; d++) x[slot * this.embed + d]! += w[e + d]! / blocks;
    }
    return x;
  }

  /** Hidden activations and output for a given first-layer pre-activation. */
  private head(z1: Float64Array): { a1: Float64Array; z2: Float64Array; a2: Float64Array; y: number } {
    const w = this.weights;
    const { w2, b2, w3, b3 } = this.offsets;
    const h = this.hidden;
    const a1 = z1.map((z) => (z > 0 ? z : 0));
    const z2 = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      let s = w[b2 + i]!;
      for (let j = 0; j < h; j++) s += w[w2 + i * h + j]! * a1[j]!;
      z2[i] = s;
    }
    const a2 = z2.map((z) => (z > 0 ? z : 0));
    let out = w[b3]!;
    for (let i = 0; i < h; i++) out += w[w3 + i]! * a2[i]!;
    return { a1, z2, a2, y: sigmoid(out) };
  }

  /** Adds the L1 loss's gradient at one example, scaled by `scale`, to `grad`; returns the prediction. */
  accumulate(tokens: readonly number[], target: number, scale: number, grad: Float64Array): number {
    this.checkTokens(tokens);
    const w = this.weights;
    const { w1, b1, w2, b2, w3, b3 } = this.offsets;
    const h = this.hidden;
    const dim = this.dim;
    const x = this.encode(tokens);
    const z1 = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      let s = w[b1 + i]!;
      for (let k = 0; k < dim; k++) s += w[w1 + i * dim + k]! * x[k]!;
      z1[i] = s;
    }
    const { a1, z2, a2, y } = this.head(z1);
    // d|y - t| / dz3, through the sigmoid.
    const g = scale * Math.sign(y - target) * y * (1 - y);
    if (g === 0) return y;
    grad[b3]! += g;
    const gz2 = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      grad[w3 + i]! += g * a2[i]!;
      gz2[i] = z2[i]! > 0 ? g * w[w3 + i]! : 0;
    }
    const ga1 = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const gi = gz2[i]!;
      if (gi === 0) continue;
      grad[b2 + i]! += gi;
      for (let j = 0; j < h; j++) {
        grad[w2 + i * h + j]! += gi * a1[j]!;
        ga1[j]! += gi * w[w2 + i * h + j]!;
      }
    }
    const gx = new Float64Array(dim);
    for (let i = 0; i < h; i++) {
      const gi = z1[i]! > 0 ? ga1[i]! : 0;
      if (gi === 0) continue;
      grad[b1 + i]! += gi;
      for (let k = 0; k < dim; k++) {
        grad[w1 + i * dim + k]! += gi * x[k]!;
        gx[k]! += gi * w[w1 + i * dim + k]!;
      }
    }
    const blocks = tokens.length / 4;
    for (let k = 0; k < tokens.length; k++) {
      const slot = k % 4;
      const e = this.embedding(slot, tokens[k]!);
      for (let d = 0; d < this.embed; d++) grad[e + d]! += gx[slot * this.embed + d]! / blocks;
    }
    return y;
  }

  /**
   * Predictions for many cells. The first layer is linear in the average of the blocks' token
   * embeddings, so each (slot, token) is projected through it once and a cell costs 4 H per
   * block plus the H × H layer (the expansions of a beam are many).
   */
  predict(cells: readonly (readonly number[])[]): number[] {
    const w = this.weights;
    const { w1, b1 } = this.offsets;
    const h = this.hidden;
    const dim = this.dim;
    const projections = new Map<number, Float64Array>();
    const projection = (slot: number, token: number): Float64Array => {
      const key = slot * 1_000_000 + token;
      let p = projections.get(key);
      if (!p) {
        p = new Float64Array(h);
        const e = this.embedding(slot, token);
        for (let i = 0; i < h; i++) {
          let s = 0;
          for (let d = 0; d < this.embed; d++) s += w[w1 + i * dim + slot * this.embed + d]! * w[e + d]!;
          p[i] = s;
        }
        projections.set(key, p);
      }
      return p;
    };
    return cells.map((tokens) => {
      this.checkTokens(tokens);
      const blocks = tokens.length / 4;
      const z1 = new Float64Array(h);
      for (let k = 0; k < tokens.length; k++) {
        const p = projection(k % 4, tokens[k]!);
        for (let i = 0; i < h; i++) z1[i]! += p[i]! / blocks;
      }
      for (let i = 0; i < h; i++) z1[i]! += w[b1 + i]!;
      return this.head(z1).y;
    });
  }
}

/** Adam's state over a flat weight vector. */
class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly learningRate: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(weights: Float64Array, grad: Float64Array): void {
    this.t++;
    const c1 = 1 - BETA1 ** this.t;
    const c2 = 1 - BETA2 ** this.t;
    for (let i = 0; i < weights.length; i++) {
      const g = grad[i]!;
      this.m[i] = BETA1 * this.m[i]! + (1 - BETA1) * g;
      this.v[i] = BETA2 * this.v[i]! + (1 - BETA2) * g * g;
      weights[i]! -= (this.learningRate * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + ADAM_EPSILON);
    }
  }
}

/** Shuffles a copy of `items` (Fisher-Yates) with `rng`. */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Throws unless the settings are positive (integers where they count things). */
export function checkSurrogateSettings(s: SurrogateSettings): void {
  for (const key of ['ensembleSize', 'embeddingSize', 'hiddenUnits'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1)
      throw new Error(`Surrogate ${key} must be a positive integer, got ${s[key]}`);
  }
  if (!Number.isInteger(s.epochs) || s.epochs < 0)
    throw new Error(`Surrogate epochs must be an integer >= 0, got ${s.epochs}`);
  if (!(s.learningRate > 0))
    throw new Error(`Surrogate learning rate must be positive, got ${s.learningRate}`);
}

/** What one fit did. */
export interface SurrogateFit {
  /** Mean absolute error of the ensemble's prediction over the training cells, after the fit. */
  readonly fitError: number;
  /** Cells it was fitted on. */
  readonly examples: number;
}

/**
 * The ensemble of MLP predictors over cells of at most `maxBlocks` blocks and the ops `ops`.
 * `fit` retrains every member from fresh weights on the examples given (all results so far).
 */
export class SurrogateEnsemble {
  private members: MlpPredictor[] = [];

  constructor(
    private readonly ops: readonly CellOp[],
    private readonly maxBlocks: number,
    readonly settings: SurrogateSettings,
  ) {
    checkSurrogateSettings(settings);
    if (!Number.isInteger(maxBlocks) || maxBlocks < 1)
      throw new Error(`maxBlocks must be >= 1, got ${maxBlocks}`);
  }

  /** Whether it has been fitted. */
  get fitted(): boolean {
    return this.members.length > 0;
  }

  /**
   * Fits the ensemble on `examples`: the examples are shuffled into `ensembleSize` folds and
   * member m trains on every fold but fold m (on all examples when there are fewer examples than
   * members, or one member). Deterministic for the state of `rng`.
   */
  fit(examples: readonly SurrogateExample[], rng: Rng): SurrogateFit {
    if (examples.length === 0) throw new Error('The surrogate needs at least one example');
    const { ensembleSize, embeddingSize, hiddenUnits, epochs, learningRate } = this.settings;
    const data = examples.map((e) => ({ tokens: cellTokens(e.cell, this.ops), target: e.accuracy }));
    const order = shuffled(
      data.map((_, i) => i),
      rng.fork('folds'),
    );
    const foldOf = new Map(order.map((i, k) => [i, k % ensembleSize]));
    const split = ensembleSize > 1 && data.length >= ensembleSize;
    this.members = Array.from({ length: ensembleSize }, (_, m) => {
      const memberRng = rng.fork(`member/${m}`);
      const train = data.filter((_, i) => !split || foldOf.get(i) !== m);
      const mean = train.reduce((s, d) => s + d.target, 0) / train.length;
      const mlp = new MlpPredictor(
        this.maxBlocks + 1,
        this.ops.length,
        embeddingSize,
        hiddenUnits,
        memberRng,
        mean,
      );
      const adam = new Adam(mlp.weights.length, learningRate);
      const grad = new Float64Array(mlp.weights.length);
      for (let epoch = 0; epoch < epochs; epoch++) {
        const batchOrder = shuffled(train, memberRng);
        for (let start = 0; start < batchOrder.length; start += BATCH_SIZE) {
          const batch = batchOrder.slice(start, start + BATCH_SIZE);
          grad.fill(0);
          for (const d of batch) mlp.accumulate(d.tokens, d.target, 1 / batch.length, grad);
          adam.step(mlp.weights, grad);
        }
      }
      return mlp;
    });
    const predicted = this.predict(examples.map((e) => e.cell));
    const fitError =
      examples.reduce((s, e, i) => s + Math.abs(predicted[i]! - e.accuracy), 0) / examples.length;
    return { fitError, examples: examples.length };
  }

  /** The ensemble's mean predicted accuracy of each cell. */
  predict(cells: readonly PnasCell[]): number[] {
    if (!this.fitted) throw new Error('The surrogate predicts only once fitted');
    const tokens = cells.map((cell) => {
      if (cell.length < 1 || cell.length > this.maxBlocks)
        throw new Error(`A cell of ${cell.length} blocks is outside the surrogate's 1..${this.maxBlocks}`);
      return cellTokens(cell, this.ops);
    });
    const sums = new Float64Array(cells.length);
    for (const member of this.members) member.predict(tokens).forEach((y, i) => (sums[i]! += y));
    return Array.from(sums, (s) => s / this.members.length);
  }
}
