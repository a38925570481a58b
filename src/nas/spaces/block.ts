/**
 * The BlockQNN `block` search space (SPEC §3, Zhong et al. 2018): a block is a DAG of layers
 * coded as Network Structure Codes (NSC), stacked into a network of stages. States, legal
 * actions, canonical strings, the DAG view, FLOPs and density of a block.
 * The NSC codes and parsing live in blockNsc.ts, the DAG view in blockDag.ts and the costs in
 * blockCost.ts; this module holds the Q-learning states and legality and re-exports the rest.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 *
 * Choices this module makes (the paper leaves them open; see the README section on BlockQNN):
 * - A block is its NSC list closed by the terminal NSC `(n,7,0,0,0)`; at least one layer comes
 *   before the terminal (an empty block would reduce every stage to 1x1 convs).
 * - add and concat take two *distinct* predecessors written in ascending order (pred1 < pred2):
 *   add is commutative and concat only orders channels, so (a,b) and (b,a) would be duplicate
 *   actions for the Q-learner. The concat output lists pred1's channels first.
 * - Single-input layers write pred2 = 0; types 4..7 write kernel 0; the terminal writes 0, 0, 0.
 * - Outputs of layers (index >= 1) that no later layer reads are concatenated, in index order,
 *   into the block output, always followed by a 1x1 conv to the stage width. The block input
 *   is never part of the output concat (layer 1 always reads it anyway).
 * - add of operands with different channel counts projects the narrower one with a 1x1 conv to
 *   the wider count (a ResNet projection shortcut); the sum has the wider count.
 * - FLOPs are multiply-accumulates (MACs) of convolutions only, bias-free (BN follows):
 *   H * W * k * k * Cin * Cout per conv, incl. add projections and the output 1x1 conv. ReLU, BN,
 *   pooling, add and concat count 0 (elementwise, memory-bound; third-party BlockQNN code counts
 *   convs only as well). Every conv keeps H x W (stride 1, SAME).
 * - Density = edges / nodes of the DAG drawn by `describeBlock`: nodes are the input, every layer
 *   (not the terminal) and the output concat; edges are the predecessor edges (1 per
 *   single-input layer, 2 per add/concat) and one per unconsumed output into the output node.
 */
import {
  NSC_TYPE,
  nscString,
  nscStructureError,
  parseNsc,
  type Block,
  type Nsc,
  type NscType,
} from './blockNsc';

export {
  NSC_TYPE,
  blockLayers,
  blockString,
  nscString,
  parseBlockString,
  parseNsc,
  predecessors,
  unconsumedOutputs,
  type Block,
  type Nsc,
  type NscType,
} from './blockNsc';
export { blockDensity, describeBlock, type BlockEdge, type BlockNode, type BlockNodeKind } from './blockDag';
export {
  blockCosts,
  blockFlops,
  networkFlops,
  networkStages,
  type BlockGeometry,
  type BlockNetworkConfig,
  type LayerCost,
  type StagePlan,
} from './blockCost';

/** Which layers and kernels the space offers. */
export interface BlockSpaceConfig {
  /** Layers a block may hold before the terminal is forced (T; third-party code: 10). */
  maxDepth: number;
  /** Kernel sides (pixels) offered to conv layers. */
  convKernels: number[];
  /** Kernel sides (pixels) offered to max pooling layers. */
  maxPoolKernels: number[];
  /** Kernel sides (pixels) offered to average pooling layers. */
  avgPoolKernels: number[];
}

/** A Q-learning state: the NSC just added (`null` before the first layer); depth = its index. */
export interface BlockState {
  readonly depth: number;
  readonly last: Nsc | null;
}

/** Canonical string of the state before any layer. */
export const START_STATE = 'start';
/** Canonical string of the state reached by the terminal NSC. */
export const TERMINAL_STATE = 'T';

/** The state before any layer. */
export function initialState(): BlockState {
  return { depth: 0, last: null };
}

/** Canonical state string: `start`, or the NSC string of the last layer, e.g. `(2,1,3,1,0)`. */
export function stateKey(s: BlockState): string {
  return s.last ? nscString(s.last) : START_STATE;
}

/** Inverse of `stateKey`; throws an Error on a malformed key or on the terminal state `T`. */
export function parseStateKey(key: string): BlockState {
  if (key === START_STATE) return initialState();
  if (key === TERMINAL_STATE) throw new Error('State "T" is the terminal state: it has no NSC');
  const last = parseNsc(key);
  if (last.type === NSC_TYPE.terminal) throw new Error(`Bad state "${key}": a terminal NSC leads to state T`);
  const error = nscStructureError(last, last.index);
  if (error) throw new Error(`Bad state "${key}": ${error}`);
  if (last.index < 1) throw new Error(`Bad state "${key}": layer indices start at 1`);
  return { depth: last.index, last };
}

/** Canonical action string: the NSC it adds, e.g. `(3,5,0,0,2)`; the terminal is `(n,7,0,0,0)`. */
export function actionKey(a: Nsc): string {
  return nscString(a);
}

/** The state after adding the layer `nsc` (not the terminal): the state is that NSC. */
export function stateAfter(nsc: Nsc): BlockState {
  return { depth: nsc.index, last: nsc };
}

/**
 * Legal next NSCs from `state` (index depth + 1), in a fixed order: conv, max pool, avg pool
 * (each by kernel in config order, then pred1), identity, add, concat (by pred1, then pred2),
 * terminal. Predecessors are 0..depth; add/concat need pred1 < pred2; the terminal is legal
 * once the block has a layer; at depth `maxDepth` only the terminal is. Depends on the depth alone.
 */
export function legalActions(state: BlockState, cfg: BlockSpaceConfig): Nsc[] {
  if (!(cfg.maxDepth >= 1)) throw new Error(`maxDepth must be at least 1, got ${cfg.maxDepth}`);
  const index = state.depth + 1;
  const terminal: Nsc = { index, type: NSC_TYPE.terminal, kernel: 0, pred1: 0, pred2: 0 };
  if (state.depth >= cfg.maxDepth) return [terminal];
  const actions: Nsc[] = [];
  const single = (type: NscType, kernels: readonly number[]): void => {
    for (const kernel of kernels) {
      for (let pred1 = 0; pred1 < index; pred1++) actions.push({ index, type, kernel, pred1, pred2: 0 });
    }
  };
  single(NSC_TYPE.conv, cfg.convKernels);
  single(NSC_TYPE.maxPool, cfg.maxPoolKernels);
  single(NSC_TYPE.avgPool, cfg.avgPoolKernels);
  single(NSC_TYPE.identity, [0]);
  for (const type of [NSC_TYPE.add, NSC_TYPE.concat]) {
    for (let pred1 = 0; pred1 < index; pred1++) {
      for (let pred2 = pred1 + 1; pred2 < index; pred2++)
        actions.push({ index, type, kernel: 0, pred1, pred2 });
    }
  }
  if (state.depth >= 1) actions.push(terminal);
  return actions;
}

/** One step of a block as the Q-learner sees it: canonical strings only. */
export interface BlockTransition {
  state: string;
  action: string;
  /** State reached: the action's NSC string, or `T` after the terminal. */
  nextState: string;
}

/** The (state, action, next state) steps that build `block`, the terminal step last. */
export function trajectoryOf(block: Block): BlockTransition[] {
  let state = initialState();
  return block.map((nsc) => {
    const step = {
      state: stateKey(state),
      action: actionKey(nsc),
      nextState: nsc.type === NSC_TYPE.terminal ? TERMINAL_STATE : nscString(nsc),
    };
    if (nsc.type !== NSC_TYPE.terminal) state = stateAfter(nsc);
    return step;
  });
}

/**
 * Why `block` is not a legal block of the space `cfg` (structure, kernels in the config lists,
 * depth limit), naming the first offending NSC; null when it is legal.
 */
export function blockLegalityError(block: Block, cfg: BlockSpaceConfig): string | null {
  let state = initialState();
  for (const nsc of block) {
    const key = nscString(nsc);
    if (!legalActions(state, cfg).some((a) => nscString(a) === key)) {
      const structural = nscStructureError(nsc, state.depth + 1);
      if (structural) return structural;
      if (nsc.type === NSC_TYPE.terminal)
        return `NSC ${key}: a block needs at least one layer before the terminal`;
      if (state.depth >= cfg.maxDepth)
        return `NSC ${key}: the block already has maxDepth = ${cfg.maxDepth} layers`;
      return `NSC ${key}: kernel ${nsc.kernel} is not offered for this layer type`;
    }
    if (nsc.type === NSC_TYPE.terminal) {
      return nsc === block[block.length - 1] ? null : `NSC ${key}: the terminal must be the last NSC`;
    }
    state = stateAfter(nsc);
  }
  return 'the block must end with the terminal NSC (type 7)';
}
