/**
 * The WGSL kernels a network will compile, found without touching the GPU: the network is built
 * on an engine whose device only records shader modules. Its buffers are placeholders; nothing
 * is written, compiled, bound or run. Used to compile the next architecture's pipelines ahead
 * (engineTrainer.ts, compileAhead).
 */
import { GpuEngine } from './engine';

export interface Shader {
  label: string;
  code: string;
}

const refuse = (): never => {
  throw new Error('a recording engine builds networks; it runs nothing');
};

/** A GPUDevice stand-in for building networks dry: it keeps every shader's code, once. */
function recordingDevice(shaders: Map<string, string>): GPUDevice {
  const device = {
    createBuffer: (d: GPUBufferDescriptor) => ({ size: d.size, usage: d.usage, destroy: () => {} }),
    createShaderModule: (d: GPUShaderModuleDescriptor) => {
      if (!shaders.has(d.code)) shaders.set(d.code, d.label ?? '');
      return {};
    },
    createComputePipeline: () => ({ getBindGroupLayout: () => ({}) }),
    createBindGroup: () => ({}),
    queue: { writeBuffer: () => {}, submit: refuse },
    createCommandEncoder: refuse,
  };
  return device as unknown as GPUDevice;
}

/**
 * Runs `build` (which builds networks on the engine it is given) on a recording engine and
 * returns the distinct shaders it recorded, in the order first seen.
 */
export function recordShaders(build: (engine: GpuEngine) => void): Shader[] {
  const shaders = new Map<string, string>();
  build(new GpuEngine(recordingDevice(shaders), 'recording'));
  return [...shaders].map(([code, label]) => ({ label, code }));
}
