/**
 * The MetaQNN `layers` search space (SPEC §2, Baker et al. 2017 Table 1 and §4.2): states,
 * legal actions, canonical strings and per-layer shapes of a chain of layers.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */
import type { MetaQnnConfig } from '../strategies/metaqnn/config';
import type { Layer, LayersArchitecture } from '../architecture';

/** Representation-size bin: the representative value of the bins (inf,8], (8,4], (4,1]. */
export type RSizeBin = 8 | 4 | 1;

/** A MetaQNN state [P Tab.1]: the last layer added and where the chain stands. */
export interface LayersState {
  /** Type of the last layer (`start` before any layer). */
  type: 'start' | 'conv' | 'pool' | 'fc' | 'gap';
  /** Layers added so far (0 at start). */
  depth: number;
  /** Receptive field of the last conv or pool layer, pixels (0 otherwise). */
  size: number;
  /** Stride of the last conv or pool layer (0 otherwise). */
  stride: number;
  /** Filters of the last conv layer or units of the last FC layer (0 otherwise). */
  width: number;
  /** Representation-size bin of the output of the last layer. */
  rBin: RSizeBin;
  /** Consecutive FC layers ending the chain. */
  fcCount: number;
}

/** Add a layer, or terminate with the softmax (`SM`). */
export type LayersAction = Layer | { kind: 'terminate' };

/** Canonical string of the state reached by terminating. */
export const TERMINAL_STATE = 'T';
/** Canonical string of the terminate action. */
export const TERMINATE_ACTION = 'SM';

/** Bin of a representation size R (reference code: R > 7 -> 8, 4..7 -> 4, <= 3 -> 1). */
export function rSizeBin(r: number): RSizeBin {
  if (r > 7) return 8;
  if (r >= 4) return 4;
  return 1;
}

/** The start state for square input images of `imageSize` pixels. */
export function initialState(imageSize: number): LayersState {
  return { type: 'start', depth: 0, size: 0, stride: 0, width: 0, rBin: rSizeBin(imageSize), fcCount: 0 };
}

/** Output side of a valid pooling layer: ceil((R - f + 1) / s). */
export function pooledSize(r: number, size: number, stride: number): number {
  return Math.ceil((r - size + 1) / stride);
}

/**
 * Legal actions from `state` (SPEC §2 action rules), in a fixed order: conv (by size, then
 * filters, in config order), pool, fc, gap, terminate. Depends on the state alone: the bin's
 * representative value stands for R.
 */
export function legalActions(state: LayersState, cfg: MetaQnnConfig): LayersAction[] {
  const actions: LayersAction[] = [];
  const { type, rBin } = state;
  if (state.depth < cfg.layerLimit && type !== 'gap') {
    if (type === 'start' || type === 'conv' || type === 'pool') {
      for (const size of cfg.convSizes) {
        if (size > rBin) continue;
        for (const filters of cfg.convFilters) actions.push({ kind: 'conv', filters, size, stride: 1 });
      }
    }
    if (type === 'conv') {
      for (const [size, stride] of cfg.poolOptions) {
        if (size <= rBin) actions.push({ kind: 'pool', size, stride });
      }
    }
    if ((type === 'start' || type === 'conv' || type === 'pool') && rBin <= 4 && cfg.maxFc >= 1) {
      for (const units of cfg.fcWidths) actions.push({ kind: 'fc', units });
    }
    if (type === 'fc' && state.fcCount < cfg.maxFc) {
      for (const units of cfg.fcWidths) if (units <= state.width) actions.push({ kind: 'fc', units });
    }
    if (type === 'conv' || type === 'pool') actions.push({ kind: 'gap' });
  }
  actions.push({ kind: 'terminate' });
  return actions;
}

/** Where a chain stands after a layer: its state and the actual representation size R. */
export interface LayersPosition {
  state: LayersState;
  /** Actual side of the output feature map, pixels (kept unchanged by FC and GAP). */
  r: number;
}

/** The position after adding `layer` at `pos` (the caller checks legality). */
export function applyLayer(pos: LayersPosition, layer: Layer): LayersPosition {
  const depth = pos.state.depth + 1;
  switch (layer.kind) {
    case 'conv':
      // SAME padding, stride 1: R unchanged.
      return {
        state: {
          type: 'conv',
          depth,
          size: layer.size,
          stride: 1,
          width: layer.filters,
          rBin: rSizeBin(pos.r),
          fcCount: 0,
        },
        r: pos.r,
      };
    case 'pool': {
      const r = pooledSize(pos.r, layer.size, layer.stride);
      return {
        state: {
          type: 'pool',
          depth,
          size: layer.size,
          stride: layer.stride,
          width: 0,
          rBin: rSizeBin(r),
          fcCount: 0,
        },
        r,
      };
    }
    case 'fc':
      return {
        state: {
          type: 'fc',
          depth,
          size: 0,
          stride: 0,
          width: layer.units,
          rBin: pos.state.rBin,
          fcCount: pos.state.type === 'fc' ? pos.state.fcCount + 1 : 1,
        },
        r: pos.r,
      };
    case 'gap':
      return {
        state: { type: 'gap', depth, size: 0, stride: 0, width: 0, rBin: pos.state.rBin, fcCount: 0 },
        r: pos.r,
      };
  }
}

function layerLabel(s: LayersState): string {
  switch (s.type) {
    case 'start':
      return 'start';
    case 'conv':
      return `C(${s.width},${s.size},${s.stride})`;
    case 'pool':
      return `P(${s.size},${s.stride})`;
    case 'fc':
      return `FC(${s.width})`;
    case 'gap':
      return 'GAP';
  }
}

/** Canonical state string `<depth>:<layer>|R<bin>|fc<count>`, e.g. `2:P(2,2)|R4|fc0`. */
export function stateKey(s: LayersState): string {
  return `${s.depth}:${layerLabel(s)}|R${s.rBin}|fc${s.fcCount}`;
}

/** Canonical action string: `C(d,f,1)`, `P(f,s)`, `FC(d)`, `GAP` or `SM`. */
export function actionKey(a: LayersAction): string {
  switch (a.kind) {
    case 'conv':
      return `C(${a.filters},${a.size},${a.stride})`;
    case 'pool':
      return `P(${a.size},${a.stride})`;
    case 'fc':
      return `FC(${a.units})`;
    case 'gap':
      return 'GAP';
    case 'terminate':
      return TERMINATE_ACTION;
  }
}

const INT = '(0|[1-9]\\d*)';
const CONV_RE = new RegExp(`^C\\(${INT},${INT},${INT}\\)$`);
const POOL_RE = new RegExp(`^P\\(${INT},${INT}\\)$`);
const FC_RE = new RegExp(`^FC\\(${INT}\\)$`);
const SM_RE = new RegExp(`^SM\\(${INT}\\)$`);
const STATE_RE = /^(\d+):([^|]+)\|R(\d+)\|fc(\d+)$/;

/** Parses one layer token (`C(d,f,1)`, `P(f,s)`, `FC(d)`, `GAP`); null when it is none of them. */
function parseLayerToken(token: string): Layer | null {
  let m = CONV_RE.exec(token);
  if (m) {
    if (Number(m[3]) !== 1) return null;
    return { kind: 'conv', filters: Number(m[1]), size: Number(m[2]), stride: 1 };
  }
  m = POOL_RE.exec(token);
  if (m) return { kind: 'pool', size: Number(m[1]), stride: Number(m[2]) };
  m = FC_RE.exec(token);
  if (m) return { kind: 'fc', units: Number(m[1]) };
  if (token === 'GAP') return { kind: 'gap' };
  return null;
}

/** Inverse of `stateKey`; throws an Error saying what is wrong with a malformed key. */
export function parseStateKey(key: string): LayersState {
  if (key === TERMINAL_STATE) throw new Error(`State "T" is the terminal state: it has no layer fields`);
  const m = STATE_RE.exec(key);
  if (!m)
    throw new Error(`Bad state "${key}": expected <depth>:<layer>|R<bin>|fc<count>, e.g. 0:start|R8|fc0`);
  const depth = Number(m[1]);
  const label = m[2] as string;
  const bin = Number(m[3]);
  const fcCount = Number(m[4]);
  if (bin !== 8 && bin !== 4 && bin !== 1)
    throw new Error(`Bad state "${key}": R bin must be 8, 4 or 1, got ${bin}`);
  const rBin = bin as RSizeBin;
  let state: LayersState;
  if (label === 'start') {
    state = { type: 'start', depth, size: 0, stride: 0, width: 0, rBin, fcCount };
  } else {
    const layer = parseLayerToken(label);
    if (!layer) throw new Error(`Bad state "${key}": unknown layer "${label}"`);
    switch (layer.kind) {
      case 'conv':
        state = { type: 'conv', depth, size: layer.size, stride: 1, width: layer.filters, rBin, fcCount };
        break;
      case 'pool':
        state = { type: 'pool', depth, size: layer.size, stride: layer.stride, width: 0, rBin, fcCount };
        break;
      case 'fc':
        state = { type: 'fc', depth, size: 0, stride: 0, width: layer.units, rBin, fcCount };
        break;
      case 'gap':
        state = { type: 'gap', depth, size: 0, stride: 0, width: 0, rBin, fcCount };
        break;
    }
  }
  if ((state.type === 'start') !== (depth === 0)) {
    throw new Error(`Bad state "${key}": depth 0 is the start state and only it`);
  }
  if ((state.type === 'fc') !== fcCount > 0) {
    throw new Error(`Bad state "${key}": fc count must be positive exactly after an FC layer`);
  }
  return state;
}

/** Canonical net string: the layers' action strings, then `SM(<classes>)`. */
export function netString(arch: LayersArchitecture): string {
  return [...arch.layers.map(actionKey), `SM(${arch.classes})`].join(' ');
}

/** Inverse of `netString`; throws an Error naming the bad token. Legality is not checked. */
export function parseNetString(s: string): LayersArchitecture {
  const tokens = s
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0)
    throw new Error('Empty net string: expected e.g. "C(32,3,1) P(2,2) FC(64) SM(10)"');
  const last = tokens[tokens.length - 1] as string;
  const sm = SM_RE.exec(last);
  if (!sm) throw new Error(`Bad net string "${s}": it must end with SM(<classes>), got "${last}"`);
  const classes = Number(sm[1]);
  if (classes < 1) throw new Error(`Bad net string "${s}": SM needs at least 1 class`);
  const layers = tokens.slice(0, -1).map((token, i) => {
    const layer = parseLayerToken(token);
    if (!layer)
      throw new Error(
        `Bad net string "${s}": token ${i + 1} "${token}" is not C(d,f,1), P(f,s), FC(d) or GAP`,
      );
    return layer;
  });
  return { layers, classes };
}

/** One step of a chain as the Q-learner sees it: canonical strings only. */
export interface LayersTransition {
  state: string;
  action: string;
  /** State reached (`T` after terminating). */
  nextState: string;
}

/** The (state, action, next state) steps that build `arch` from square images of `imageSize`. */
export function trajectoryOf(arch: LayersArchitecture, imageSize: number): LayersTransition[] {
  let pos: LayersPosition = { state: initialState(imageSize), r: imageSize };
  const steps: LayersTransition[] = [];
  for (const layer of arch.layers) {
    const next = applyLayer(pos, layer);
    steps.push({ state: stateKey(pos.state), action: actionKey(layer), nextState: stateKey(next.state) });
    pos = next;
  }
  steps.push({ state: stateKey(pos.state), action: TERMINATE_ACTION, nextState: TERMINAL_STATE });
  return steps;
}

/** Output shape and trainable parameters of one layer, for the DAG view. */
export interface LayerShape {
  /** Canonical token, e.g. `C(32,3,1)`; `Input` for the input. */
  label: string;
  kind: Layer['kind'] | 'input' | 'softmax';
  /** `[h, w, c]` for feature maps, `[units]` after flattening. */
  outputShape: number[];
  params: number;
}

const product = (xs: readonly number[]): number => xs.reduce((p, x) => p * x, 1);

/**
 * Per-layer output shapes and parameters: conv (SAME) f*f*cin*d + d, pool (valid) 0,
 * FC in*units + units, softmax in*classes + classes, GAP [h,w,c] -> [c]. A flatten is implied
 * before an FC or softmax that receives a feature map.
 */
export function describeArchitecture(
  arch: LayersArchitecture,
  input: [number, number, number],
): { layers: LayerShape[]; params: number } {
  const layers: LayerShape[] = [{ label: 'Input', kind: 'input', outputShape: [...input], params: 0 }];
  let shape: number[] = [...input];
  for (const layer of arch.layers) {
    const label = actionKey(layer);
    let params = 0;
    switch (layer.kind) {
      case 'conv': {
        if (shape.length !== 3)
          throw new Error(`${label} needs a feature map, got shape [${shape.join(',')}]`);
        const [h, w, c] = shape as [number, number, number];
        params = layer.size * layer.size * c * layer.filters + layer.filters;
        shape = [h, w, layer.filters];
        break;
      }
      case 'pool': {
        if (shape.length !== 3)
          throw new Error(`${label} needs a feature map, got shape [${shape.join(',')}]`);
        const [h, w, c] = shape as [number, number, number];
        shape = [pooledSize(h, layer.size, layer.stride), pooledSize(w, layer.size, layer.stride), c];
        break;
      }
      case 'fc': {
        const inputs = product(shape);
        params = inputs * layer.units + layer.units;
        shape = [layer.units];
        break;
      }
      case 'gap':
        if (shape.length !== 3) throw new Error(`GAP needs a feature map, got shape [${shape.join(',')}]`);
        shape = [shape[2] as number];
        break;
    }
    layers.push({ label, kind: layer.kind, outputShape: shape, params });
  }
  const inputs = product(shape);
  layers.push({
    label: `SM(${arch.classes})`,
    kind: 'softmax',
    outputShape: [arch.classes],
    params: inputs * arch.classes + arch.classes,
  });
  return { layers, params: layers.reduce((sum, l) => sum + l.params, 0) };
}
