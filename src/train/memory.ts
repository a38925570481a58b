/** tfjs memory in the protocol's shape (GPU bytes when the backend reports them). */
import * as tf from '@tensorflow/tfjs';
import type { MemoryInfo } from '../worker/protocol';

export function memoryInfo(): MemoryInfo {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  const gpuBytes = m.numBytesInGPUAllocated ?? m.numBytesInGPU ?? null;
  return { numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes };
}
