/**
 * Which path trains the models on this machine: a per-browser setting, not part of a run's
 * config (a run's results do not depend on it beyond float rounding; each result records what
 * trained it). `auto` picks what measured fastest here (issue #22): on a real GPU, tfjs on WebGPU
 * and the run's own training path; on a software adapter (the GPU emulated on the CPU, e.g.
 * SwiftShader), tfjs on WebGL and the models our engine can train on the engine, because on the
 * 2-core VM with SwiftShader the class MetaQNN run's first two models took 304 s on tfjs WebGPU,
 * 109 s on tfjs WebGL and 79 s on the engine (docs/benchmarks.md, "Training paths without a GPU").
 * The other values force one path. Pure module: no DOM, React or tfjs.
 */
import type { BackendName } from '../worker/protocol';

export const COMPUTE_PREFERENCES = ['auto', 'engine', 'webgpu', 'webgl', 'cpu'] as const;
export type ComputePreference = (typeof COMPUTE_PREFERENCES)[number];

export function isComputePreference(value: unknown): value is ComputePreference {
  return typeof value === 'string' && (COMPUTE_PREFERENCES as readonly string[]).includes(value);
}

/** How the worker sets itself up for a preference. */
export interface ComputePlan {
  /** tfjs backends to try, best first (the first that initialises is used). */
  order: BackendName[];
  /** Models the engine can train go to the engine, whatever the run's `trainingPath`. */
  engine: boolean;
  /** Auto chose this because the WebGPU adapter is a software one. */
  autoSoftware: boolean;
}

/**
 * The plan for `preference`, given what the WebGPU adapter is: `'software'`, `'hardware'`, or
 * `'none'` (no WebGPU, or no adapter). A forced backend is tried first, the others after it in the
 * usual order, so a browser without it still trains (the header says why).
 */
export function computePlan(
  preference: ComputePreference,
  adapter: 'software' | 'hardware' | 'none',
): ComputePlan {
  const usual: BackendName[] = ['webgpu', 'webgl', 'cpu'];
  const first = (name: BackendName): BackendName[] => [name, ...usual.filter((b) => b !== name)];
  switch (preference) {
    case 'webgpu':
    case 'webgl':
      return { order: first(preference), engine: false, autoSoftware: false };
    case 'cpu':
      return { order: ['cpu'], engine: false, autoSoftware: false };
    case 'engine':
      // What the engine cannot train goes to tfjs on the backend auto would pick; without
      // WebGPU each model says why it trained on tfjs instead (as `trainingPath: 'engine'`).
      return { ...computePlan('auto', adapter), engine: true };
    case 'auto':
      if (adapter === 'software') return { order: first('webgl'), engine: true, autoSoftware: true };
      return { order: usual, engine: false, autoSoftware: false };
  }
}
