/**
 * Acquires a WebGPU device for the engine from `navigator.gpu` (a browser, a worker, or Node once
 * nodeDevice.ts has installed the `webgpu` package). Says why when there is none.
 */
import { message, type Message } from '../nas/message';
import { GpuEngine } from './engine';

/** The engine, or why there is none (a message: the UI shows it in its language, formatMessage in English). */
export type Acquired = { ok: true; engine: GpuEngine } | { ok: false; reason: Message };

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function describe(info: Partial<GPUAdapterInfo> | undefined): string {
  return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
}

/** A device with the adapter's own storage limits (the engine binds up to 8 storage buffers). */
export async function acquireEngine(
  gpu: GPU | undefined = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu,
): Promise<Acquired> {
  if (!gpu) return { ok: false, reason: message('backend.noGpu') };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, reason: message('backend.requestAdapterFailed', { reason: errorText(err) }) };
  }
  if (!adapter) return { ok: false, reason: message('backend.noAdapter') };
  try {
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { ok: true, engine: new GpuEngine(device, describe(adapter.info)) };
  } catch (err) {
    return { ok: false, reason: message('backend.requestDeviceFailed', { reason: errorText(err) }) };
  }
}
