/**
 * Acquires a WebGPU device for the engine from `navigator.gpu` (a browser, a worker, or Node once
 * nodeDevice.ts has installed the `webgpu` package). Says why when there is none.
 */
import { GpuEngine } from './engine';

export type Acquired = { ok: true; engine: GpuEngine } | { ok: false; reason: string };

function describe(info: Partial<GPUAdapterInfo> | undefined): string {
  return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
}

/** A device with the adapter's own storage limits (the engine binds up to 8 storage buffers). */
export async function acquireEngine(
  gpu: GPU | undefined = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu,
): Promise<Acquired> {
  if (!gpu) return { ok: false, reason: 'no navigator.gpu (WebGPU is not available here)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return {
      ok: false,
      reason: `requestAdapter failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (!adapter) return { ok: false, reason: 'navigator.gpu.requestAdapter() returned null' };
  try {
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { ok: true, engine: new GpuEngine(device, describe(adapter.info)) };
  } catch (err) {
    return { ok: false, reason: `requestDevice failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
