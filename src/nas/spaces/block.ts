/**
 * The BlockQNN `block` search space (SPEC §3, Zhong et al. 2018): a block is a DAG of layers
 * coded as Network Structure Codes (NSC), stacked into a network of stages. States, legal
 * actions, canonical strings, the DAG view, FLOPs and density of a block.
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

/** NSC type codes of SPEC §3, Table 1 of the paper. */
export const NSC_TYPE = {
  /** ReLU-Conv-BN, kernel 1, 3 or 5. */
  conv: 1,
  /** Max pooling, stride 1, SAME, kernel 1 or 3. */
  maxPool: 2,
  /** Average pooling, stride 1, SAME, kernel 1 or 3. */
  avgPool: 3,
  identity: 4,
  /** Elementwise add of two predecessors. */
  add: 5,
  /** Channel concatenation of two predecessors. */
  concat: 6,
  /** Ends the block. */
  terminal: 7,
} as const;

export type NscType = (typeof NSC_TYPE)[keyof typeof NSC_TYPE];

/** One Network Structure Code: layer `index` (1-based) of `type`, reading `pred1` (and `pred2`). */
export interface Nsc {
  readonly index: number;
  readonly type: NscType;
  /** Kernel side in pixels for conv and pooling; 0 for the other types. */
  readonly kernel: number;
  /** Index of the (first) predecessor; 0 is the block input. */
  readonly pred1: number;
  /** Second predecessor of add/concat (> pred1); 0 for single-input layers and the terminal. */
  readonly pred2: number;
}

/** A block: its NSCs in index order, the terminal NSC last. */
export type Block = readonly Nsc[];

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

/** How a block is stacked into a network (SPEC §3). */
export interface BlockNetworkConfig {
  /** Stages of blocks; consecutive stages are separated by a 2x2 stride-2 max pool. */
  stages: number;
  /** Blocks stacked per stage (N). */
  blocksPerStage: number;
  /** Stage width (channels) of the first stage; it doubles at every later stage. */
  baseWidth: number;
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

const isTwoInput = (type: NscType): boolean => type === NSC_TYPE.add || type === NSC_TYPE.concat;
const hasKernel = (type: NscType): boolean => type >= NSC_TYPE.conv && type <= NSC_TYPE.avgPool;

/** Canonical string of one NSC: `(index,type,kernel,pred1,pred2)`, e.g. `(2,1,3,1,0)`. */
export function nscString(n: Nsc): string {
  return `(${n.index},${n.type},${n.kernel},${n.pred1},${n.pred2})`;
}

/** Canonical block string: its NSC strings joined by one space, the terminal last. */
export function blockString(block: Block): string {
  return block.map(nscString).join(' ');
}

const NSC_RE = /^\((\d+),(\d+),(\d+),(\d+),(\d+)\)$/;

/** Parses one NSC token such as `(2,1,3,1,0)`; throws an Error on anything else. */
export function parseNsc(token: string): Nsc {
  const m = NSC_RE.exec(token.replace(/\s+/g, ''));
  if (!m)
    throw new Error(`"${token}" is not an NSC: expected (index,type,kernel,pred1,pred2), e.g. (2,1,3,1,0)`);
  const [index, type, kernel, pred1, pred2] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (type < 1 || type > 7) throw new Error(`NSC ${token}: type must be 1..7, got ${type}`);
  return { index, type: type as NscType, kernel, pred1, pred2 };
}

/** Why `n` cannot be layer `index` of a block (structure only, no config); null when it can. */
function nscStructureError(n: Nsc, index: number): string | null {
  const s = nscString(n);
  if (n.index !== index) return `NSC ${s} should have index ${index}: indices count 1, 2, 3, ... in order`;
  if (n.type === NSC_TYPE.terminal) {
    return n.kernel === 0 && n.pred1 === 0 && n.pred2 === 0
      ? null
      : `NSC ${s}: the terminal is written (${index},7,0,0,0)`;
  }
  if (hasKernel(n.type)) {
    if (n.kernel < 1 || n.kernel % 2 === 0) return `NSC ${s}: conv and pooling need a positive odd kernel`;
  } else if (n.kernel !== 0) {
    return `NSC ${s}: identity, add and concat have kernel 0`;
  }
  if (n.pred1 >= index || n.pred2 >= index) {
    return `NSC ${s}: predecessors must be earlier indices 0..${index - 1} (0 = block input)`;
  }
  if (isTwoInput(n.type)) {
    if (n.pred1 >= n.pred2) {
      return `NSC ${s}: add and concat take two distinct predecessors in ascending order (pred1 < pred2)`;
    }
  } else if (n.pred2 !== 0) {
    return `NSC ${s}: a single-input layer has pred2 = 0`;
  }
  return null;
}

/**
 * Inverse of `blockString`; throws an Error naming the bad NSC. Checks the structure (indices
 * in order, earlier predecessors, pred1 < pred2 for add/concat, kernels, one terminal, last),
 * not the config (kernel lists, depth limit): see `blockLegalityError`.
 */
export function parseBlockString(s: string): Nsc[] {
  // Tolerate spaces inside an NSC, e.g. "(1, 1, 3, 0, 0)".
  const tokens = s
    .trim()
    .replace(/\s*([(),])\s*/g, '$1')
    .split(/\s+|(?<=\))(?=\()/)
    .filter((t) => t !== '');
  if (tokens.length === 0) throw new Error('Empty block string: expected e.g. "(1,1,3,0,0) (2,7,0,0,0)"');
  const block = tokens.map((token, i) => {
    const n = parseNsc(token);
    const error = nscStructureError(n, i + 1);
    if (error) throw new Error(`Bad block "${s}": ${error}`);
    if (n.type === NSC_TYPE.terminal && i !== tokens.length - 1) {
      throw new Error(`Bad block "${s}": the terminal ${nscString(n)} must be the last NSC`);
    }
    return n;
  });
  const last = block[block.length - 1] as Nsc;
  if (last.type !== NSC_TYPE.terminal) {
    throw new Error(`Bad block "${s}": it must end with the terminal (${block.length + 1},7,0,0,0)`);
  }
  if (block.length === 1)
    throw new Error(`Bad block "${s}": a block needs at least one layer before the terminal`);
  return block;
}

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

/** The layers of `block` without the terminal. */
export function blockLayers(block: Block): Nsc[] {
  return block.filter((n) => n.type !== NSC_TYPE.terminal);
}

/** Predecessors a layer reads: [pred1] or, for add/concat, [pred1, pred2]. */
export function predecessors(n: Nsc): number[] {
  return isTwoInput(n.type) ? [n.pred1, n.pred2] : [n.pred1];
}

/** Indices of the layers whose output no later layer reads, ascending: the output concat's inputs. */
export function unconsumedOutputs(block: Block): number[] {
  const layers = blockLayers(block);
  const consumed = new Set(layers.flatMap(predecessors));
  return layers.map((n) => n.index).filter((i) => !consumed.has(i));
}

/** Node kinds of the block DAG view. */
export type BlockNodeKind =
  'input' | 'conv' | 'max-pool' | 'avg-pool' | 'identity' | 'add' | 'concat' | 'output';

/** One node of the block DAG view. */
export interface BlockNode {
  /** `input`, `output`, or the layer index as a string (`'1'`, `'2'`, ...). */
  id: string;
  /** Short label, e.g. `conv 3×3`. */
  label: string;
  kind: BlockNodeKind;
  /** One line for a tooltip: the NSC string and what the layer does. */
  detail: string;
}

export interface BlockEdge {
  from: string;
  to: string;
}

const nodeId = (index: number): string => (index === 0 ? 'input' : String(index));

function layerNode(n: Nsc): BlockNode {
  const id = nodeId(n.index);
  const code = nscString(n);
  const k = `${n.kernel}×${n.kernel}`;
  switch (n.type) {
    case NSC_TYPE.conv:
      return { id, label: `conv ${k}`, kind: 'conv', detail: `${code} ReLU-Conv-BN ${k}, stride 1` };
    case NSC_TYPE.maxPool:
      return { id, label: `max pool ${k}`, kind: 'max-pool', detail: `${code} max pooling ${k}, stride 1` };
    case NSC_TYPE.avgPool:
      return {
        id,
        label: `avg pool ${k}`,
        kind: 'avg-pool',
        detail: `${code} average pooling ${k}, stride 1`,
      };
    case NSC_TYPE.identity:
      return { id, label: 'identity', kind: 'identity', detail: `${code} identity` };
    case NSC_TYPE.add:
      return {
        id,
        label: 'add',
        kind: 'add',
        detail: `${code} elementwise add of ${n.pred1} and ${n.pred2}`,
      };
    case NSC_TYPE.concat:
      return { id, label: 'concat', kind: 'concat', detail: `${code} concat of ${n.pred1} and ${n.pred2}` };
    case NSC_TYPE.terminal:
      throw new Error(`The terminal ${code} is not a node of the block DAG`);
  }
}

/**
 * The block DAG for display: the input node, one node per layer (terminal excluded), the output
 * concat node (followed by the 1x1 conv to the stage width); an edge per predecessor read and
 * one per unconsumed output into the output node. Nodes in index order, input first.
 */
export function describeBlock(block: Block): { nodes: BlockNode[]; edges: BlockEdge[] } {
  const layers = blockLayers(block);
  const outputs = unconsumedOutputs(block);
  const nodes: BlockNode[] = [
    { id: 'input', label: 'input', kind: 'input', detail: 'block input (index 0)' },
    ...layers.map(layerNode),
    {
      id: 'output',
      label: 'concat + 1×1 conv',
      kind: 'output',
      detail: `concat of unconsumed outputs ${outputs.join(', ')}, then a 1×1 conv to the stage width`,
    },
  ];
  const edges: BlockEdge[] = [
    ...layers.flatMap((n) => predecessors(n).map((p) => ({ from: nodeId(p), to: nodeId(n.index) }))),
    ...outputs.map((i) => ({ from: nodeId(i), to: 'output' })),
  ];
  return { nodes, edges };
}

/** Density = edges / nodes of the `describeBlock` DAG (>= 2/3 for any block with a layer). */
export function blockDensity(block: Block): number {
  const { nodes, edges } = describeBlock(block);
  return edges.length / nodes.length;
}

/** Where a block sits in the network: feature-map size and channels. */
export interface BlockGeometry {
  /** Feature-map height, pixels (kept by every layer of the block). */
  height: number;
  /** Feature-map width, pixels. */
  width: number;
  /** Channels of the block input. */
  inChannels: number;
  /** Stage width: filters of every conv and of the output 1x1 conv (the block's output channels). */
  outChannels: number;
}

/** Channels and cost of one layer of a block at a given geometry. */
export interface LayerCost {
  index: number;
  /** Output channels of the layer. */
  channels: number;
  /** Multiply-accumulates of the layer (incl. an add's 1x1 projection). */
  flops: number;
  /** For an add of unequal widths: the predecessor projected by a 1x1 conv to `channels`. */
  projected?: number;
}

/**
 * Per-layer channels and MACs, then the output 1x1 conv: conv k*k*Cin*Cout*H*W, pools and
 * identity keep channels at 0 MACs, concat adds channels, add keeps the wider count and projects
 * the narrower operand (H*W*Cnarrow*Cwide MACs).
 */
export function blockCosts(
  block: Block,
  geometry: BlockGeometry,
): { layers: LayerCost[]; outputConcatChannels: number; outputFlops: number; flops: number } {
  const area = geometry.height * geometry.width;
  const channels = new Map<number, number>([[0, geometry.inChannels]]);
  const ch = (i: number): number => channels.get(i) as number;
  const layers = blockLayers(block).map((n): LayerCost => {
    let cost: LayerCost;
    switch (n.type) {
      case NSC_TYPE.conv:
        cost = {
          index: n.index,
          channels: geometry.outChannels,
          flops: area * n.kernel * n.kernel * ch(n.pred1) * geometry.outChannels,
        };
        break;
      case NSC_TYPE.add: {
        const [a, b] = [ch(n.pred1), ch(n.pred2)];
        cost = { index: n.index, channels: Math.max(a, b), flops: a === b ? 0 : area * a * b };
        if (a !== b) cost.projected = a < b ? n.pred1 : n.pred2;
        break;
      }
      case NSC_TYPE.concat:
        cost = { index: n.index, channels: ch(n.pred1) + ch(n.pred2), flops: 0 };
        break;
      default:
        cost = { index: n.index, channels: ch(n.pred1), flops: 0 };
    }
    channels.set(n.index, cost.channels);
    return cost;
  });
  const outputConcatChannels = unconsumedOutputs(block).reduce((sum, i) => sum + ch(i), 0);
  const outputFlops = area * outputConcatChannels * geometry.outChannels;
  const flops = layers.reduce((sum, l) => sum + l.flops, outputFlops);
  return { layers, outputConcatChannels, outputFlops, flops };
}

/** MACs of one block at `geometry` (see `blockCosts`). */
export function blockFlops(block: Block, geometry: BlockGeometry): number {
  return blockCosts(block, geometry).flops;
}

/** One stage of the network: `blocks` copies of the block at one feature-map size. */
export interface StagePlan {
  /** Feature-map side after the stage's entry reduction, pixels. */
  height: number;
  width: number;
  /** Input channels of the stage's first block (the previous stage's width, or the image's). */
  inChannels: number;
  /** Stage width: baseWidth * 2^stage. */
  outChannels: number;
  blocks: number;
}

/**
 * The stages of the network for an input of [height, width, channels]: stage s has width
 * baseWidth * 2^s and is entered through a 2x2 stride-2 max pool (SAME: ceil(side / 2)) for s > 0.
 * After the last stage: global average pooling and a dense softmax layer.
 */
export function networkStages(
  cfg: BlockNetworkConfig,
  input: readonly [number, number, number],
): StagePlan[] {
  const stages: StagePlan[] = [];
  let [height, width, inChannels] = input;
  for (let s = 0; s < cfg.stages; s++) {
    if (s > 0) {
      height = Math.ceil(height / 2);
      width = Math.ceil(width / 2);
    }
    const outChannels = cfg.baseWidth * 2 ** s;
    stages.push({ height, width, inChannels, outChannels, blocks: cfg.blocksPerStage });
    inChannels = outChannels;
  }
  return stages;
}

/**
 * MACs of the whole network built from `block`: every block of every stage (the first block of a
 * stage reads the previous width, the others the stage width) plus the classifier's dense layer
 * (last width * classes). Reductions and global pooling count 0.
 */
export function networkFlops(
  block: Block,
  cfg: BlockNetworkConfig,
  input: readonly [number, number, number],
  classes: number,
): number {
  let flops = 0;
  let lastWidth = input[2];
  for (const stage of networkStages(cfg, input)) {
    for (let b = 0; b < stage.blocks; b++) {
      flops += blockFlops(block, {
        height: stage.height,
        width: stage.width,
        inChannels: b === 0 ? stage.inChannels : stage.outChannels,
        outChannels: stage.outChannels,
      });
    }
    lastWidth = stage.outChannels;
  }
  return flops + lastWidth * classes;
}
