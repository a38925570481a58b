/**
 * Architectures of the MetaQNN `layers` space (SPEC §2) and their canonical net strings.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */

/** One layer of a MetaQNN chain. Sizes in pixels, widths in channels/units. */
export type Layer =
  | { kind: 'conv'; filters: number; size: number; stride: 1 }
  | { kind: 'pool'; size: number; stride: number }
  | { kind: 'fc'; units: number }
  | { kind: 'gap' };

/** A chain of layers closed by a softmax over `classes` outputs. */
export interface LayersArchitecture {
  readonly layers: readonly Layer[];
  readonly classes: number;
}
