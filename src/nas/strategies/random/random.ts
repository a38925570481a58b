/**
 * Random search (SPEC §6): architectures drawn uniformly over the legal architectures of a space,
 * not uniformly per step (a per-step walk favours short chains, whose subtrees are small).
 * Completions are counted exactly with BigInt by a DP memoised on positions, and one architecture
 * is drawn by unranking a uniform index, so sampling is exact for every space size.
 * Pure module: no DOM, React or tfjs.
 */
import type { Layer, LayersArchitecture } from '../../architecture';
import type { MetaQnnConfig } from '../metaqnn/config';
import type { Rng } from '../../rng';
import {
  applyLayer,
  initialState,
  legalActions,
  netString,
  stateKey,
  type LayersAction,
  type LayersPosition,
} from '../../spaces/layers';

/**
 * A finite space of architectures built by sequences of actions, each ending with an action that
 * completes the architecture. Every action sequence must be finite (no cycles).
 */
export interface SequentialSpace<P, A> {
  /** Key of a position; positions with equal keys must have the same legal futures. */
  key(pos: P): string;
  /** Legal actions from `pos`, in a fixed order. */
  actions(pos: P): readonly A[];
  /** The position after `action`, or null when `action` completes the architecture. */
  step(pos: P, action: A): P | null;
}

/** Uniform integer in 0..n-1 for a positive BigInt `n`: rejection sampling over 32-bit words. */
export function uniformBigInt(rng: Rng, n: bigint): bigint {
  if (n < 1n) throw new Error(`uniformBigInt needs a positive bound, got ${n}`);
  if (n === 1n) return 0n;
  const bits = (n - 1n).toString(2).length;
  const words = Math.ceil(bits / 32);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    let x = 0n;
    for (let w = 0; w < words; w++) x = (x << 32n) | BigInt(rng.nextUint32());
    x &= mask;
    if (x < n) return x;
  }
}

/**
 * Counts the complete architectures reachable from each position of a `SequentialSpace` (memoised
 * on `key`) and draws them uniformly: an action is taken with probability proportional to the
 * number of architectures it leads to.
 */
export class UniformSampler<P, A> {
  private readonly memo = new Map<string, bigint>();

  constructor(
    private readonly space: SequentialSpace<P, A>,
    private readonly root: P,
  ) {}

  /** Complete architectures reachable from `pos` (the whole space by default). */
  count(pos: P = this.root): bigint {
    const key = this.space.key(pos);
    let total = this.memo.get(key);
    if (total === undefined) {
      total = 0n;
      for (const action of this.space.actions(pos)) {
        const next = this.space.step(pos, action);
        total += next === null ? 1n : this.count(next);
      }
      this.memo.set(key, total);
    }
    return total;
  }

  /** The actions of the architecture of rank `index` (0-based, in `actions` order). */
  unrank(index: bigint): A[] {
    if (index < 0n || index >= this.count()) {
      throw new Error(`Rank ${index} is outside the space of ${this.count()} architectures`);
    }
    const taken: A[] = [];
    let pos: P | null = this.root;
    let rest = index;
    while (pos !== null) {
      const from: P = pos;
      pos = null;
      for (const action of this.space.actions(from)) {
        const next = this.space.step(from, action);
        const size = next === null ? 1n : this.count(next);
        if (rest < size) {
          taken.push(action);
          pos = next;
          break;
        }
        rest -= size;
      }
    }
    return taken;
  }

  /** The actions of one architecture drawn uniformly over the space. */
  sample(rng: Rng): A[] {
    return this.unrank(uniformBigInt(rng, this.count()));
  }
}

/**
 * The `layers` space as a `SequentialSpace`. Legal actions depend on the state alone, but a pool
 * layer's next state depends on the actual R (its bin after pooling), so positions are keyed by
 * the state *and* R: two chains in the same state with different R can have different futures.
 */
export function layersSequentialSpace(cfg: MetaQnnConfig): SequentialSpace<LayersPosition, LayersAction> {
  return {
    key: (pos) => `${stateKey(pos.state)}|r${pos.r}`,
    actions: (pos) => legalActions(pos.state, cfg),
    step: (pos, action) => (action.kind === 'terminate' ? null : applyLayer(pos, action)),
  };
}

/** A proposal of random search: an architecture and its canonical net string. */
export interface RandomCandidate {
  readonly arch: LayersArchitecture;
  readonly net: string;
}

/** Random search over the MetaQNN `layers` space: every legal architecture equally likely. */
export class RandomSearchStrategy {
  private readonly sampler: UniformSampler<LayersPosition, LayersAction>;

  /** `imageSize`: side of the square input in pixels; `classes`: softmax outputs. */
  constructor(
    cfg: MetaQnnConfig,
    readonly imageSize: number,
    readonly classes: number,
  ) {
    this.sampler = new UniformSampler(layersSequentialSpace(cfg), {
      state: initialState(imageSize),
      r: imageSize,
    });
  }

  /** One architecture drawn uniformly over the legal architectures. */
  propose(rng: Rng): RandomCandidate {
    return this.candidate(this.sampler.sample(rng));
  }

  /** The architecture of rank `index` in 0..spaceSize()-1 (legal-action order, terminate last). */
  architectureAt(index: bigint): RandomCandidate {
    return this.candidate(this.sampler.unrank(index));
  }

  /** Number of legal architectures (exact; may exceed 2^53, hence a BigInt). */
  spaceSize(): bigint {
    return this.sampler.count();
  }

  private candidate(actions: readonly LayersAction[]): RandomCandidate {
    const layers = actions.filter((a): a is Layer => a.kind !== 'terminate');
    const arch: LayersArchitecture = { layers, classes: this.classes };
    return { arch, net: netString(arch) };
  }
}
