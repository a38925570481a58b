/**
 * Network Structure Codes of the BlockQNN block space (block.ts): the NSC type codes, canonical
 * strings, parsing with structure checks, and the predecessor wiring of a block's layers.
 * Pure module: no DOM, React or tfjs (enforced by lint).
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
export function nscStructureError(n: Nsc, index: number): string | null {
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
