import { describe, expect, it } from 'vitest';
import { computePlan, isComputePreference } from './compute';

describe('computePlan', () => {
  it('auto keeps WebGPU first on a real GPU and where there is no WebGPU adapter', () => {
    expect(computePlan('auto', 'hardware')).toEqual({
      order: ['webgpu', 'webgl', 'cpu'],
      engine: false,
      autoSoftware: false,
    });
    expect(computePlan('auto', 'none')).toEqual({
      order: ['webgpu', 'webgl', 'cpu'],
      engine: false,
      autoSoftware: false,
    });
  });

  it('auto on a software adapter picks WebGL and the engine (measured fastest there)', () => {
    expect(computePlan('auto', 'software')).toEqual({
      order: ['webgl', 'webgpu', 'cpu'],
      engine: true,
      autoSoftware: true,
    });
  });

  it('a forced backend comes first, the others after it in the usual order', () => {
    for (const adapter of ['software', 'hardware', 'none'] as const) {
      expect(computePlan('webgpu', adapter).order).toEqual(['webgpu', 'webgl', 'cpu']);
      expect(computePlan('webgl', adapter).order).toEqual(['webgl', 'webgpu', 'cpu']);
      expect(computePlan('cpu', adapter).order).toEqual(['cpu']);
      expect(computePlan('webgpu', adapter).engine).toBe(false);
    }
  });

  it("'engine' always asks for the engine, tfjs on auto's backend for the rest", () => {
    expect(computePlan('engine', 'hardware')).toMatchObject({ order: ['webgpu', 'webgl', 'cpu'], engine: true });
    expect(computePlan('engine', 'software')).toMatchObject({ order: ['webgl', 'webgpu', 'cpu'], engine: true });
    expect(computePlan('engine', 'none').engine).toBe(true);
  });

  it('knows its values', () => {
    expect(isComputePreference('auto')).toBe(true);
    expect(isComputePreference('webgl')).toBe(true);
    expect(isComputePreference('gpu')).toBe(false);
    expect(isComputePreference(undefined)).toBe(false);
  });
});
