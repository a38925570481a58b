/**
 * Search spaces whose architectures are token sequences, one outcome per decision step of a
 * `TokenSpec` (src/nas/reinforce.ts): the NAS-RL layers (SPEC §4), the NASNet cells (SPEC §4) and
 * NAS-Bench-201's cell. Every token sequence is legal in them, so the REINFORCE controller samples
 * them, random search draws each token uniformly and evolution changes one token.
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from './architecture';
import { datasetClasses, type RunConfig } from './config';
import { formatMessage, message, type Message } from './message';
import { buildTokenSpec, decodeTokens, type DecisionStep, type TokenSpec } from './reinforce';
import type { Rng } from './rng';
import { findSpace } from './strategies/registry';
import {
  DEFAULT_CELL_OPS,
  cellPairString,
  cellTokenSpec,
  decodeCellTokens,
  encodeCellTokens,
  mutateCellPair,
  type CellSpaceConfig,
} from './spaces/cell';
import { nasrlString } from './spaces/nasrlGraph';
import { NB201_EDGES, NB201_OPS, cellString, opLabel, type Nb201Cell, type Nb201Op } from './spaces/nb201';

/** A space of token sequences and how a sequence becomes an architecture. */
export interface TokenSpace {
  readonly spec: TokenSpec;
  /** The architecture of `tokens` and its canonical string. */
  decode(tokens: readonly number[]): { arch: Architecture; net: string };
  /** A mutation of step `step` from outcome `from` to `to`, in words. */
  describe(step: number, from: number, to: number): string;
  /** The same as a message (src/nas/message.ts), for the UI's language. */
  describeMessage(step: number, from: number, to: number): Message;
  /** The space's own mutation (NASNet cells: hidden-state or op); one changed token otherwise. */
  readonly mutate?: (
    tokens: readonly number[],
    rng: Rng,
  ) => { tokens: number[]; description: string; descriptionMessage: Message };
}

/** Label of outcome `token` of a step: its `labels` entry, else the value or yes/no. */
export function outcomeLabel(step: DecisionStep, token: number): string {
  const label = outcomeMessage(step, token);
  return typeof label === 'string' ? label : formatMessage(label);
}

/** The outcome's label as a message parameter: yes/no are words, values and labels are data. */
function outcomeMessage(step: DecisionStep, token: number): string | Message {
  if (step.kind === 'skip') return message(token === 1 ? 'mutation.yes' : 'mutation.no');
  return step.labels?.[token] ?? String(step.choices[token]);
}

/** A token space whose `describe` writes its `describeMessage` in English. */
function describedSpace(space: Omit<TokenSpace, 'describe'>): TokenSpace {
  return { ...space, describe: (t, from, to) => formatMessage(space.describeMessage(t, from, to)) };
}

/** The NAS-RL layers space of the config (SPEC §4). */
export function nasrlTokenSpace(config: RunConfig): TokenSpace {
  const cfg = config.nasrl;
  const fixedStride = cfg.strides.length === 1 && cfg.strides[0] === 1;
  const spec = buildTokenSpec({
    layers: cfg.layers,
    filterSizes: cfg.filterSizes,
    filterCounts: cfg.filterCounts,
    ...(fixedStride ? {} : { strides: cfg.strides }),
    skips: cfg.skips,
  });
  return describedSpace({
    spec,
    decode(tokens) {
      const layers = decodeTokens(spec, tokens);
      return { arch: { space: 'nasrl', network: { layers, classes: datasetClasses(config) } }, net: nasrlString(layers) };
    },
    describeMessage(t, from, to) {
      const step = spec.steps[t]!;
      const what =
        step.kind === 'skip'
          ? message('mutation.skipFrom', { layer: step.from + 1 })
          : message(`mutation.step.${step.name}`);
      return message('mutation.nasrlStep', {
        layer: step.layer + 1,
        what,
        from: outcomeMessage(step, from),
        to: outcomeMessage(step, to),
      });
    },
  });
}

/** NAS-Bench-201's cell: one op per edge, in the benchmark's edge order. */
export function nb201TokenSpace(): TokenSpace {
  const steps: DecisionStep[] = NB201_EDGES.map((_edge, layer) => ({
    kind: 'choice',
    layer,
    name: 'op',
    choices: NB201_OPS.map((_, i) => i),
    labels: NB201_OPS.map(opLabel),
  }));
  const spec: TokenSpec = { layers: NB201_EDGES.length, steps };
  return describedSpace({
    spec,
    decode(tokens) {
      const cell = tokens.map((t) => NB201_OPS[t] as Nb201Op) as unknown as Nb201Cell;
      return { arch: { space: 'nb201', cell }, net: cellString(cell) };
    },
    describeMessage(t, from, to) {
      const edge = NB201_EDGES[t]!;
      return message('mutation.nb201Edge', {
        from: edge.from,
        to: edge.to,
        fromOp: NB201_OPS[from]!,
        toOp: NB201_OPS[to]!,
      });
    },
  });
}

/** The NASNet cell space of the config (SPEC §4), with the browser-sized op list. */
export function cellSpaceConfig(config: RunConfig): CellSpaceConfig {
  return { blocks: config.cell.blocks, ops: DEFAULT_CELL_OPS };
}

/** The NASNet cells: 5 decisions per block, normal cell first (src/nas/spaces/cell.ts). */
export function cellTokenSpaceOf(config: RunConfig): TokenSpace {
  const cfg = cellSpaceConfig(config);
  const spec = cellTokenSpec(cfg);
  const { stacks, cellsPerStack, baseFilters } = config.cell;
  return describedSpace({
    spec,
    decode(tokens) {
      const cells = decodeCellTokens(cfg, tokens);
      const network = { stacks, cellsPerStack, baseFilters };
      return {
        arch: { space: 'cell', network: { cells, network, classes: datasetClasses(config) } },
        net: cellPairString(cells),
      };
    },
    describeMessage(t, from, to) {
      const step = spec.steps[t]!;
      return message('mutation.cellStep', {
        block: step.layer,
        what: message(`mutation.step.${step.kind === 'choice' ? step.name : 'skip'}`),
        from: outcomeMessage(step, from),
        to: outcomeMessage(step, to),
      });
    },
    // Real et al. 2019: a hidden-state or an op mutation, never the combine op.
    mutate(tokens, rng) {
      const child = mutateCellPair(cfg, decodeCellTokens(cfg, tokens), rng);
      return {
        tokens: encodeCellTokens(cfg, child.pair),
        description: child.description,
        descriptionMessage: child.descriptionMessage,
      };
    },
  });
}

/** The token space of the config's search space (as its registered definition gives it), or null. */
export function tokenSpaceOf(config: RunConfig): TokenSpace | null {
  return findSpace(config.space)?.tokenSpace?.(config) ?? null;
}
