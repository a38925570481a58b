/**
 * Mutations of a `layers` architecture for evolution (SPEC §6): change one parameter of one
 * layer, insert a layer or remove one. Only mutations whose result is legal (reachable by
 * `legalActions` from the start state) and differs from the parent are ever chosen.
 * Pure module: no DOM, React or tfjs.
 */
import type { Layer, LayersArchitecture } from '../architecture';
import type { MetaQnnConfig } from '../strategies/metaqnn/config';
import { formatMessage, message, type Message } from '../message';
import type { Rng } from '../rng';
import { actionKey, applyLayer, initialState, legalActions, type LayersPosition } from './layers';

/** What a mutation does. */
export type LayersMutationKind = 'change' | 'insert' | 'remove';

/** One mutation; `index` is 0-based into the parent's layers (into the child's for `insert`). */
export type LayersMutation =
  | { kind: 'change'; index: number; from: Layer; to: Layer }
  | { kind: 'insert'; index: number; layer: Layer }
  | { kind: 'remove'; index: number; layer: Layer };

/** A mutated architecture with the mutation that made it and its description in words. */
export interface MutationResult {
  readonly arch: LayersArchitecture;
  readonly mutation: LayersMutation;
  /** E.g. `changed layer 2 C(8,3,1) -> C(16,3,1)` (layers numbered from 1). */
  readonly description: string;
  /** The same as a message (src/nas/message.ts), for the UI's language. */
  readonly descriptionMessage: Message;
}

/** Mutation kinds in the order they are listed and drawn. */
export const MUTATION_KINDS: readonly LayersMutationKind[] = ['change', 'insert', 'remove'];

/** True when every layer of `arch` is a legal action from the state its prefix reaches. */
export function isLegal(arch: LayersArchitecture, cfg: MetaQnnConfig, imageSize: number): boolean {
  let pos: LayersPosition = { state: initialState(imageSize), r: imageSize };
  for (const layer of arch.layers) {
    const key = actionKey(layer);
    if (!legalActions(pos.state, cfg).some((a) => actionKey(a) === key)) return false;
    pos = applyLayer(pos, layer);
  }
  return true;
}

/** Every layer the config can produce: convs (by size, then filters), pools, FCs, GAP. */
export function layerVocabulary(cfg: MetaQnnConfig): Layer[] {
  const layers: Layer[] = [];
  for (const size of cfg.convSizes) {
    for (const filters of cfg.convFilters) layers.push({ kind: 'conv', filters, size, stride: 1 });
  }
  for (const [size, stride] of cfg.poolOptions) layers.push({ kind: 'pool', size, stride });
  for (const units of cfg.fcWidths) layers.push({ kind: 'fc', units });
  layers.push({ kind: 'gap' });
  return layers;
}

/** Layers that differ from `layer` in exactly one parameter (a pool's (size, stride) pair counts as one). */
function oneParameterChanges(layer: Layer, cfg: MetaQnnConfig): Layer[] {
  switch (layer.kind) {
    case 'conv':
      return [
        ...cfg.convFilters
          .filter((filters) => filters !== layer.filters)
          .map((filters): Layer => ({ ...layer, filters })),
        ...cfg.convSizes.filter((size) => size !== layer.size).map((size): Layer => ({ ...layer, size })),
      ];
    case 'pool':
      return cfg.poolOptions
        .filter(([size, stride]) => size !== layer.size || stride !== layer.stride)
        .map(([size, stride]): Layer => ({ kind: 'pool', size, stride }));
    case 'fc':
      return cfg.fcWidths
        .filter((units) => units !== layer.units)
        .map((units): Layer => ({ kind: 'fc', units }));
    case 'gap':
      return [];
  }
}

/** The child of `parent` under `mutation` (legality is not checked). */
export function applyMutation(parent: LayersArchitecture, mutation: LayersMutation): LayersArchitecture {
  const layers = [...parent.layers];
  switch (mutation.kind) {
    case 'change':
      layers[mutation.index] = mutation.to;
      break;
    case 'insert':
      layers.splice(mutation.index, 0, mutation.layer);
      break;
    case 'remove':
      layers.splice(mutation.index, 1);
      break;
  }
  return { layers, classes: parent.classes };
}

/** The mutation in words, layers numbered from 1: `changed layer 2 C(8,3,1) -> C(16,3,1)`. */
export function describeMutation(mutation: LayersMutation): string {
  return formatMessage(mutationMessage(mutation));
}

/** The mutation as a message (src/nas/message.ts), for the UI's language; layer tokens are data. */
export function mutationMessage(mutation: LayersMutation): Message {
  const n = mutation.index + 1;
  switch (mutation.kind) {
    case 'change':
      return message('mutation.changedLayer', {
        n,
        from: actionKey(mutation.from),
        to: actionKey(mutation.to),
      });
    case 'insert':
      return message('mutation.insertedLayer', { n, layer: actionKey(mutation.layer) });
    case 'remove':
      return message('mutation.removedLayer', { n, layer: actionKey(mutation.layer) });
  }
}

/** Every candidate mutation of `parent`, legal or not, in a fixed order. */
function candidateMutations(parent: LayersArchitecture, cfg: MetaQnnConfig): LayersMutation[] {
  const mutations: LayersMutation[] = [];
  parent.layers.forEach((from, index) => {
    for (const to of oneParameterChanges(from, cfg)) mutations.push({ kind: 'change', index, from, to });
  });
  const vocabulary = layerVocabulary(cfg);
  for (let index = 0; index <= parent.layers.length; index++) {
    for (const layer of vocabulary) mutations.push({ kind: 'insert', index, layer });
  }
  parent.layers.forEach((layer, index) => mutations.push({ kind: 'remove', index, layer }));
  return mutations;
}

/** Every mutation of `parent` whose child is legal, grouped by kind in `MUTATION_KINDS` order. */
export function legalMutations(
  parent: LayersArchitecture,
  cfg: MetaQnnConfig,
  imageSize: number,
): MutationResult[] {
  return candidateMutations(parent, cfg).flatMap((mutation) => {
    const arch = applyMutation(parent, mutation);
    if (!isLegal(arch, cfg, imageSize)) return [];
    const descriptionMessage = mutationMessage(mutation);
    return [{ arch, mutation, description: formatMessage(descriptionMessage), descriptionMessage }];
  });
}

/**
 * One random legal mutation of `parent`: a kind drawn uniformly among the kinds that have a legal
 * result, then a mutation of that kind drawn uniformly. The child always differs from the parent
 * (every candidate changes a parameter or the length). Null when no mutation is legal, which
 * happens only in a space of a single architecture: since terminate is always legal, removing the
 * last layer or adding a first one is legal whenever the space has two architectures or more.
 */
export function mutateLayers(
  parent: LayersArchitecture,
  cfg: MetaQnnConfig,
  imageSize: number,
  rng: Rng,
): MutationResult | null {
  const legal = legalMutations(parent, cfg, imageSize);
  const kinds = MUTATION_KINDS.filter((kind) => legal.some((m) => m.mutation.kind === kind));
  if (kinds.length === 0) return null;
  const kind = rng.pick(kinds);
  return rng.pick(legal.filter((m) => m.mutation.kind === kind));
}
