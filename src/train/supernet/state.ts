/** Saving and restoring named tf.Variables as a `SupernetState` (plain data, no tensors). */
import * as tf from '@tensorflow/tfjs';
import type { SupernetState } from '../../nas/oneshot/trainer';
import { sizeOf } from './spec';

/** A variable of the state and its stable name. */
export type StateEntry = readonly [name: string, variable: tf.Variable];

/** Copies of the values of `entries`, in their order. */
export async function readState(entries: readonly StateEntry[]): Promise<SupernetState> {
  const tensors = await Promise.all(
    entries.map(async ([name, v]) => ({
      name,
      shape: [...v.shape],
      values: Float32Array.from(await v.data()),
    })),
  );
  return { tensors };
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * Assigns `state`'s values to `entries`. Checks everything first and throws, changing nothing,
 * when a name is missing or unknown, or a shape or a length does not match.
 */
export function writeState(entries: readonly StateEntry[], state: SupernetState): void {
  const saved = new Map(state.tensors.map((t) => [t.name, t]));
  if (saved.size !== state.tensors.length) throw new Error('The saved state names a variable twice');
  const known = new Set(entries.map(([name]) => name));
  const unknown = state.tensors.find((t) => !known.has(t.name));
  if (unknown)
    throw new Error(`The saved state has a variable "${unknown.name}" this supernet does not have`);
  for (const [name, v] of entries) {
    const t = saved.get(name);
    if (!t) throw new Error(`The saved state has no variable "${name}"`);
    if (!sameShape(t.shape, v.shape)) {
      throw new Error(
        `Variable "${name}" has shape [${v.shape.join(', ')}], the saved one [${t.shape.join(', ')}]`,
      );
    }
    if (t.values.length !== sizeOf(v.shape)) {
      throw new Error(
        `Variable "${name}" needs ${sizeOf(v.shape)} values, the saved state has ${t.values.length}`,
      );
    }
  }
  for (const [name, v] of entries) {
    const t = saved.get(name)!;
    tf.tidy(() => v.assign(tf.tensor(t.values, [...t.shape], 'float32')));
  }
}
